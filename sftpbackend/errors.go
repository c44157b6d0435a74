package sftpbackend

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/pkg/sftp"
)

// What reaches the client of OpenSSH's sftp-server is one of nine status
// codes, which the server picks from errno (sftp-common.c's
// errno_to_portable):
//
//	ENOENT, ENOTDIR, EBADF, ELOOP   SSH_FX_NO_SUCH_FILE       pkg/sftp: os.ErrNotExist
//	EPERM, EACCES, EFAULT           SSH_FX_PERMISSION_DENIED  pkg/sftp: os.ErrPermission
//	ENAMETOOLONG, EINVAL            SSH_FX_BAD_MESSAGE
//	ENOSYS                          SSH_FX_OP_UNSUPPORTED
//	anything else                   SSH_FX_FAILURE
//
// so EEXIST, ENOTEMPTY, EISDIR and ENOSPC all arrive as SSH_FX_FAILURE,
// and each operation that can meet them looks again (an Lstat, a
// listing, a statvfs) to tell which it was.

// errno returns the error that os would put in an [*fs.PathError] for
// err, an error of pkg/sftp: the errno where the status code names one,
// an error wrapping [errors.ErrUnsupported] for SSH_FX_OP_UNSUPPORTED,
// and err itself otherwise (SSH_FX_FAILURE that its caller could not
// tell apart, a lost connection, fs.ErrClosed). perm is the errno for a
// refused permission: EACCES for access to a name, EPERM for a change of
// its owner or mode, as the operating system tells them apart.
func errno(err error, perm syscall.Errno) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, os.ErrNotExist):
		return syscall.ENOENT
	case errors.Is(err, os.ErrPermission):
		return perm
	}
	switch code(err) {
	case sftp.ErrSSHFxBadMessage:
		return syscall.EINVAL
	case sftp.ErrSSHFxOpUnsupported:
		return fmt.Errorf("%w: %w", errors.ErrUnsupported, err)
	}
	return err
}

// code returns the status code of err, or ErrSSHFxOk if it carries none.
func code(err error) error {
	var se *sftp.StatusError
	if errors.As(err, &se) {
		return se.FxCode()
	}
	return sftp.ErrSSHFxOk
}

// isFailure reports whether err is SSH_FX_FAILURE, the status of every
// errno without a code of its own.
func isFailure(err error) bool { return code(err) == sftp.ErrSSHFxFailure }

// isBadMessage reports whether err is SSH_FX_BAD_MESSAGE.
func isBadMessage(err error) bool { return code(err) == sftp.ErrSSHFxBadMessage }

// nameErrno refines EINVAL from SSH_FX_BAD_MESSAGE, which sftp-server
// also sends for ENAMETOOLONG: a name with an element longer than 255
// bytes (NAME_MAX) gets ENAMETOOLONG.
func nameErrno(err error, names ...string) error {
	if !isBadMessage(err) {
		return err
	}
	for _, n := range names {
		for _, elem := range strings.Split(n, "/") {
			if len(elem) > 255 {
				return syscall.ENAMETOOLONG
			}
		}
	}
	return syscall.EINVAL
}

// pathErrno is errno, with SSH_FX_BAD_MESSAGE told apart by nameErrno.
func pathErrno(err error, perm syscall.Errno, names ...string) error {
	if isBadMessage(err) {
		return nameErrno(err, names...)
	}
	return errno(err, perm)
}

func pathErr(op, name string, err error) error {
	return &fs.PathError{Op: op, Path: name, Err: err}
}

func linkErr(op, oldname, newname string, err error) error {
	return &os.LinkError{Op: op, Old: oldname, New: newname, Err: err}
}

// errNoExtension returns the error of an operation that needs the server
// extension ext, which the server does not offer.
func errNoExtension(ext string) error {
	return fmt.Errorf("%w: the server does not offer %s", errors.ErrUnsupported, ext)
}
