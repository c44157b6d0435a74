package osbackend

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"

	"github.com/tempvfs/tempvfs/vfs"
)

var errOpenFileRemoval = fmt.Errorf("%w: Windows cannot remove an open file", errors.ErrUnsupported)

func createExclusive(name string, perm fs.FileMode) (*os.File, error) {
	// CREATE_NEW fails on any existing entry, a reparse point included.
	return os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
}

func createAnonymous(dir string, perm fs.FileMode) (*os.File, error) {
	return nil, &fs.PathError{Op: "open", Path: dir, Err: errOpenFileRemoval}
}

func createPublishable(dir string, perm fs.FileMode) (*os.File, error) {
	return nil, &fs.PathError{Op: "open", Path: dir, Err: errOpenFileRemoval}
}

func publish(f vfs.File, newname string) error {
	return &os.LinkError{Op: "link", Old: f.Name(), New: newname, Err: errOpenFileRemoval}
}

func renameNoReplace(oldname, newname string) error {
	from, err := windows.UTF16PtrFromString(oldname)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	to, err := windows.UTF16PtrFromString(newname)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	// Without MOVEFILE_REPLACE_EXISTING, MoveFileEx fails if newname exists.
	if err := windows.MoveFileEx(from, to, 0); err != nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	return nil
}

func syncDir(name string) error {
	return &fs.PathError{Op: "sync", Path: name, Err: fmt.Errorf("%w: Windows cannot sync a directory", errors.ErrUnsupported)}
}

func platformTempDirs() []string {
	var dirs []string
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "AppData", "Local", "Temp"))
	}
	if root := os.Getenv("SYSTEMROOT"); root != "" {
		dirs = append(dirs, filepath.Join(root, "Temp"))
	}
	return append(dirs, `C:\TEMP`, `C:\TMP`, `\TEMP`, `\TMP`)
}
