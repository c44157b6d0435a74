package osbackend

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/windows"
)

// errNoDirFlush is the error, inside an *fs.PathError, of SyncDir where
// Windows refuses to flush a directory.
var errNoDirFlush = fmt.Errorf("%w: Windows cannot flush this directory", errors.ErrUnsupported)

// syncDir opens the directory for writing (FlushFileBuffers needs
// GENERIC_WRITE; FILE_FLAG_BACKUP_SEMANTICS opens a directory) and
// flushes it. A refusal, to open the directory for writing or to flush
// it, is "Access denied" or "Invalid function": it wraps
// errors.ErrUnsupported, since no other way to make a directory's entries
// durable exists. NTFS journals its metadata, so a crash leaves a rename
// done or not done, never torn.
func syncDir(name string) error {
	p, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return &fs.PathError{Op: "sync", Path: name, Err: err}
	}
	attrs, err := windows.GetFileAttributes(p)
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if attrs&windows.FILE_ATTRIBUTE_DIRECTORY == 0 {
		// As os opening a file with O_DIRECTORY does, and open(2) on Unix.
		return &fs.PathError{Op: "open", Path: name, Err: syscall.ENOTDIR}
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE, shareAll, nil,
		windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	if err != nil {
		if refusedDirFlush(err) {
			return &fs.PathError{Op: "sync", Path: name, Err: fmt.Errorf("%w: %w", errNoDirFlush, err)}
		}
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	d := os.NewFile(uintptr(h), name)
	err = windows.FlushFileBuffers(h)
	if cerr := d.Close(); err == nil && cerr != nil {
		return cerr
	}
	if err != nil {
		if refusedDirFlush(err) {
			err = fmt.Errorf("%w: %w", errNoDirFlush, err)
		}
		return &fs.PathError{Op: "sync", Path: name, Err: err}
	}
	return nil
}

// refusedDirFlush reports whether err is Windows' refusal to open a
// directory for writing or to flush it.
func refusedDirFlush(err error) bool {
	return errors.Is(err, windows.ERROR_ACCESS_DENIED) ||
		errors.Is(err, windows.ERROR_INVALID_FUNCTION) ||
		errors.Is(err, windows.ERROR_INVALID_PARAMETER) ||
		errors.Is(err, windows.ERROR_NOT_SUPPORTED)
}
