package tempfile

import (
	"fmt"
	"io/fs"
	"sync"

	"github.com/tempvfs/tempvfs/vfs"
)

// attached maps each filesystem to the tracker attached to it.
var attached fsMap[*Tracker]

// attachedTo returns the tracker attached to fsys, or nil.
func attachedTo(fsys vfs.Fs) *Tracker {
	k, ok := keyOf(fsys)
	if !ok {
		return nil
	}
	t, _ := attached.get(k)
	return t
}

// Attach makes t list every temporary object that this package makes on
// fsys from now on, with no option given to the calls that make them: the
// objects of [NewNamed], [NewDir], [NewAnonymous], [NewSpooled],
// [NewPool] and [NewPending] (and so [WriteFile]) as if each call had
// been given [WithTracker](t), and also the files of [CreateTemp] and the
// directories of [MkdirTemp], which t lists for as long as their paths
// exist ([KindTempFile], [KindTempDir]). An object made with WithTracker
// of another tracker is listed by both. Calling detach stops it; objects
// already listed stay listed until they are closed or removed.
//
// This is how package tempfiletest checks code that takes a filesystem
// and makes temporary objects on it, without plumbing an option through
// that code.
//
// fsys must be a pointer, as every afero and tempvfs filesystem is, and
// must have no tracker attached already; otherwise Attach returns an
// error matching [fs.ErrInvalid]. The attachment does not keep fsys alive.
// A pointer to a type of size zero (afero's OsFs) cannot be told apart
// from another of its type: attaching to one attaches to all of them.
func (t *Tracker) Attach(fsys vfs.Fs) (detach func(), err error) {
	if t == nil {
		return nil, fmt.Errorf("tempfile: Attach: nil tracker: %w", fs.ErrInvalid)
	}
	if fsys == nil {
		return nil, &fs.PathError{Op: "attach", Path: "", Err: vfs.ErrNilFS}
	}
	k, ok := keyOf(fsys)
	if !ok {
		return nil, fmt.Errorf("tempfile: Attach: a %T cannot be told apart from a copy of it; attach to a pointer: %w", fsys, fs.ErrInvalid)
	}
	if !attached.put(k, t, true) {
		return nil, fmt.Errorf("tempfile: Attach: the %T already has a tracker: %w", fsys, fs.ErrInvalid)
	}
	var once sync.Once
	return func() {
		once.Do(func() { attached.remove(k, func(a *Tracker) bool { return a == t }) })
	}, nil
}
