package suite

import "syscall"

// errNotEmpty lists the errors that Remove of a non-empty directory may
// wrap: POSIX allows ENOTEMPTY and EEXIST, and Windows says
// ERROR_DIR_NOT_EMPTY.
var errNotEmpty = []error{syscall.ENOTEMPTY, syscall.EEXIST, syscall.Errno(145)}
