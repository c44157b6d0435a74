package sftpbackend

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"syscall"

	"github.com/pkg/sftp"

	"github.com/tempvfs/tempvfs/vfs"
)

// accMode is the part of an open flag that says how the file is opened.
const accMode = os.O_RDONLY | os.O_WRONLY | os.O_RDWR

// maxCreateTries bounds how often OpenFile with O_CREATE (and no O_EXCL)
// tries again when the name it found taken has gone by the time it opens
// it.
const maxCreateTries = 3

// Create creates or truncates the named file, with mode 0666 (before the
// umask) if it is new, opened for reading and writing, as [os.Create].
func (fsys *FS) Create(name string) (vfs.File, error) {
	return fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// Open opens the named file, or directory, for reading, as [os.Open].
func (fsys *FS) Open(name string) (vfs.File, error) {
	return fsys.OpenFile(name, os.O_RDONLY, 0)
}

// CreateExclusive creates the named file with mode perm (before the
// umask), opened for reading and writing, failing with an error matching
// [fs.ErrExist] if anything exists at name. It is OpenFile with
// O_RDWR|O_CREATE|O_EXCL, which OpenSSH's server passes to open(2): the
// server's kernel decides, atomically, and a symbolic link at name,
// dangling or not, is never followed.
func (fsys *FS) CreateExclusive(name string, perm fs.FileMode) (vfs.File, error) {
	return fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
}

// OpenFile opens the named file with the flag (O_RDONLY, O_WRONLY or
// O_RDWR, with O_APPEND, O_CREATE, O_EXCL and O_TRUNC) and, for a new
// file, the permission bits perm less the FS's umask, as [os.OpenFile].
// Other flags (O_SYNC) are not sent: SFTP has none.
//
// A new file gets its mode through its handle before OpenFile returns;
// until then it has the mode the server gives (see the package
// documentation, "Modes"). To know that a file is new, O_CREATE without
// O_EXCL first tries O_CREATE|O_EXCL and, when the name is taken, opens
// the existing file without O_CREATE; if that is gone by then, it tries
// again, a few times, and then opens with O_CREATE alone and leaves the
// mode to the server (the case of a dangling symbolic link, which open
// creates the target of). Errors are [*fs.PathError] with Op "open".
func (fsys *FS) OpenFile(name string, flag int, perm fs.FileMode) (vfs.File, error) {
	f, err := fsys.openFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (fsys *FS) openFile(name string, flag int, perm fs.FileMode) (*File, error) {
	p := remote(name)
	if flag&os.O_CREATE == 0 {
		sf, err := fsys.c.OpenFile(p, flag)
		if err != nil {
			return nil, pathErr("open", name, fsys.openErrno(p, flag, err))
		}
		return newFile(fsys, sf, name, flag), nil
	}
	if flag&os.O_EXCL != 0 {
		sf, err := fsys.create(p, flag, perm)
		if err != nil {
			if isFailure(err) {
				err = fsys.openErrno(p, flag, err)
			}
			return nil, pathErr("open", name, err)
		}
		return newFile(fsys, sf, name, flag), nil
	}
	for range maxCreateTries {
		sf, err := fsys.create(p, flag|os.O_EXCL, perm)
		if err == nil {
			return newFile(fsys, sf, name, flag), nil
		}
		if !isFailure(err) {
			return nil, pathErr("open", name, err)
		}
		// Most likely the name is taken (EEXIST); if not, the open
		// below, or the last one, meets the failure again and tells.
		sf, err = fsys.c.OpenFile(p, flag&^os.O_CREATE)
		if err == nil {
			return newFile(fsys, sf, name, flag), nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, pathErr("open", name, fsys.openErrno(p, flag, err))
		}
	}
	sf, err := fsys.c.OpenFile(p, flag)
	if err != nil {
		return nil, pathErr("open", name, fsys.openErrno(p, flag, err))
	}
	return newFile(fsys, sf, name, flag), nil
}

// create creates p with flag, which holds O_CREATE|O_EXCL, and gives it
// the mode perm less the umask through its handle. If that fails, it
// removes the file it made. An SSH_FX_FAILURE of the open is returned as
// it is, for the caller to tell apart.
func (fsys *FS) create(p string, flag int, perm fs.FileMode) (*sftp.File, error) {
	sf, err := fsys.c.OpenFile(p, flag)
	if err != nil {
		if isFailure(err) {
			return nil, err
		}
		return nil, fsys.openErrno(p, flag, err)
	}
	if err := sf.Chmod(perm & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky) &^ fsys.umask); err != nil {
		sf.Close()
		return nil, errors.Join(errno(err, syscall.EPERM), errno(fsys.c.Remove(p), syscall.EACCES))
	}
	return sf, nil
}

// openErrno returns the errno for err, from opening p with flag. An
// SSH_FX_FAILURE is EEXIST when O_CREATE|O_EXCL found the name taken,
// EISDIR when a directory was to be opened for writing, ENOSPC when the
// filesystem is full; the status itself when none of these is so.
func (fsys *FS) openErrno(p string, flag int, err error) error {
	if isBadMessage(err) {
		return nameErrno(err, p)
	}
	if !isFailure(err) {
		return errno(err, syscall.EACCES)
	}
	fi, lerr := fsys.c.Lstat(p)
	switch {
	case lerr == nil && flag&(os.O_CREATE|os.O_EXCL) == os.O_CREATE|os.O_EXCL:
		return syscall.EEXIST
	case lerr == nil && fi.IsDir() && flag&accMode != os.O_RDONLY:
		return syscall.EISDIR
	case flag&os.O_CREATE != 0 && fsys.full(path.Dir(p), true):
		return syscall.ENOSPC
	}
	return err
}
