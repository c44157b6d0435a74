package vfs

import (
	"errors"
	"io/fs"
)

// RemoveTreeFS is a filesystem that can remove a directory tree without
// ever following a symbolic link, even one that replaces an entry while
// the removal runs: each directory is opened without following links and
// its entries are removed relative to it, as openat(2) and unlinkat(2)
// allow, never by a path looked up again from the top. Paths longer than
// the system's limit are no obstacle for the same reason.
type RemoveTreeFS interface {
	Fs

	// RemoveTree removes name and, if it is a directory (not a symbolic
	// link to one), everything in it, following no symbolic link at any
	// depth: a link is removed, never what it points to. A missing name
	// is not an error. It changes no permissions: an entry it cannot
	// remove makes it fail, with what it could remove removed.
	RemoveTree(name string) error
}

// RemoveTree removes name and everything in it without following a
// symbolic link at any depth. If fsys does not implement [RemoveTreeFS] it
// returns an [*fs.PathError] wrapping [errors.ErrUnsupported] and removes
// nothing: a walk that looks each path up again cannot keep the promise.
func RemoveTree(fsys Fs, name string) error {
	if x, ok := fsys.(RemoveTreeFS); ok {
		return x.RemoveTree(name)
	}
	return &fs.PathError{Op: "RemoveAll", Path: name, Err: errors.ErrUnsupported}
}
