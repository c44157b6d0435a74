// Package osfile holds the rules of [os.File] that the File types of
// tempvfs's own backends (membackend, sftpbackend) follow to the letter,
// so that code written against the OS sees the same errors in memory and
// over SFTP. It is written once here rather than copied into each.
package osfile

import (
	"errors"
	"io/fs"
)

// ErrNegativeOffset is the error, inside an [*fs.PathError], that os
// gives for ReadAt and WriteAt at a negative offset: the same text, and
// like os's it matches no errno.
var ErrNegativeOffset = errors.New("negative offset")

// ErrWriteAtAppend is the error that os returns, on its own, for WriteAt
// on a file opened with O_APPEND: the same text, and like os's it is not
// an [*fs.PathError] and matches no errno.
var ErrWriteAtAppend = errors.New("os: invalid use of WriteAt on file opened with O_APPEND")

// BeforeAt returns what [os.File.ReadAt] (write false) or
// [os.File.WriteAt] (write true) of n bytes at off on the file name
// returns before it reads or writes, in os's order, and done = true when
// the call ends there: WriteAt on a file opened with O_APPEND (appending)
// gives ErrWriteAtAppend, on its own; a negative off gives an
// [*fs.PathError] with Op "readat" or "writeat" wrapping
// ErrNegativeOffset, even after Close; n == 0 gives no error; then a
// closed file gives fs.ErrClosed with Op "read" or "write". Checking the
// access mode is left to the caller.
func BeforeAt(name string, write, appending bool, off int64, n int, closed bool) (done bool, err error) {
	op := "read"
	if write {
		op = "write"
	}
	switch {
	case write && appending:
		return true, ErrWriteAtAppend
	case off < 0:
		return true, &fs.PathError{Op: op + "at", Path: name, Err: ErrNegativeOffset}
	case n == 0:
		return true, nil
	case closed:
		return true, &fs.PathError{Op: op, Path: name, Err: fs.ErrClosed}
	}
	return false, nil
}
