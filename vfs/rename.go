package vfs

import (
	"errors"
	"os"
)

// RenameNoReplaceFS is a filesystem that can rename without replacing
// (Linux's renameat2 with RENAME_NOREPLACE).
type RenameNoReplaceFS interface {
	Fs

	// RenameNoReplace renames oldname to newname in one atomic step,
	// failing with an [*os.LinkError] matching fs.ErrExist, and changing
	// nothing, if anything exists at newname.
	RenameNoReplace(oldname, newname string) error
}

// RenameNoReplace renames oldname to newname unless something exists at
// newname, in which case it fails with an error matching [fs.ErrExist].
//
// If fsys implements [RenameNoReplaceFS], RenameNoReplace calls its method.
// Otherwise, if fsys implements [LinkFS], it links oldname to newname and
// then removes oldname; for a moment both names refer to the file, and if
// the removal fails both remain and the error says so. Otherwise it returns
// an [*os.LinkError] wrapping [errors.ErrUnsupported]. It never checks for
// newname and then renames, which would race.
func RenameNoReplace(fsys Fs, oldname, newname string) error {
	if fsys == nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: ErrNilFS}
	}
	if x, ok := fsys.(RenameNoReplaceFS); ok {
		return x.RenameNoReplace(oldname, newname)
	}
	l, ok := fsys.(LinkFS)
	if !ok {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: errors.ErrUnsupported}
	}
	if err := l.Link(oldname, newname); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: le.Err}
		}
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	if err := fsys.Remove(oldname); err != nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	return nil
}
