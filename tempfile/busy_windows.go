package tempfile

import (
	"errors"
	"syscall"
)

// Windows' errors for an entry that another handle keeps in use.
const (
	errSharingViolation syscall.Errno = 32  // ERROR_SHARING_VIOLATION: open without FILE_SHARE_DELETE
	errDirNotEmpty      syscall.Errno = 145 // ERROR_DIR_NOT_EMPTY: it holds a removed file still open
)

// isBusy reports whether err is one that waiting for another program to
// close a file may cure: a sharing violation, a directory not empty for a
// removed file still open (a delete pending), or "Access denied", which
// Windows also gives for an entry whose removal is pending, as
// testing.T.TempDir's removal retries it.
func isBusy(err error) bool {
	return errors.Is(err, errSharingViolation) || errors.Is(err, errDirNotEmpty) ||
		errors.Is(err, syscall.ERROR_ACCESS_DENIED)
}
