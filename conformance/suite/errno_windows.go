package suite

import "syscall"

// errNotEmpty lists the errors that Remove of a non-empty directory may
// wrap: POSIX allows ENOTEMPTY and EEXIST, and Windows says
// ERROR_DIR_NOT_EMPTY.
var errNotEmpty = []error{syscall.ENOTEMPTY, syscall.EEXIST, syscall.Errno(145)}

// Windows' errors for a rename or removal of a file open without
// FILE_SHARE_DELETE (ERROR_SHARING_VIOLATION), and for a symbolic link
// made without SeCreateSymbolicLinkPrivilege (ERROR_PRIVILEGE_NOT_HELD).
var (
	errSharingViolation error = syscall.Errno(32)
	errPrivilegeNotHeld error = syscall.Errno(1314)
)
