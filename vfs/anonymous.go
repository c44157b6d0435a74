package vfs

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

// AnonymousFS is a filesystem that can create a file with no name.
type AnonymousFS interface {
	Fs

	// CreateAnonymous creates a regular file in directory dir with mode
	// perm (before umask), opened for reading and writing, that no name in
	// the filesystem refers to once the call returns. Its storage is freed
	// when the returned File is closed. The File's Name reports a path in
	// dir that must not be used to reach the file.
	CreateAnonymous(dir string, perm fs.FileMode) (File, error)
}

// CreateAnonymous creates a regular file in dir with mode perm (before
// umask), opened for reading and writing, with no name once it returns.
//
// If fsys implements [AnonymousFS], CreateAnonymous calls its method.
// Otherwise it creates a file with an unpredictable name through
// [CreateExclusive] and removes the name at once, leaving the open File.
// Where the filesystem cannot remove an open file, the fallback closes and
// removes the file and returns an error wrapping [errors.ErrUnsupported].
func CreateAnonymous(fsys Fs, dir string, perm fs.FileMode) (File, error) {
	if fsys == nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: ErrNilFS}
	}
	if x, ok := fsys.(AnonymousFS); ok {
		return x.CreateAnonymous(dir, perm)
	}
	if dir == "" {
		// As open(2) refuses "", rather than taking it for the working
		// directory as a joined path would.
		return nil, &fs.PathError{Op: "open", Path: dir, Err: syscall.ENOENT}
	}
	name := scratchName(dir)
	f, err := CreateExclusive(fsys, name, perm)
	if err != nil {
		// Name the directory asked for, not the scratch name.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	if err := fsys.Remove(name); err != nil {
		cerr := f.Close()
		rerr := fsys.Remove(name)
		return nil, &fs.PathError{
			Op:   "open",
			Path: dir,
			Err:  errors.Join(fmt.Errorf("%w: cannot remove an open file: %w", errors.ErrUnsupported, err), cerr, rerr),
		}
	}
	return f, nil
}
