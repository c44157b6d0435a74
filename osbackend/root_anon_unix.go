//go:build unix && !linux

package osbackend

import (
	"io/fs"

	"github.com/tempvfs/tempvfs/vfs"
)

// CreateAnonymous creates a regular file in dir with no name, opened for
// reading and writing, with mode perm (before umask); its storage is
// freed when it is closed. The directory is opened through the root and
// the file made relative to its descriptor: on Linux with
// O_TMPFILE|O_EXCL, so that it can never be given a name; on other Unix
// systems, and where the filesystem refuses O_TMPFILE, with an
// unpredictable name that is unlinked at once. The File's Name is a path
// in dir that does not refer to it. On Windows the file is made with
// FILE_FLAG_DELETE_ON_CLOSE and its name removed with a POSIX-semantics
// delete, as [FS.CreateAnonymous] does; where that delete is refused the
// error wraps [errors.ErrUnsupported].
func (r *Root) CreateAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	perm, err := createPerm("open", dir, perm)
	if err != nil {
		return nil, err
	}
	d, err := r.openDir(rel(dir))
	if err != nil {
		return nil, pathError("open", dir, err)
	}
	defer d.Close()
	f, err := createUnlinkedAt(d, dir, perm)
	if err != nil {
		return nil, pathError("open", dir, err)
	}
	return f, nil
}
