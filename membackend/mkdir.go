package membackend

import (
	"io/fs"
	"os"
	"syscall"
)

// Mkdir creates the directory name with the permission bits and sticky
// bit of perm, minus the umask, as [os.Mkdir].
func (fsys *FS) Mkdir(name string, perm fs.FileMode) error {
	l, errno := fsys.resolve(name, followNone)
	if errno == 0 && l.node != nil {
		errno = syscall.EEXIST
	}
	if errno == 0 {
		_, errno = fsys.link(l.dir, l.base, nil, func(now stamp) (*inode, syscall.Errno) {
			n := fsys.newInode(l.dir.dev, modeDir, perm&(fs.ModePerm|fs.ModeSticky)&^fsys.umask, now)
			n.nlink = 1
			return n, 0
		})
	}
	if errno != 0 {
		return pathErr("mkdir", name, errno)
	}
	return nil
}

// MkdirAll creates the directory name and any missing parents with the
// permission bits of perm (before the umask), as [os.MkdirAll]: it does
// nothing if name is already a directory.
func (fsys *FS) MkdirAll(name string, perm fs.FileMode) error {
	// The structure of os.MkdirAll, for the same results.
	if fi, err := fsys.Stat(name); err == nil {
		if fi.IsDir() {
			return nil
		}
		return pathErr("mkdir", name, syscall.ENOTDIR)
	}
	i := len(name) - 1
	for i >= 0 && os.IsPathSeparator(name[i]) {
		i--
	}
	for i >= 0 && !os.IsPathSeparator(name[i]) {
		i--
	}
	if i < 0 {
		i = 0
	}
	if parent := name[:i]; len(parent) > 0 {
		if err := fsys.MkdirAll(parent, perm); err != nil {
			return err
		}
	}
	err := fsys.Mkdir(name, perm)
	if err != nil {
		if fi, lerr := fsys.lstat("mkdir", name); lerr == nil && fi.IsDir() {
			return nil
		}
		return err
	}
	return nil
}
