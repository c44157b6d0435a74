package osbackend

import (
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"

	"github.com/tempvfs/tempvfs/vfs"
)

// createAnonymous creates, through the root, a file with an unpredictable
// name in dir with FILE_FLAG_DELETE_ON_CLOSE (os.Root's files share
// delete access), then removes the name with a POSIX-semantics delete.
func (r *Root) createAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	base := filepath.Base(scratchName("."))
	f, err := r.root.OpenFile(filepath.Join(rel(dir), base), os.O_RDWR|os.O_CREATE|os.O_EXCL|windows.O_FILE_FLAG_DELETE_ON_CLOSE, perm)
	if err != nil {
		return nil, pathError("open", dir, err)
	}
	if err := posixDelete(f); err != nil {
		f.Close() // FILE_FLAG_DELETE_ON_CLOSE removes it
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	return newRootFile(f, filepath.Join(dir, base)), nil
}
