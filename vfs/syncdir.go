package vfs

import (
	"errors"
	"fmt"
	"io/fs"
)

// errNoDirSync is the error, inside an [*fs.PathError], of SyncDir's
// fallback where the system refuses to flush a directory.
var errNoDirSync = fmt.Errorf("%w: the directory cannot be flushed", errors.ErrUnsupported)

// SyncDirFS is a filesystem that can make a directory's entries durable.
type SyncDirFS interface {
	Fs

	// SyncDir commits the entries of directory name to stable storage, so
	// that a file created, renamed or removed in it before the call stays
	// so after a crash. A filesystem with no stable storage returns nil.
	SyncDir(name string) error
}

// SyncDir makes the entries of directory name durable.
//
// If fsys implements [SyncDirFS], SyncDir calls its method. Otherwise it
// opens the directory and calls Sync on it, which on afero's OsFs is an
// fsync of the directory and on afero's MemMapFs does nothing. On
// Windows, whose FlushFileBuffers refuses a directory opened for reading
// ("Access denied"), that refusal is returned in an [*fs.PathError]
// wrapping [errors.ErrUnsupported]: no directory can be synced that way.
func SyncDir(fsys Fs, name string) error {
	if fsys == nil {
		return &fs.PathError{Op: "sync", Path: name, Err: ErrNilFS}
	}
	if x, ok := fsys.(SyncDirFS); ok {
		return x.SyncDir(name)
	}
	d, err := fsys.Open(name)
	if err != nil {
		return err
	}
	err = d.Sync()
	if dirSyncRefused(err) {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		err = &fs.PathError{Op: "sync", Path: name, Err: fmt.Errorf("%w: %w", errNoDirSync, err)}
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		var pe *fs.PathError
		if !errors.As(err, &pe) {
			err = &fs.PathError{Op: "sync", Path: name, Err: err}
		}
	}
	return err
}
