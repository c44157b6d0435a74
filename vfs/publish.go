package vfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// PublishFS is a filesystem that can create an anonymous file and later
// give it a name (Linux's O_TMPFILE and linkat). Contents can then be
// written in full and synced before any name refers to them.
type PublishFS interface {
	Fs

	// CreatePublishable creates an anonymous file in directory dir, as
	// [AnonymousFS.CreateAnonymous] does, that Publish can later link into
	// dir. If the filesystem at dir cannot, it returns an error wrapping
	// errors.ErrUnsupported and creates nothing; it never falls back to a
	// named file.
	CreatePublishable(dir string, perm fs.FileMode) (File, error)

	// Publish gives f, a File returned by CreatePublishable on the same
	// filesystem, the name newname. It never replaces: if anything exists
	// at newname it fails with an error matching fs.ErrExist. f stays
	// open. A File that did not come from CreatePublishable, or that has
	// a name already (it was published before), gets an error wrapping
	// errors.ErrUnsupported or fs.ErrInvalid and no new name.
	Publish(f File, newname string) error
}

// CreatePublishable creates an anonymous file in dir that [Publish] can
// later give a name. If fsys does not implement [PublishFS] it returns an
// [*fs.PathError] wrapping [errors.ErrUnsupported].
func CreatePublishable(fsys Fs, dir string, perm fs.FileMode) (File, error) {
	if fsys == nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: ErrNilFS}
	}
	if x, ok := fsys.(PublishFS); ok {
		return x.CreatePublishable(dir, perm)
	}
	return nil, &fs.PathError{Op: "open", Path: dir, Err: errors.ErrUnsupported}
}

// Publish links f, made by [CreatePublishable], to newname, failing with an
// error matching [fs.ErrExist] if newname exists. If fsys does not
// implement [PublishFS] it returns an [*os.LinkError] wrapping
// [errors.ErrUnsupported]. A nil f is an [*os.LinkError] matching
// [fs.ErrInvalid], whatever fsys.
func Publish(fsys Fs, f File, newname string) error {
	if fsys == nil {
		return &os.LinkError{Op: "link", New: newname, Err: ErrNilFS}
	}
	if f == nil {
		return &os.LinkError{Op: "link", New: newname, Err: fmt.Errorf("vfs: nil File: %w", fs.ErrInvalid)}
	}
	if x, ok := fsys.(PublishFS); ok {
		return x.Publish(f, newname)
	}
	return &os.LinkError{Op: "link", Old: f.Name(), New: newname, Err: errors.ErrUnsupported}
}
