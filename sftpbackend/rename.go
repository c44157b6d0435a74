package sftpbackend

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Rename renames oldname to newname, replacing newname if it exists
// (unless one is a directory and the other not), in one atomic step: the
// server's rename(2), through posix-rename@openssh.com. Errors are
// [*os.LinkError] with Op "rename".
//
// Without that extension, SFTP's own rename (SSH_FXP_RENAME) is all there
// is, and OpenSSH's refuses an existing newname: Rename then fails, when
// newname exists, with an error wrapping both [errors.ErrUnsupported] and
// syscall.EEXIST, rather than remove newname first and lose the
// atomicity.
func (fsys *FS) Rename(oldname, newname string) error {
	op, np := remote(oldname), remote(newname)
	var err error
	if fsys.posixRename {
		err = fsys.c.PosixRename(op, np)
	} else {
		err = fsys.c.Rename(op, np)
	}
	if err == nil {
		return nil
	}
	err = fsys.renameErrno(op, np, err, !fsys.posixRename)
	if !fsys.posixRename && errors.Is(err, syscall.EEXIST) {
		err = fmt.Errorf("%w: %w: the server cannot replace a name atomically without %s", err, errors.ErrUnsupported, extPosixRename)
	}
	return linkErr("rename", oldname, newname, err)
}

// renameErrno returns the errno for err from renaming op to np. An
// SSH_FX_FAILURE, or an SSH_FX_NO_SUCH_FILE while both names exist
// (ENOTDIR arrives so), is looked into: rename(2)'s ENOTDIR, EISDIR and
// ENOTEMPTY, or EEXIST for SFTP's own rename (plain), which refuses an
// existing name on OpenSSH.
func (fsys *FS) renameErrno(op, np string, err error, plain bool) error {
	if isBadMessage(err) {
		return nameErrno(err, op, np)
	}
	if !isFailure(err) && !errors.Is(err, os.ErrNotExist) {
		return errno(err, syscall.EACCES)
	}
	oi, oerr := fsys.c.Lstat(op)
	if oerr != nil {
		return errno(oerr, syscall.EACCES)
	}
	ni, nerr := fsys.c.Lstat(np)
	switch {
	case nerr != nil:
		return errno(err, syscall.EACCES)
	case plain:
		return syscall.EEXIST
	case oi.IsDir() && !ni.IsDir():
		return syscall.ENOTDIR
	case !oi.IsDir() && ni.IsDir():
		return syscall.EISDIR
	case oi.IsDir() && isFailure(err):
		return syscall.ENOTEMPTY
	}
	return errno(err, syscall.EACCES)
}

// RenameNoReplace renames the regular file oldname to newname, failing
// with an [*os.LinkError] matching [fs.ErrExist], and changing nothing,
// if anything exists at newname. It sends SFTP's own rename
// (SSH_FXP_RENAME), which OpenSSH's server carries out for a regular
// file as link(2) of newname and then unlink(2) of oldname: the link
// never replaces, so of any number of clients racing for newname exactly
// one wins. For an instant inside the server both names exist.
//
// For anything but a regular file, OpenSSH's server would stat(2)
// newname and then rename(2), a check and an act that race, and the stat
// follows a symbolic link, so that a dangling link at newname is
// replaced; RenameNoReplace therefore refuses anything else at oldname
// with an error wrapping [errors.ErrUnsupported], and looks at oldname
// first (an Lstat: two round trips in all). On a server filesystem
// without hard links, OpenSSH falls back to that check and rename for
// regular files too, which the client cannot see.
func (fsys *FS) RenameNoReplace(oldname, newname string) error {
	op, np := remote(oldname), remote(newname)
	fi, err := fsys.c.Lstat(op)
	if err != nil {
		return linkErr("rename", oldname, newname, pathErrno(err, syscall.EACCES, op))
	}
	if !fi.Mode().IsRegular() {
		return linkErr("rename", oldname, newname, fmt.Errorf("%w: OpenSSH renames only a regular file without a race, not a %v", errors.ErrUnsupported, fi.Mode().Type()))
	}
	if err := fsys.c.Rename(op, np); err != nil {
		return linkErr("rename", oldname, newname, fsys.renameErrno(op, np, err, true))
	}
	return nil
}
