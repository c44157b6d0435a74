package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"

	"github.com/tempvfs/tempvfs/vfs"
)

// Path is the name of a temporary file that no handle here holds open,
// which removes the file once it is no longer wanted: Rust's TempPath.
// [File.CloseToPath] turns a [File] into one, and [NewPath] makes one of
// an existing file. Hand [Path.Name] to a child process, say, that opens
// the file itself.
//
// [Path.Remove] removes the file unless the Path is kept ([Path.Keep]) or
// persisted ([Path.Persist], [Path.PersistNoClobber]), so it can be
// deferred ahead of a Persist. A Path that becomes unreachable before any
// of these is removed when the garbage collector notices, with or without
// a tracker: unlike a File it holds no descriptor, and removing its file
// is all there is to do. A tracked Path ([WithTracker], or a tracker
// attached to the filesystem) is listed by its trackers as [KindPath]
// until it is removed, kept or persisted, and reported to their leak
// hooks if the collector finds it first. The collector may run late or,
// at exit, not at all: call Remove.
//
// # Identity
//
// A Path remembers which file it names, by device and inode
// ([vfs.SameFile]). If the name is removed and taken by another file
// meanwhile (a cleaner of old temporary files removed it and another
// program made a file of the same name), Remove and the collector leave
// that file alone, and Remove, [Path.Reopen], Persist and PersistNoClobber
// fail with an error matching [ErrReplaced]. The check and the removal or
// rename are two steps: a file swapped in between them goes unnoticed.
// And device and inode numbers are unique only among files that exist:
// once the Path's file is gone, and no handle holds it, a new file can get
// its numbers, so a regular file made at the name after the Path's file
// was removed may pass for it (a link cannot, nor a file made while the
// Path's file still existed, such as one renamed over it).
// Where the filesystem gives no identity (afero's MemMapFs, membackend
// outside Linux, every filesystem on Windows), Remove removes and Persist
// moves whatever has the name, as Rust's TempPath does, and Reopen fails
// with an error matching [errors.ErrUnsupported].
//
// # Windows
//
// Windows cannot remove a file that another process holds open without
// sharing deletion: Remove then fails, and can be called again once the
// other process has closed it. The collector tries once.
//
// A Path is safe for concurrent use. The zero value is not usable: Name
// returns "", Keep does nothing, and the other methods return an error
// matching [fs.ErrInvalid].
type Path struct{ s *pathState }

// pathState is a Path's state, shared with its cleanup, which must not
// refer to the Path itself.
type pathState struct {
	fsys   vfs.Fs
	secure bool    // overwrite before removing
	rec    *record // nil without a tracker

	cleanup    runtime.Cleanup // without a tracker
	hasCleanup bool

	mu       sync.Mutex
	name     string
	id       fs.FileInfo // the file's identity, if it has one
	keep     bool        // kept or persisted: Remove leaves the file
	done     bool        // removed, or found gone or replaced
	released bool        // the cleanup is stopped and trackers told
}

// errZeroPath is the error of the methods of a Path not made by
// CloseToPath or NewPath.
var errZeroPath = &fs.PathError{Op: "remove", Path: "", Err: fmt.Errorf("a Path not made by CloseToPath or NewPath: %w", fs.ErrInvalid)}

// CloseToPath closes the open file but leaves it in place, and returns
// its name as a [Path], which removes the file once it is no longer
// wanted (Rust's into_temp_path). Use it when the file is to be opened by
// name, by another process for instance, with no handle left open here.
// The Path is kept if the File was ([File.Keep], [WithKeep], a Persist);
// it overwrites the file before removing it if the File was made with
// [WithSecureRemove]; and it is listed by the File's trackers in place of
// the File, as made at the time of the call.
//
// Afterwards the File has nothing left to do: Close fails with an error
// matching [fs.ErrClosed], Remove does nothing and returns nil, Name still
// returns the name. CloseToPath on a closed or removed File fails with an
// error matching fs.ErrClosed. If closing the file fails, CloseToPath does
// what Close does then: it removes the file unless it is kept, and returns
// no Path and the errors.
func (f *File) CloseToPath() (*Path, error) {
	if f.File == nil {
		return nil, errZeroFile
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed || f.removed {
		return nil, &fs.PathError{Op: "close", Path: f.name, Err: fs.ErrClosed}
	}
	id, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	f.closed = true
	f.rec.setWipe(nil)
	if err := f.File.Close(); err != nil {
		if !f.keep {
			err = errors.Join(err, f.removeNameLocked())
		}
		f.settleLocked()
		return nil, err
	}
	f.removed = true // the Path looks after the name now
	var ts []*Tracker
	if f.rec != nil {
		ts = f.rec.ts
	}
	f.settleLocked()
	var rec *record
	if !f.keep {
		rec = track(ts, KindPath, f.fsys, f.name)
	}
	return newPath(f.fsys, f.name, id, f.keep, f.secure, rec), nil
}

// NewPath makes a [Path] of the existing file name, which it removes
// once it is no longer wanted (Rust's TempPath::from_path): a file from
// [CreateTemp], say, or one another program made. The Path remembers the
// identity of what is at name now, without following a symbolic link: a
// link is removed as itself. A relative name is made absolute first
// ([vfs.Abs]), so that the Path goes on naming the file if the working
// directory changes. If nothing is at name the error matches
// [fs.ErrNotExist]; a directory is refused with an error matching
// [fs.ErrInvalid] ([NewDir] makes directories that remove themselves).
// [WithTracker] lists the Path in a tracker; no other option applies.
func NewPath(fsys vfs.Fs, name string, opts ...Option) (*Path, error) {
	c, err := newConfig("NewPath", opts)
	if err != nil {
		return nil, err
	}
	if fsys == nil {
		return nil, nilFS("newpath", name)
	}
	abs, err := vfs.Abs(fsys, name)
	if err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return nil, err
	}
	id, err := vfs.Lstat(fsys, abs)
	if err != nil {
		return nil, err
	}
	if id.IsDir() {
		return nil, &fs.PathError{Op: "newpath", Path: abs, Err: fmt.Errorf("a directory, not a file: %w", fs.ErrInvalid)}
	}
	rec := track(trackers(&c, fsys), KindPath, fsys, abs)
	return newPath(fsys, abs, id, false, false, rec), nil
}

// newPath makes the Path and arranges for its file to be removed once it
// is unreachable, unless it is kept.
func newPath(fsys vfs.Fs, name string, id fs.FileInfo, keep, secure bool, rec *record) *Path {
	s := &pathState{fsys: fsys, secure: secure, rec: rec, name: name, id: id, keep: keep, released: keep}
	p := &Path{s: s}
	switch {
	case keep:
	case rec != nil:
		rec.setOnLost(s.lose)
		watch(rec, p, (*Path).Remove)
	default:
		s.cleanup = runtime.AddCleanup(p, (*pathState).lost, s)
		s.hasCleanup = true
	}
	return p
}

// Name returns the file's path: where it was when the Path was made, or
// where Persist or PersistNoClobber moved it.
func (p *Path) Name() string {
	if p.s == nil {
		return ""
	}
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	return p.s.name
}

// Keep makes the Path leave its file in place: Remove does nothing from
// then on, the garbage collector leaves it too, and trackers stop listing
// it (Rust's keep). Reopen, Persist and PersistNoClobber still work.
func (p *Path) Keep() {
	s := p.s
	if s == nil {
		return
	}
	defer runtime.KeepAlive(p)
	s.mu.Lock()
	s.keep = true
	s.mu.Unlock()
	s.release()
}

// Remove removes the file, unless the Path is kept or persisted, in which
// case it does nothing and returns nil. A file that is already gone is
// not an error. If the name now refers to another file (see [Path] on
// identity), Remove leaves it alone and returns an error matching
// [ErrReplaced]. Once Remove has removed the file or found it gone or
// replaced, the Path is finished: later calls of Remove return nil, and
// Reopen, Persist and PersistNoClobber fail with an error matching
// [fs.ErrClosed]. After a failed removal, Remove tries again.
//
// With [WithSecureRemove] given to the File, Remove first reopens the
// file as Reopen does and overwrites it with zeros; if it cannot (a
// filesystem without identity opens the name unchecked), it removes the
// file all the same and returns the error.
func (p *Path) Remove() error {
	s := p.s
	if s == nil {
		return errZeroPath
	}
	defer runtime.KeepAlive(p)
	s.mu.Lock()
	var err error
	if !s.done && !s.keep {
		err = s.removeLocked()
	}
	settled := s.done || s.keep
	s.mu.Unlock()
	if settled {
		s.release()
	}
	return err
}

// removeLocked removes the file if the name still refers to it.
func (s *pathState) removeLocked() error {
	if _, known := vfs.SameFile(s.id, s.id); known {
		fi, err := vfs.Lstat(s.fsys, s.name)
		if errors.Is(err, fs.ErrNotExist) {
			s.done = true
			return nil
		}
		if err != nil {
			return err
		}
		if !sameFile(s.id, fi) {
			s.done = true
			return &fs.PathError{Op: "remove", Path: s.name, Err: ErrReplaced}
		}
	}
	var err error
	if s.secure {
		err = s.wipeLocked()
	}
	if rerr := s.fsys.Remove(s.name); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
		return errors.Join(err, rerr)
	}
	s.done = true
	return err
}

// wipeLocked overwrites the file with zeros through a handle of its own.
func (s *pathState) wipeLocked() error {
	h, err := reopen(s.fsys, s.name, os.O_WRONLY, s.id, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return errors.Join(overwrite(h), h.Close())
}

// release stops the cleanup and the trackers' listing, once.
func (s *pathState) release() {
	s.mu.Lock()
	if s.released {
		s.mu.Unlock()
		return
	}
	s.released = true
	s.mu.Unlock()
	if s.rec != nil {
		s.rec.release()
	} else if s.hasCleanup {
		s.cleanup.Stop()
	}
}

// lose removes the file of an unreachable Path (or one that
// Tracker.CleanupAll finds unreachable), unless it is kept.
func (s *pathState) lose() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done || s.keep {
		return nil
	}
	return s.removeLocked()
}

// lost is the cleanup of an untracked Path.
func (s *pathState) lost() { _ = s.lose() }

// Reopen opens the file by its name as [File.Reopen] does, with the same
// flags and the same check against the file the Path was made of: a name
// taken by another file gives an error matching [ErrReplaced], and a
// filesystem without identity an error matching [errors.ErrUnsupported].
// A finished Path (see [Path.Remove]) gives an error matching
// [fs.ErrClosed]. The caller closes the handle; the Path still removes
// the file as before.
func (p *Path) Reopen(flag int) (vfs.File, error) {
	s := p.s
	if s == nil {
		return nil, &fs.PathError{Op: "reopen", Path: "", Err: errZeroPath.Err}
	}
	defer runtime.KeepAlive(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return nil, &fs.PathError{Op: "reopen", Path: s.name, Err: fs.ErrClosed}
	}
	if err := checkReopenFlag(s.name, flag); err != nil {
		return nil, err
	}
	return reopen(s.fsys, s.name, flag, s.id, true)
}

// Persist moves the file to newpath, replacing anything there, as
// [File.Persist] does: it syncs the file's contents, renames it in one
// atomic step and syncs newpath's directory where the filesystem can;
// across filesystems it copies into a [Pending] in newpath's directory
// and removes the original. [WithFileMode] sets the mode the file has
// once in place. Then the Path names newpath and is kept: Remove and the
// garbage collector leave the file in place, and trackers stop listing it.
//
// Persist works through a handle that it opens by name and checks as
// [Path.Reopen] does (read-write, or read-only if the file's mode forbids
// writing), so a name taken by another file fails with an error matching
// [ErrReplaced] and moves nothing; where the filesystem gives no identity
// it moves whatever has the name. A finished Path gives an error matching
// [fs.ErrClosed]. Otherwise its errors are those of File.Persist: if
// syncing, copying or renaming fails, the file keeps its name and nothing
// at newpath changes; if only what follows the rename fails (the
// directory sync: [ErrDirNotSynced]), the file is at newpath, Name
// returns newpath and the Path is kept.
func (p *Path) Persist(newpath string, opts ...Option) error {
	return p.persist("Persist", newpath, false, opts)
}

// PersistNoClobber is [Path.Persist] that never replaces: if anything
// exists at newpath it fails with an error matching [fs.ErrExist] and
// changes nothing, as [File.PersistNoClobber] does.
func (p *Path) PersistNoClobber(newpath string, opts ...Option) error {
	return p.persist("PersistNoClobber", newpath, true, opts)
}

func (p *Path) persist(op, newpath string, noClobber bool, opts []Option) error {
	s := p.s
	if s == nil {
		return &os.LinkError{Op: "persist", Old: "", New: newpath, Err: errZeroPath.Err}
	}
	c, err := newConfig("Path."+op, opts)
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(p)
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return &os.LinkError{Op: "persist", Old: s.name, New: newpath, Err: fs.ErrClosed}
	}
	err = s.persistLocked(newpath, noClobber, &c)
	kept := s.keep
	s.mu.Unlock()
	if kept {
		s.release()
	}
	return err
}

// persistLocked is File.persist for a file with no handle: it opens one,
// checked, to set the mode and sync, and closes it before the rename,
// since Windows cannot rename a file that a handle without
// FILE_SHARE_DELETE holds open. Across filesystems it hands over to
// File's copy into a Pending.
func (s *pathState) persistLocked(newpath string, noClobber bool, c *config) error {
	fail := func(err error) error { return &os.LinkError{Op: "persist", Old: s.name, New: newpath, Err: err} }
	f, err := s.openFile()
	if err != nil {
		return fail(err)
	}
	if c.set&setFileMode != 0 {
		if err := f.chmodLocked(c.fileMode); err != nil {
			return closeJoin(fail(err), f.File)
		}
	}
	if err := f.File.Sync(); err != nil {
		return closeJoin(fail(err), f.File)
	}
	if err := f.File.Close(); err != nil {
		return fail(err)
	}
	if noClobber {
		err = vfs.RenameNoReplace(s.fsys, s.name, newpath)
	} else {
		err = s.fsys.Rename(s.name, newpath)
	}
	if errors.Is(err, syscall.EXDEV) {
		return s.persistAcrossLocked(newpath, noClobber, fail)
	}
	if err != nil {
		return err
	}
	s.name, s.keep = newpath, true // a rename keeps the file's identity
	if err := vfs.SyncDir(s.fsys, filepath.Dir(newpath)); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return dirNotSynced("persist", newpath, err)
	}
	return nil
}

// persistAcrossLocked copies the file into place on another filesystem
// as File.Persist does, through a File on a handle it opens again.
func (s *pathState) persistAcrossLocked(newpath string, noClobber bool, fail func(error) error) error {
	f, err := s.openFile()
	if err != nil {
		return fail(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	err = f.persistAcrossLocked(newpath, noClobber)
	if f.keep { // moved: newpath has the copy, another file
		s.name, s.keep, s.id = f.name, true, nil
		if !f.closed {
			if fi, serr := f.File.Stat(); serr == nil {
				s.id = fi
			}
		}
	}
	if !f.closed {
		if cerr := f.File.Close(); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}
	return err
}

// openFile opens the file, checked where the filesystem gives identity,
// read-write or else read-only, as a File that does not remove it.
func (s *pathState) openFile() (*File, error) {
	h, err := reopen(s.fsys, s.name, os.O_RDWR, s.id, false)
	if errors.Is(err, fs.ErrPermission) {
		h, err = reopen(s.fsys, s.name, os.O_RDONLY, s.id, false)
	}
	if err != nil {
		return nil, err
	}
	return &File{File: h, fsys: s.fsys, name: s.name, secure: s.secure}, nil
}
