package sftpbackend

import (
	"os"
	"syscall"
)

// SyncDir commits the entries of the directory name to stable storage:
// it opens the directory (OpenSSH's server open(2)s it read-only and
// hands back a file handle), asks the server to fsync(2) that handle
// (fsync@openssh.com), and closes it; three round trips. Without the
// extension it returns an [*fs.PathError] wrapping
// [errors.ErrUnsupported], which tempfile takes as a filesystem that
// cannot sync a directory. A server that refuses to open a directory as
// a file gives the error of that open.
func (fsys *FS) SyncDir(name string) error {
	if !fsys.fsync {
		return pathErr("sync", name, errNoExtension(extFsync))
	}
	p := remote(name)
	sf, err := fsys.c.OpenFile(p, os.O_RDONLY)
	if err != nil {
		return pathErr("open", name, fsys.openErrno(p, os.O_RDONLY, err))
	}
	err = sf.Sync()
	if cerr := sf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return pathErr("sync", name, errno(err, syscall.EACCES))
	}
	return nil
}
