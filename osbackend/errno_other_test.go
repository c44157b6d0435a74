//go:build !unix && !windows

package osbackend_test

import (
	"io/fs"
	"syscall"
)

const syscall_ENOTDIR = syscall.ENOTDIR

// The errors of a Root that differ on Windows.
var (
	errNotEmpty     error = syscall.ENOTEMPTY
	errNotLink      error = syscall.EINVAL
	errChownMissing error = fs.ErrNotExist
)
