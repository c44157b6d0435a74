package sftpbackend

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"syscall"
)

// Remove removes the named file or empty directory, as [os.Remove]: it
// asks the server to remove a file, and if that fails, a directory. A
// directory with entries gives ENOTEMPTY, a missing name ENOENT, in an
// [*fs.PathError] with Op "remove".
func (fsys *FS) Remove(name string) error {
	return fsys.remove(name, remote(name))
}

func (fsys *FS) remove(name, p string) error {
	// pkg/sftp's Remove sends SSH_FXP_REMOVE and, if that fails,
	// SSH_FXP_RMDIR, as os.Remove calls unlink and rmdir.
	err := fsys.c.Remove(p)
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case isBadMessage(err):
		return pathErr("remove", name, nameErrno(err, p))
	case isFailure(err):
		fi, lerr := fsys.c.Lstat(p)
		if lerr == nil && fi.IsDir() {
			if ents, rerr := fsys.c.ReadDir(p); rerr == nil && len(ents) > 0 {
				return pathErr("remove", name, syscall.ENOTEMPTY)
			}
		}
	}
	return pathErr("remove", name, errno(err, syscall.EACCES))
}

// RemoveAll removes name and, if it is a directory, everything in it, as
// [os.RemoveAll]: a symbolic link is removed, never followed; a missing
// name is not an error, nor is the empty name; a name ending in "." or
// ".." gives EINVAL. It walks the tree by name, listing each directory
// and removing its entries one by one, goes on past what it cannot
// remove, and returns the errors joined. The walk is by name, as SFTP
// allows no other, so a directory swapped for a link while the walk runs
// is followed; this is why an FS is no [vfs.RemoveTreeFS], and why
// tempfile's cleanup checks what it walks.
func (fsys *FS) RemoveAll(name string) error {
	if name == "" {
		return nil
	}
	if b := path.Base(remote(name)); b == "." || b == ".." {
		return pathErr("removeall", name, syscall.EINVAL)
	}
	p := remote(name)
	fi, err := fsys.c.Lstat(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return pathErr("lstat", name, errno(err, syscall.EACCES))
	}
	return fsys.removeAll(name, p, fi.IsDir())
}

func (fsys *FS) removeAll(name, p string, isDir bool) error {
	if !isDir {
		err := fsys.remove(name, p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	ents, err := fsys.c.ReadDir(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		// Remove what can be: an empty directory that cannot be listed.
		if rerr := fsys.remove(name, p); rerr == nil || errors.Is(rerr, fs.ErrNotExist) {
			return nil
		}
		return pathErr("open", name, errno(err, syscall.EACCES))
	}
	var errs []error
	for _, e := range ents {
		child := path.Join(p, e.Name())
		if err := fsys.removeAll(local(child), child, e.IsDir()); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := fsys.remove(name, p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
