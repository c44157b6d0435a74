package sftpbackend

import (
	"io/fs"
	"math"
	"syscall"
	"time"

	"github.com/pkg/sftp"
)

// Stat returns a FileInfo describing the named file, following symbolic
// links, as [os.Stat]. Its Sys is the [*sftp.FileStat]; it carries no
// device or inode number, so [vfs.SameFile] cannot tell two files apart.
func (fsys *FS) Stat(name string) (fs.FileInfo, error) {
	p := remote(name)
	fi, err := fsys.c.Stat(p)
	if err != nil {
		return nil, pathErr("stat", name, pathErrno(err, syscall.EACCES, p))
	}
	return fi, nil
}

// Chmod sets the mode of the named file, following symbolic links, as
// [os.Chmod]: the permission, setuid, setgid and sticky bits.
func (fsys *FS) Chmod(name string, mode fs.FileMode) error {
	p := remote(name)
	if err := fsys.c.Chmod(p, mode); err != nil {
		return pathErr("chmod", name, pathErrno(err, syscall.EPERM, p))
	}
	return nil
}

// Chown sets the numeric owner and group of the named file, following
// symbolic links, as [os.Chown]: -1 leaves one as it is (which takes a
// Stat first, since SFTP sets both).
func (fsys *FS) Chown(name string, uid, gid int) error {
	p := remote(name)
	if uid == -1 || gid == -1 {
		fi, err := fsys.c.Stat(p)
		if err != nil {
			return pathErr("chown", name, pathErrno(err, syscall.EACCES, p))
		}
		uid, gid = keepOwner(fi, uid, gid)
	}
	if err := fsys.c.Chown(p, uid, gid); err != nil {
		return pathErr("chown", name, pathErrno(err, syscall.EPERM, p))
	}
	return nil
}

// keepOwner replaces a -1 uid or gid by fi's.
func keepOwner(fi fs.FileInfo, uid, gid int) (int, int) {
	if st, ok := fi.Sys().(*sftp.FileStat); ok {
		if uid == -1 {
			uid = int(st.UID)
		}
		if gid == -1 {
			gid = int(st.GID)
		}
	}
	return uid, gid
}

// Chtimes sets the access and modification times of the named file, as
// [os.Chtimes]: a zero time.Time leaves that time as it is (which takes a
// Stat first, since SFTP sets both). SFTP version 3 carries whole seconds
// from 1970 to 2106 as 32-bit numbers: a time is truncated to the second,
// and one outside that range gives EINVAL.
func (fsys *FS) Chtimes(name string, atime, mtime time.Time) error {
	p := remote(name)
	if atime.IsZero() || mtime.IsZero() {
		fi, err := fsys.c.Stat(p)
		if err != nil {
			return pathErr("chtimes", name, pathErrno(err, syscall.EACCES, p))
		}
		if st, ok := fi.Sys().(*sftp.FileStat); ok {
			if atime.IsZero() {
				atime = time.Unix(int64(st.Atime), 0)
			}
			if mtime.IsZero() {
				mtime = time.Unix(int64(st.Mtime), 0)
			}
		}
	}
	for _, t := range []time.Time{atime, mtime} {
		if s := t.Unix(); s < 0 || s > math.MaxUint32 {
			return pathErr("chtimes", name, syscall.EINVAL)
		}
	}
	if err := fsys.c.Chtimes(p, atime, mtime); err != nil {
		return pathErr("chtimes", name, pathErrno(err, syscall.EPERM, p))
	}
	return nil
}
