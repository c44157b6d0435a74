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

// SyncDir returns an [*fs.PathError] wrapping [errors.ErrUnsupported] for
// a name that exists in the root (and Stat's error for one that does
// not): on Windows a directory opened through os.Root cannot be flushed
// (FlushFileBuffers needs write access, which os.Root does not give a
// directory), and the other systems without Unix's fsync(2) have no
// directory sync. On Unix it opens the directory through the root and
// calls fsync(2).
func (r *Root) SyncDir(name string) error {
	if _, err := r.root.Stat(rel(name)); err != nil {
		return pathError("open", name, err)
	}
	return &fs.PathError{Op: "sync", Path: name, Err: errNoDirSync}
}

// CreateAnonymous creates a regular file in dir with no name, opened for
// reading and writing, with mode perm (before umask); its storage is
// freed when it is closed. The file is made through the root, with an
// unpredictable name: on Unix relative to the directory's descriptor,
// with O_TMPFILE|O_EXCL on Linux so that it can never be given a name,
// else removed at once; on Windows with FILE_FLAG_DELETE_ON_CLOSE and a
// POSIX-semantics delete of its name, as [FS.CreateAnonymous] does, and
// where that delete is refused the error wraps [errors.ErrUnsupported].
// The File's Name is a path in dir that does not refer to it.
func (r *Root) CreateAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	perm, err := createPerm("open", dir, perm)
	if err != nil {
		return nil, err
	}
	return r.createAnonymous(dir, perm)
}
