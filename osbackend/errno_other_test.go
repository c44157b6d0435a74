//go:build !unix && !windows

package osbackend_test

import "syscall"

const syscall_ENOTDIR = syscall.ENOTDIR
