package vfs

import (
	"io/fs"
	"os"
)

// ExclusiveFS is a filesystem that can create a file exclusively without
// following a symbolic link at the final component of the name.
type ExclusiveFS interface {
	Fs

	// CreateExclusive creates the named file with mode perm (before umask)
	// and opens it for reading and writing. If anything exists at name
	// (a file, a directory or a symbolic link, dangling or not), it fails
	// with an error matching fs.ErrExist and changes nothing. The call is
	// atomic: of any number of concurrent callers, at most one succeeds.
	CreateExclusive(name string, perm fs.FileMode) (File, error)
}

// CreateExclusive creates the named file with mode perm (before umask),
// opened for reading and writing, failing with an error matching
// [fs.ErrExist] if anything exists at name.
//
// If fsys implements [ExclusiveFS], CreateExclusive calls its method.
// Otherwise it calls fsys.OpenFile with O_RDWR|O_CREATE|O_EXCL, which POSIX
// defines to fail on a symbolic link at the final component.
func CreateExclusive(fsys Fs, name string, perm fs.FileMode) (File, error) {
	if fsys == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNilFS}
	}
	if x, ok := fsys.(ExclusiveFS); ok {
		return x.CreateExclusive(name, perm)
	}
	return fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
}
