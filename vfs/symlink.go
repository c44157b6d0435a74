package vfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/afero"
)

// Lstat returns a FileInfo describing the named file without following a
// symbolic link at the final component, if fsys implements
// [afero.Lstater]; otherwise it returns fsys.Stat(name), which is the same
// on a filesystem without symbolic links.
func Lstat(fsys Fs, name string) (fs.FileInfo, error) {
	if fsys == nil {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: ErrNilFS}
	}
	if x, ok := fsys.(afero.Lstater); ok {
		fi, _, err := x.LstatIfPossible(name)
		return fi, err
	}
	return fsys.Stat(name)
}

// Symlink creates newname as a symbolic link to oldname. If fsys does not
// implement [afero.Linker] it returns an [*os.LinkError] wrapping
// [errors.ErrUnsupported].
func Symlink(fsys Fs, oldname, newname string) error {
	if fsys == nil {
		return &os.LinkError{Op: "symlink", Old: oldname, New: newname, Err: ErrNilFS}
	}
	if x, ok := fsys.(afero.Linker); ok {
		err := x.SymlinkIfPossible(oldname, newname)
		if errors.Is(err, afero.ErrNoSymlink) {
			return &os.LinkError{Op: "symlink", Old: oldname, New: newname, Err: fmt.Errorf("%w: %w", errors.ErrUnsupported, afero.ErrNoSymlink)}
		}
		return err
	}
	return &os.LinkError{Op: "symlink", Old: oldname, New: newname, Err: errors.ErrUnsupported}
}

// Readlink returns the destination of the named symbolic link. If fsys does
// not implement [afero.LinkReader] it returns an [*fs.PathError] wrapping
// [errors.ErrUnsupported].
func Readlink(fsys Fs, name string) (string, error) {
	if fsys == nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: ErrNilFS}
	}
	if x, ok := fsys.(afero.LinkReader); ok {
		s, err := x.ReadlinkIfPossible(name)
		if errors.Is(err, afero.ErrNoReadlink) {
			return "", &fs.PathError{Op: "readlink", Path: name, Err: fmt.Errorf("%w: %w", errors.ErrUnsupported, afero.ErrNoReadlink)}
		}
		return s, err
	}
	return "", &fs.PathError{Op: "readlink", Path: name, Err: errors.ErrUnsupported}
}
