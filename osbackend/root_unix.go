//go:build unix

package osbackend

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/vfs"
)

// openDir opens the directory rel (a name from rel) through the root,
// so that its descriptor is confined. O_DIRECTORY makes a FIFO planted
// there fail rather than block. The File is for the descriptor only: its
// Name is not a path the host can use, so it must not be read with
// ReadDir (whose entries look themselves up by name) or handed out.
func (r *Root) openDir(rel string) (*os.File, error) {
	if fd, ok, err := r.fast.open(rel, unix.O_RDONLY|unix.O_DIRECTORY, 0); ok {
		if err != nil {
			return nil, err
		}
		return os.NewFile(uintptr(fd), rel), nil
	}
	return r.root.OpenFile(rel, os.O_RDONLY|unix.O_DIRECTORY, 0)
}

// parent opens the directory that holds name's last element through the
// root and returns it with that element. The root itself has no parent
// in the root: for it, parent returns isRoot. A name that leads out of
// the root gets os.Root's error. Errors are to be wrapped by the caller.
func (r *Root) parent(name string, isRoot error) (*os.File, string, error) {
	rl := rel(name)
	dir, base := filepath.Dir(rl), filepath.Base(rl)
	switch base {
	case ".":
		return nil, "", isRoot
	case "..":
		// Only a name made of ".." elements ends so once cleaned: let
		// os.Root say how it leads out.
		_, err := r.root.Lstat(rl)
		if err == nil {
			err = syscall.EINVAL
		}
		return nil, "", err
	}
	d, err := r.openDir(dir)
	if err != nil {
		return nil, "", err
	}
	return d, base, nil
}

// createExclusive opens the new regular file directly (through openat2
// on Linux), so that the File is a plain *os.File, named by name, that
// Go's poller was not asked about; os.Root's files report the host's path.
func (r *Root) createExclusive(name string, perm fs.FileMode) (vfs.File, error) {
	const flag = os.O_RDWR | os.O_CREATE | os.O_EXCL | unix.O_NOFOLLOW
	rl := rel(name)
	if fd, ok, err := r.fast.open(rl, flag, perm); ok {
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return os.NewFile(uintptr(fd), name), nil
	}
	f, err := r.root.OpenFile(rl, flag, perm)
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
	const op = "RemoveAll"
	rl := rel(name)
	if rl == "." {
		return &fs.PathError{Op: op, Path: name, Err: errRemoveRoot}
	}
	if _, err := r.root.Lstat(rl); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return pathError(op, name, err)
	}
	d, base, err := r.parent(name, errRemoveRoot)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // gone since Lstat
		}
		return pathError(op, name, err)
	}
	defer d.Close()
	return removeTreeAt(d, base, name)
}

// SyncDir makes the entries of directory name durable: it opens the
// directory through the root and calls fsync(2) on it.
func (r *Root) SyncDir(name string) error {
	d, err := r.openDir(rel(name))
	if err != nil {
		return pathError("open", name, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return pathError("sync", name, err)
	}
	return nil
}

// withFd calls f with d's descriptor, keeping d open meanwhile.
func withFd(d *os.File, f func(fd int) error) error {
	rc, err := d.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = f(int(fd)) }); err != nil {
		return err
	}
	return ferr
}

// createUnlinkedAt creates a file with an unpredictable name in the
// directory d, which is dir in the root, and removes the name at once.
// The File is named by the name it had.
func createUnlinkedAt(d *os.File, dir string, perm fs.FileMode) (*os.File, error) {
	base := filepath.Base(scratchName("."))
	var f *os.File
	err := withFd(d, func(dfd int) error {
		fd, err := openAtMode(dfd, base, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW, perm)
		if err != nil {
			return err
		}
		f = os.NewFile(uintptr(fd), filepath.Join(dir, base))
		if err := unlinkOpen(f, dfd, base); err != nil {
			f = nil
			return err
		}
		return nil
	})
	return f, err
}

// openAtMode is openat(2) with O_CLOEXEC added, retried on EINTR.
func openAtMode(dfd int, name string, flag int, perm fs.FileMode) (int, error) {
	for {
		fd, err := unix.Openat(dfd, name, flag|unix.O_CLOEXEC, syscallMode(perm))
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// renameAt opens the directories that hold oldname and newname through
// the root and calls rename with their descriptors and the names' last
// elements, retrying on EINTR. Errors are [*os.LinkError].
func (r *Root) renameAt(oldname, newname string, rename func(ofd int, obase string, nfd int, nbase string) error) error {
	od, obase, err := r.parent(oldname, syscall.EBUSY)
	if err != nil {
		return linkError("rename", oldname, newname, err)
	}
	defer od.Close()
	nd, nbase, err := r.parent(newname, syscall.EEXIST)
	if err != nil {
		return linkError("rename", oldname, newname, err)
	}
	defer nd.Close()
	err = withFd(od, func(ofd int) error {
		return withFd(nd, func(nfd int) error {
			for {
				err := rename(ofd, obase, nfd, nbase)
				if err != unix.EINTR {
					return err
				}
			}
		})
	})
	if err != nil {
		return linkError("rename", oldname, newname, err)
	}
	return nil
}
