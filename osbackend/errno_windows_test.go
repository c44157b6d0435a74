package osbackend_test

import (
	"errors"
	"syscall"
)

// ERROR_PATH_NOT_FOUND, which is what Windows reports for a file used as a
// directory.
const syscall_ENOTDIR = syscall.ERROR_PATH_NOT_FOUND

// The errors of a Root that differ on Windows: ERROR_DIR_NOT_EMPTY for
// the removal of a non-empty directory, ERROR_NOT_A_REPARSE_POINT for
// Readlink of a file, and for Chown, which Windows lacks, an error
// wrapping errors.ErrUnsupported whatever the name.
var (
	errNotEmpty     error = syscall.Errno(145)
	errNotLink      error = syscall.Errno(4390)
	errChownMissing error = errors.ErrUnsupported
)
