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
	// depth: a link is removed, never what it points to, even one that
	// replaces an entry while RemoveTree runs. It opens, changes and
	// removes nothing outside the tree.
	//
	// A directory of the tree that lacks owner read, write or search
	// permission is given them first, through the directory itself (as
	// fchmod(2) on its descriptor), never through a path that could lead
	// elsewhere. An entry that changes while it is being removed (a
	// directory swapped for a link, entries added to a directory being
	// emptied) is looked at again, a bounded number of times.
	//
	// A missing name is not an error. RemoveTree goes on past an entry it
	// cannot remove and returns an error for each, joined with
	// [errors.Join]. A filesystem that cannot keep these promises on some
	// platform returns an error wrapping [errors.ErrUnsupported] there and
	// removes nothing.
	RemoveTree(name string) error
}

// RemoveTree removes name and everything in it without following a
// symbolic link at any depth, as [RemoveTreeFS] promises. If fsys does not
// implement RemoveTreeFS it returns an [*fs.PathError] wrapping
// [errors.ErrUnsupported] and removes nothing: a walk that looks each path
// up again cannot keep the promise.
func RemoveTree(fsys Fs, name string) error {
	if fsys == nil {
		return &fs.PathError{Op: "removeall", Path: name, Err: ErrNilFS}
	}
	if x, ok := fsys.(RemoveTreeFS); ok {
		return x.RemoveTree(name)
	}
	return &fs.PathError{Op: "removeall", Path: name, Err: errors.ErrUnsupported}
}
