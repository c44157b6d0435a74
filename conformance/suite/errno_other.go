//go:build !windows

package suite

import "syscall"

// errNotEmpty lists the errors that Remove of a non-empty directory may
// wrap: POSIX rmdir allows ENOTEMPTY and EEXIST.
var errNotEmpty = []error{syscall.ENOTEMPTY, syscall.EEXIST}
