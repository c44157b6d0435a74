package vfs

import (
	"errors"
	"syscall"
)

// dirSyncRefused reports whether err, from Sync of an open directory, is
// Windows' refusal to flush a directory handle opened for reading:
// FlushFileBuffers needs write access, which os.Open does not ask for.
func dirSyncRefused(err error) bool { return errors.Is(err, syscall.ERROR_ACCESS_DENIED) }
