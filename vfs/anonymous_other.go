//go:build !windows

package vfs

import "syscall"

// errSharingViolation is EBUSY, what a Unix client of a filesystem with
// Windows semantics (SMB) returns for a file that is open elsewhere.
const errSharingViolation = syscall.EBUSY
