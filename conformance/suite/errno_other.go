//go:build !windows

package suite

import (
	"errors"
	"syscall"
)

// errNotEmpty lists the errors that Remove of a non-empty directory may
// wrap: POSIX rmdir allows ENOTEMPTY and EEXIST.
var errNotEmpty = []error{syscall.ENOTEMPTY, syscall.EEXIST}

// Windows' errors, which no other system gives.
var (
	errSharingViolation = errors.New("sharing violation (Windows only)")
	errPrivilegeNotHeld = errors.New("privilege not held (Windows only)")
)
