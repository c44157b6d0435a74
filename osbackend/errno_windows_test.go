package osbackend_test

import "syscall"

// ERROR_PATH_NOT_FOUND, which is what Windows reports for a file used as a
// directory.
const syscall_ENOTDIR = syscall.ERROR_PATH_NOT_FOUND
