package tempfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/tempvfs/tempvfs/vfs"
)

// File is a named temporary file that removes itself when closed, as
// Python's NamedTemporaryFile does. It is a [vfs.File]: reads, writes and
// the other methods go to the open file. While it is open, other code can
// open it again by [File.Name].
//
// Close removes the file unless [File.Keep] was called (or [WithKeep]
// given) or the file was moved into place by [File.Persist] or
// [File.PersistNoClobber]. [File.Remove] removes it in any case.
//
// The embedded File is the open file itself (an [*os.File] on the OS
// backend); closing it directly bypasses the removal.
//
// The methods of File that manage its name (Close, Keep, Remove, Persist,
// PersistNoClobber, Name) are safe for concurrent use; reads and writes are
// as safe as those of the underlying file.
//
// The zero value is not usable: Close, Remove, Persist and
// PersistNoClobber return an error matching [fs.ErrInvalid], and the
// methods of the embedded File panic as those of a nil [vfs.File] do.
// Make one with [NewNamed].
type File struct {
	vfs.File
	fsys   vfs.Fs
	secure bool    // overwrite before removing
	rec    *record // nil without a tracker

	mu      sync.Mutex
	name    string
	keep    bool // leave the name in place on Close
	closed  bool
	removed bool // Close or Remove has removed the name
}

var _ vfs.File = (*File)(nil)

// errZeroFile is the error of the methods of a File not made by NewNamed.
var errZeroFile = &fs.PathError{Op: "close", Path: "", Err: fmt.Errorf("a File not made by NewNamed: %w", fs.ErrInvalid)}

// NewNamed creates a temporary file as [CreateTemp] does, in the directory
// of [WithDir] or else [TempDir], named from [WithPrefix] (default
// [DefaultPrefix]), the random part and [WithSuffix], with mode 0600 or
// that of [WithFileMode]. Closing it removes it unless it is kept.
// [WithSecureRemove] makes the removal overwrite the file first;
// [WithTracker] lists it in a [Tracker] until it is closed or removed.
func NewNamed(fsys vfs.Fs, opts ...Option) (*File, error) {
	c, err := newConfig("NewNamed", opts)
	if err != nil {
		return nil, err
	}
	f, name, err := createTemp(fsys, "createtemp", "", "", &c)
	if err != nil {
		return nil, err
	}
	nf := &File{File: f, fsys: fsys, name: name, keep: c.keep, secure: c.secure}
	if ts := trackers(&c, fsys); len(ts) > 0 {
		nf.rec = track(ts, KindNamed, fsys, name)
		if c.keep {
			nf.rec.setKeep()
		}
		nf.rec.setOnLost(f.Close)
		if c.secure {
			nf.rec.setWipe(f)
		}
		watch(nf.rec, nf, (*File).cleanupTracked)
	}
	return nf, nil
}

// Name returns the file's current path: where it was created, or where
// Persist or PersistNoClobber moved it.
func (f *File) Name() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.name
}

// Keep makes Close leave the file in place. It has no effect on a file
// that Close or Remove has already removed.
func (f *File) Keep() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keep = true
	f.rec.setKeep()
	f.settleLocked()
}

// Close closes the file and, unless it is kept, removes it. Once the file
// is closed, Close returns an error matching [fs.ErrClosed] and does
// nothing else. The removal happens even when closing fails; both errors
// are joined. With [WithSecureRemove], a file about to be removed is first
// overwritten with zeros and synced; the removal happens even when that
// fails. If the removal itself fails, [File.Remove] tries again.
func (f *File) Close() error {
	if f.File == nil {
		return errZeroFile
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return &fs.PathError{Op: "close", Path: f.name, Err: fs.ErrClosed}
	}
	f.closed = true
	remove := !f.keep && !f.removed
	var err error
	if f.secure && remove {
		err = overwrite(f.File)
	}
	err = errors.Join(err, f.File.Close())
	f.rec.setWipe(nil) // closed: nothing left for the tracker to overwrite
	if remove {
		err = errors.Join(err, f.removeNameLocked())
	}
	f.settleLocked()
	return err
}

// Remove closes the file if it is open and removes it, whether or not it
// is kept or persisted. A file that is already gone is not an error; after
// a failed removal, Remove tries again. With [WithSecureRemove], a file
// that is still open is overwritten first.
func (f *File) Remove() error {
	if f.File == nil {
		return errZeroFile
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var err error
	if !f.closed {
		f.closed = true
		if f.secure && !f.removed {
			err = overwrite(f.File)
		}
		err = errors.Join(err, f.File.Close())
		f.rec.setWipe(nil)
	}
	if !f.removed {
		err = errors.Join(err, f.removeNameLocked())
	}
	if f.removed {
		f.rec.release()
	}
	return err
}

// removeNameLocked removes the file's name; a name already gone counts as
// removed.
func (f *File) removeNameLocked() error {
	if err := f.fsys.Remove(f.name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f.removed = true
	return nil
}

// settleLocked stops a tracker listing the file once nothing is left to
// do: it is closed, and removed or kept.
func (f *File) settleLocked() {
	if f.closed && (f.removed || f.keep) {
		f.rec.release()
	}
}

// cleanupTracked is Close for [Tracker.CleanupAll]: it also retries the
// removal of a closed file whose removal failed.
func (f *File) cleanupTracked() error {
	f.mu.Lock()
	if !f.closed {
		f.mu.Unlock()
		return f.Close()
	}
	defer f.mu.Unlock()
	var err error
	if !f.keep && !f.removed {
		err = f.removeNameLocked()
	}
	f.settleLocked()
	return err
}

// Truncate changes the size of the file, as the embedded file's Truncate
// does. With [WithSecureRemove] it first overwrites the bytes it cuts off,
// so that a later removal does not miss them.
func (f *File) Truncate(size int64) error {
	if f.secure && size >= 0 {
		if err := overwriteFrom(f.File, size); err != nil {
			return err
		}
	}
	return f.File.Truncate(size)
}

// Persist syncs the file's contents and renames it to newpath, replacing
// anything there, in one atomic step: a reader of newpath sees the old
// file or the complete new one. Then it syncs newpath's directory where
// the filesystem can ([vfs.SyncDir]), so that the rename survives a crash.
// The file stays open, its Name becomes newpath, and Close no longer
// removes it. [WithFileMode] sets the mode the file has once in place,
// exactly, whatever the umask; without it the file keeps its own mode
// (0600 unless NewNamed was told otherwise).
//
// Where newpath is on another filesystem (the rename fails with EXDEV, as
// it does from a tmpfs /tmp to a disk), Persist copies the contents into
// a [Pending] file in newpath's directory, which it syncs and renames over
// newpath and whose directory it syncs, so that readers of newpath still
// see the old file or the complete new one; then it removes the temporary
// file and the File refers to the copy, at the same offset. Rust's
// tempfile fails there instead.
//
// If syncing, copying or renaming fails, the file keeps its temporary
// name and contents, nothing at newpath changes, no other file is left,
// and the error matches the errno underneath (EXDEV, ENOSPC, ...). If
// only what follows the rename fails (the directory sync, or across
// filesystems the removal of the temporary file or the reopening of the
// copy), newpath has the new contents, Name is newpath, and the error
// says so; for the directory sync it matches [ErrDirNotSynced].
func (f *File) Persist(newpath string, opts ...Option) error {
	return f.persist("Persist", newpath, false, opts)
}

// PersistNoClobber is [File.Persist] that never replaces: if anything
// exists at newpath it fails with an error matching [fs.ErrExist] and
// changes nothing. It uses [vfs.RenameNoReplace] (across filesystems, the
// no-clobber commit of a [Pending]), so there is no moment between a check
// and the move. On a filesystem that can neither rename without replacing
// nor make hard links it fails with an error matching
// [errors.ErrUnsupported].
func (f *File) PersistNoClobber(newpath string, opts ...Option) error {
	return f.persist("PersistNoClobber", newpath, true, opts)
}

func (f *File) persist(op, newpath string, noClobber bool, opts []Option) error {
	if f.File == nil {
		return errZeroFile
	}
	c, err := newConfig("File."+op, opts)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed || f.removed {
		return &os.LinkError{Op: "persist", Old: f.name, New: newpath, Err: fs.ErrClosed}
	}
	if c.set&setFileMode != 0 {
		if err := f.chmodLocked(c.fileMode); err != nil {
			return &os.LinkError{Op: "persist", Old: f.name, New: newpath, Err: err}
		}
	}
	if err := f.File.Sync(); err != nil {
		return &os.LinkError{Op: "persist", Old: f.name, New: newpath, Err: err}
	}
	if noClobber {
		err = vfs.RenameNoReplace(f.fsys, f.name, newpath)
	} else {
		err = f.fsys.Rename(f.name, newpath)
	}
	if errors.Is(err, syscall.EXDEV) {
		return f.persistAcrossLocked(newpath, noClobber)
	}
	if err != nil {
		return err
	}
	f.movedLocked(newpath)
	if err := vfs.SyncDir(f.fsys, filepath.Dir(newpath)); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return dirNotSynced("persist", newpath, err)
	}
	return nil
}

// movedLocked records that the file is now newpath, for good.
func (f *File) movedLocked(newpath string) {
	f.name = newpath
	f.keep = true
	f.rec.setPath(newpath)
	f.rec.setKeep()
}

// chmodLocked sets the file's mode exactly: through its handle where it
// can, else by its name.
func (f *File) chmodLocked(mode fs.FileMode) error {
	if c, ok := f.File.(interface{ Chmod(fs.FileMode) error }); ok {
		return c.Chmod(mode)
	}
	return f.fsys.Chmod(f.name, mode)
}

// persistAcrossLocked is Persist to another filesystem: a copy committed
// as a Pending in newpath's directory, then the removal of the original.
func (f *File) persistAcrossLocked(newpath string, noClobber bool) error {
	fail := func(err error) error { return &os.LinkError{Op: "persist", Old: f.name, New: newpath, Err: err} }
	fi, err := f.File.Stat()
	if err != nil {
		return fail(err)
	}
	off, err := f.File.Seek(0, io.SeekCurrent)
	if err != nil {
		return fail(err)
	}
	p, err := newPending(f.fsys, newpath, fi.Mode().Perm(), config{staticMode: true, noClobber: noClobber})
	if err != nil {
		return fail(err)
	}
	if _, err := io.Copy(p.File, io.NewSectionReader(f.File, 0, fi.Size())); err != nil {
		return fail(errors.Join(err, p.Cleanup()))
	}
	commitErr := p.Commit()
	if commitErr != nil && !errors.Is(commitErr, ErrDirNotSynced) {
		return fail(commitErr)
	}
	// newpath has the new contents: from here on nothing is undone.
	old := f.name
	var errs []error
	if commitErr != nil {
		errs = append(errs, commitErr)
	}
	nf, err := f.fsys.OpenFile(newpath, os.O_RDWR, 0)
	if err == nil {
		if _, err = nf.Seek(off, io.SeekStart); err != nil {
			err = errors.Join(err, nf.Close())
			nf = nil
		}
	}
	if err != nil {
		errs = append(errs, &os.LinkError{Op: "persist", Old: old, New: newpath, Err: fmt.Errorf("copied into place, but cannot reopen the copy, so the File is closed: %w", err)})
		f.closed = true
		f.rec.setWipe(nil)
	}
	var cerr error
	if f.secure {
		cerr = overwrite(f.File) // the temporary file goes: wipe it first
	}
	cerr = errors.Join(cerr, f.File.Close())
	if nf != nil {
		f.File = nf
	}
	if rerr := f.fsys.Remove(old); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
		errs = append(errs, &os.LinkError{Op: "persist", Old: old, New: newpath, Err: fmt.Errorf("copied into place, but cannot remove the temporary file: %w", rerr)})
	} else if cerr != nil {
		errs = append(errs, &os.LinkError{Op: "persist", Old: old, New: newpath, Err: fmt.Errorf("copied into place, but closing the temporary file failed: %w", cerr)})
	}
	f.movedLocked(newpath)
	f.settleLocked()
	return errors.Join(errs...)
}
