package vfs

import (
	"errors"
	"os"
)

// LinkFS is a filesystem with hard links.
type LinkFS interface {
	Fs

	// Link creates newname as a hard link to the file oldname. A symbolic
	// link at oldname is linked itself, not followed: the fallback of
	// [RenameNoReplace] moves a link this way. It never replaces: if
	// anything exists at newname it fails with an [*os.LinkError]
	// matching fs.ErrExist.
	Link(oldname, newname string) error
}

// Link creates newname as a hard link to oldname. If fsys does not
// implement [LinkFS] it returns an [*os.LinkError] wrapping
// [errors.ErrUnsupported].
func Link(fsys Fs, oldname, newname string) error {
	if fsys == nil {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: ErrNilFS}
	}
	if x, ok := fsys.(LinkFS); ok {
		return x.Link(oldname, newname)
	}
	return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: errors.ErrUnsupported}
}
