package sftpbackend

import (
	"errors"
	"io/fs"
	"path"
	"syscall"
)

// Mkdir creates the directory name with the permission bits perm less the
// FS's umask, as [os.Mkdir]. The server makes it with its own mode (SFTP
// as pkg/sftp speaks it sends none) and Mkdir then sets perm by name (see
// the package documentation, "Modes"); if that fails it removes the
// directory again. An existing name gives EEXIST, a missing parent
// ENOENT, in an [*fs.PathError] with Op "mkdir".
func (fsys *FS) Mkdir(name string, perm fs.FileMode) error {
	p := remote(name)
	if err := fsys.c.Mkdir(p); err != nil {
		return pathErr("mkdir", name, fsys.mkdirErrno(p, err))
	}
	if err := fsys.c.Chmod(p, perm&(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)&^fsys.umask); err != nil {
		return pathErr("mkdir", name, errors.Join(errno(err, syscall.EPERM), errno(fsys.c.RemoveDirectory(p), syscall.EACCES)))
	}
	return nil
}

// mkdirErrno returns the errno for err from mkdir of p: an SSH_FX_FAILURE
// is EEXIST when something is at p, ENOSPC on a full filesystem.
func (fsys *FS) mkdirErrno(p string, err error) error {
	if isBadMessage(err) {
		return nameErrno(err, p)
	}
	if !isFailure(err) {
		return errno(err, syscall.EACCES)
	}
	if _, lerr := fsys.c.Lstat(p); lerr == nil {
		return syscall.EEXIST
	}
	if fsys.full(path.Dir(p), true) {
		return syscall.ENOSPC
	}
	return err
}

// MkdirAll creates the directory name and any parents it lacks, each with
// perm less the umask, as [os.MkdirAll]: nil if name is a directory
// already, ENOTDIR if it is something else.
func (fsys *FS) MkdirAll(name string, perm fs.FileMode) error {
	fi, err := fsys.Stat(name)
	if err == nil {
		if fi.IsDir() {
			return nil
		}
		return pathErr("mkdir", name, syscall.ENOTDIR)
	}
	p := remote(name)
	if parent := path.Dir(p); parent != p && parent != "." {
		if err := fsys.MkdirAll(local(parent), perm); err != nil {
			return err
		}
	}
	if err := fsys.Mkdir(name, perm); err != nil {
		// Someone else made it meanwhile, or name ends in "." or "..".
		if fi, lerr := fsys.Lstat(name); lerr == nil && fi.IsDir() {
			return nil
		}
		return err
	}
	return nil
}
