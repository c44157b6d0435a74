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
//
// If that removal fails, the fallback closes the file and tries the
// removal again, and returns no File. Only when the first failure is the
// one a filesystem gives for a file in use (an error matching
// [fs.ErrPermission], as Windows' ERROR_ACCESS_DENIED does, or a sharing
// violation: Windows' ERROR_SHARING_VIOLATION, EBUSY elsewhere) and the
// removal after Close succeeds does it conclude that the filesystem
// cannot remove an open file: the error is an [*fs.PathError] naming dir
// that wraps [errors.ErrUnsupported] and the first failure. Any other
// failure (EIO, say, or an EPERM that the second removal meets too) is
// returned as itself, in an [*fs.PathError] naming dir, joined with any
// error of the Close or of the second removal, and does not match
// errors.ErrUnsupported, so that no caller takes it for a filesystem that
// needs a named file. The name remains only if the second removal fails
// too, and then its error is among those joined.
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
	err = fsys.Remove(name)
	if err == nil {
		return f, nil
	}
	cerr := f.Close()
	rerr := fsys.Remove(name)
	if errors.Is(rerr, fs.ErrNotExist) {
		// The name is gone, which is all the cleanup wants.
		rerr = nil
	}
	if rerr == nil && refusedWhileOpen(err) {
		err = fmt.Errorf("%w: cannot remove an open file: %w", errors.ErrUnsupported, err)
		return nil, &fs.PathError{Op: "open", Path: dir, Err: errors.Join(err, cerr)}
	}
	return nil, &fs.PathError{Op: "open", Path: dir, Err: errors.Join(err, cerr, rerr)}
}

// refusedWhileOpen reports whether err, from removing a file that is
// open, is the refusal of a filesystem that cannot remove an open file:
// a permission error (Windows' ERROR_ACCESS_DENIED matches fs.ErrPermission)
// or a sharing violation. The caller also checks that the removal works
// once the file is closed: on Unix, unlinking an open file always works,
// so there only a filesystem that emulates Windows (in memory, over FUSE
// or SMB) refuses it, and the same refusal of a closed file means
// something else, such as an append-only directory.
func refusedWhileOpen(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, errSharingViolation)
}
