package vfs

import "syscall"

// errSharingViolation is ERROR_SHARING_VIOLATION, what DeleteFile returns
// for a file that is open without FILE_SHARE_DELETE.
const errSharingViolation syscall.Errno = 32
