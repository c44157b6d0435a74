package sftpbackend

import (
	"io/fs"
	"syscall"

	"github.com/spf13/afero"
)

var _ afero.Symlinker = (*FS)(nil)

// Link creates newname as a hard link to the file oldname
// (hardlink@openssh.com, the server's link(2)). A symbolic link at
// oldname is linked itself, not followed. It never replaces: if anything
// exists at newname it fails with an [*os.LinkError] matching
// [fs.ErrExist]; a directory at oldname gives EPERM. Without the
// extension it returns an *os.LinkError wrapping [errors.ErrUnsupported].
func (fsys *FS) Link(oldname, newname string) error {
	if !fsys.hardlink {
		return linkErr("link", oldname, newname, errNoExtension(extHardlink))
	}
	op, np := remote(oldname), remote(newname)
	if err := fsys.c.Link(op, np); err != nil {
		return linkErr("link", oldname, newname, fsys.newNameErrno(op, np, err, syscall.EPERM))
	}
	return nil
}

// newNameErrno returns the errno for err from an operation that makes
// the name np (a link to op): an SSH_FX_FAILURE is EEXIST if something is
// at np now.
func (fsys *FS) newNameErrno(op, np string, err error, perm syscall.Errno) error {
	if isBadMessage(err) {
		return nameErrno(err, op, np)
	}
	if isFailure(err) {
		if _, lerr := fsys.c.Lstat(np); lerr == nil {
			return syscall.EEXIST
		}
	}
	return errno(err, perm)
}

// SymlinkIfPossible creates newname as a symbolic link to oldname, as
// [os.Symlink]. It never replaces: an existing newname gives EEXIST, in
// an [*os.LinkError] with Op "symlink".
func (fsys *FS) SymlinkIfPossible(oldname, newname string) error {
	np := remote(newname)
	// The target is stored as given: it is the server's business only
	// when the link is followed.
	if err := fsys.c.Symlink(remote(oldname), np); err != nil {
		return linkErr("symlink", oldname, newname, fsys.newNameErrno("", np, err, syscall.EACCES))
	}
	return nil
}

// ReadlinkIfPossible returns the destination of the named symbolic link,
// as [os.Readlink]: EINVAL if name is not a link.
func (fsys *FS) ReadlinkIfPossible(name string) (string, error) {
	p := remote(name)
	s, err := fsys.c.ReadLink(p)
	if err != nil {
		return "", pathErr("readlink", name, pathErrno(err, syscall.EACCES, p))
	}
	return local(s), nil
}

// LstatIfPossible returns a FileInfo describing the named file without
// following a symbolic link at the last element, as [os.Lstat], and
// true: the server always can.
func (fsys *FS) LstatIfPossible(name string) (fs.FileInfo, bool, error) {
	fi, err := fsys.Lstat(name)
	return fi, true, err
}

// Lstat returns a FileInfo describing the named file without following a
// symbolic link at the last element, as [os.Lstat]. Its Sys is the
// [*sftp.FileStat].
func (fsys *FS) Lstat(name string) (fs.FileInfo, error) {
	p := remote(name)
	fi, err := fsys.c.Lstat(p)
	if err != nil {
		return nil, pathErr("lstat", name, pathErrno(err, syscall.EACCES, p))
	}
	return fi, nil
}
