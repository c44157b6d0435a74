//go:build !unix

package osbackend

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/tempvfs/tempvfs/vfs"
)

func (r *Root) createExclusive(name string, perm fs.FileMode) (vfs.File, error) {
	f, err := r.root.OpenFile(rel(name), os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, pathError("open", name, err)
	}
	return newRootFile(f, name), nil
}

// RemoveTree removes name and, if it is a directory (not a symbolic link
// to one), everything in it, following no symbolic link at any depth, even
// one swapped in while it runs. It opens the directory holding name
// through the root (a link on the way there is followed if it stays in the
// root) and removes the entry relative to that directory's descriptor as
// [FS.RemoveTree] does: directories are opened with O_NOFOLLOW relative to
// their parents, a directory lacking owner permissions gets them through
// its descriptor, and an entry swapped while it is removed is looked at
// again. A missing name is not an error. The root itself cannot be
// removed: "", "." and "/" give an [*fs.PathError] wrapping
// [fs.ErrInvalid]; remove the directory with [FS] after Close, or empty it
// entry by entry. On Windows, RemoveTree is os.Root's RemoveAll, which
// works relative to handles too but restores no permissions.
func (r *Root) RemoveTree(name string) error {
	rl := rel(name)
	if rl == "." {
		return &fs.PathError{Op: "RemoveAll", Path: name, Err: errRemoveRoot}
	}
	if err := r.root.RemoveAll(rl); err != nil {
		return pathError("RemoveAll", name, err)
	}
	return nil
}

var errNoDirSync = fmt.Errorf("%w: this system cannot sync a directory", errors.ErrUnsupported)

// SyncDir makes the entries of directory name durable: it opens the
// directory through the root and calls fsync(2) on it. On Windows it
// returns an error wrapping [errors.ErrUnsupported], as [FS.SyncDir] does.
func (r *Root) SyncDir(name string) error {
	if _, err := r.root.Stat(rel(name)); err != nil {
		return pathError("open", name, err)
	}
	return &fs.PathError{Op: "sync", Path: name, Err: errNoDirSync}
}

var errNoAnonymous = fmt.Errorf("%w: this system cannot remove an open file", errors.ErrUnsupported)

// CreateAnonymous creates a regular file in dir with no name, opened for
// reading and writing, with mode perm (before umask); its storage is
// freed when it is closed. The directory is opened through the root and
// the file made relative to its descriptor: on Linux with
// O_TMPFILE|O_EXCL, so that it can never be given a name; on other Unix
// systems, and where the filesystem refuses O_TMPFILE, with an
// unpredictable name that is unlinked at once. The File's Name is a path
// in dir that does not refer to it. On Windows it returns an error
// wrapping [errors.ErrUnsupported], as [FS.CreateAnonymous] does.
func (r *Root) CreateAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: dir, Err: errNoAnonymous}
}
