package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/tempvfs/tempvfs/internal/randname"
	"github.com/tempvfs/tempvfs/vfs"
)

// ErrDirNotSynced is matched, with [errors.Is], by the error of
// [Pending.Commit], [WriteFile], [File.Persist] and [File.PersistNoClobber]
// when the new file has taken its name but syncing the directory failed:
// the new content is in place, but the rename may not survive a crash.
// The error also wraps the one that syncing returned.
var ErrDirNotSynced = errors.New("moved into place, but its directory was not synced")

// dirNotSynced is the error for a directory sync that failed after name
// took its new content.
func dirNotSynced(op, name string, err error) error {
	return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%w: %w", ErrDirNotSynced, err)}
}

// Pending is a file that will atomically replace, or create, a named file
// when it is committed (google/renameio's PendingFile). Write the new
// content to it, then call [Pending.Commit]; until then the target is
// untouched, and readers that open the target see the old content or the
// new, never a mix.
//
// Where the filesystem can publish an anonymous file ([vfs.PublishFS]:
// osbackend on Linux with O_TMPFILE, membackend), the content is written
// to a file with no name, which a crash takes with it until Commit gives
// it one. Commit then links the complete, synced file straight to the target's
// name if the target does not exist, and always with [WithNoClobber] (a
// link never replaces, so an existing target is then the error): a crash
// at any moment leaves no target or the new one, and no other name. The
// exception is a mode that must be set by name ([WithKeepMode] on a
// filesystem whose files cannot change their mode through the handle):
// so that the target never has another mode, Commit then takes the two
// steps below for any target.
//
// Replacing an existing target takes two steps, since a link cannot
// replace: Commit links the file to a temporary name in the target's
// directory, "." + base name + "." + a random part, and renames that over
// the target. A crash in the short window between the two leaves the
// temporary file, holding the new content, next to the untouched target.
// Where the filesystem cannot publish, the content is written to such a
// named temporary file from the start, and a crash at any time before the
// rename leaves it.
//
// [Pending.Cleanup] removes the temporary file of an abandoned Pending.
// Those that a crash leaves are removed by "tempvfs reap --pending DIR",
// run on the target's directory, once they are older than its
// --older-than (24 hours by default).
//
// Always defer Cleanup (or Close, which is the same) after creating a
// Pending: it is a no-op after a successful Commit and otherwise removes
// the temporary file.
//
// # Where a rename is not atomic for readers
//
// "Atomically" is the filesystem's rename(2): readers see the old file or
// the new one, and on a local filesystem the name is never missing. On a
// FUSE filesystem that silly-renames, sshfs among them, a rename over a
// file that someone has open is two renames: the open target is first
// renamed to a hidden .fuse_hidden… name, then the new file takes the
// target's name. A reader that opens the name between the two gets ENOENT
// ([fs.ErrNotExist]). Readers still never see a mix or a partial file,
// and the old content stays whole until the rename, but a reader there
// should retry an open that finds no file rather than take it for a
// missing one. ("tempvfs check DIR" reports whether DIR's filesystem does
// this.)
//
// # Modes
//
// As [os.WriteFile] keeps the mode of the file it writes, the new file
// gets the permission bits of the file it replaces, exactly, and its
// owner and group where the filesystem lets the caller give them (root
// may; others get the target's group if they belong to it); a new target
// gets perm, less the umask, as [os.OpenFile] would create it.
// [WithStaticMode] gives it perm exactly, whatever the umask and the old
// file.
//
// A Pending is not safe for concurrent use. Its zero value is not usable:
// its methods return an error matching [fs.ErrInvalid].
type Pending struct {
	vfs.File
	rec       *record // nil without a tracker
	fsys      vfs.Fs
	name      string // the target
	tmp       string // the temporary name, "" while the file is anonymous
	perm      fs.FileMode
	noClobber bool
	replacing bool // the target existed when the Pending was made
	chmodName bool // set perm by the temporary name once the file has one
	closed    bool // File has been closed
	done      bool // committed or cleaned up
}

// NewPending starts the replacement of the file name with new content, to
// be written to the returned Pending and committed with [Pending.Commit].
// The new file gets the mode and owner of the file it replaces, or mode
// perm (before umask) where there is none (see [Pending] for the modes,
// and [WithStaticMode]). [WithNoClobber] makes Commit refuse to replace,
// and [WithTracker] lists the Pending in a tracker until it is committed
// or cleaned up. The temporary file is made in name's directory, so that
// the final rename never crosses filesystems.
func NewPending(fsys vfs.Fs, name string, perm fs.FileMode, opts ...Option) (*Pending, error) {
	return startPending("NewPending", fsys, name, perm, opts)
}

// startPending is NewPending for the function op that the caller called.
func startPending(op string, fsys vfs.Fs, name string, perm fs.FileMode, opts []Option) (*Pending, error) {
	c, err := newConfig(op, opts)
	if err != nil {
		return nil, err
	}
	if perm&^fs.ModePerm != 0 {
		return nil, &fs.PathError{Op: "replace", Path: name, Err: fmt.Errorf("mode %v: only permission bits are allowed: %w", perm, fs.ErrInvalid)}
	}
	if fsys == nil {
		return nil, nilFS("replace", name)
	}
	p, err := newPending(fsys, name, perm, c)
	if err != nil {
		return nil, err
	}
	if ts := trackers(&c, fsys); len(ts) > 0 {
		p.rec = track(ts, KindPending, fsys, name)
		f, tmp := p.File, p.tmp
		p.rec.setOnLost(func() error {
			err := f.Close()
			if tmp != "" {
				if rerr := fsys.Remove(tmp); !errors.Is(rerr, fs.ErrNotExist) {
					err = errors.Join(err, rerr)
				}
			}
			return err
		})
		watch(p.rec, p, (*Pending).Cleanup)
	}
	return p, nil
}

func newPending(fsys vfs.Fs, name string, perm fs.FileMode, c config) (*Pending, error) {
	dir := filepath.Dir(name)
	exact := c.staticMode
	var owner *fileOwner
	fi, err := fsys.Stat(name)
	existed := err == nil
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	case existed && !c.staticMode:
		perm, exact = fi.Mode().Perm(), true
		owner = ownerOf(fi)
	}
	p := &Pending{fsys: fsys, name: name, perm: perm, noClobber: c.noClobber, replacing: existed}
	f, err := vfs.CreatePublishable(fsys, dir, perm)
	if errors.Is(err, errors.ErrUnsupported) {
		p.tmp = pendingName(name)
		f, err = vfs.CreateExclusive(fsys, p.tmp, perm)
	}
	if err != nil {
		return nil, err
	}
	p.File = f
	if exact {
		// The old mode, or the static one, whatever the umask.
		if err := p.chmod(); err != nil {
			return nil, errors.Join(err, p.Cleanup())
		}
	}
	if owner != nil {
		p.chown(*owner)
	}
	return p, nil
}

// chown gives the file the owner and group of the file it replaces where
// the caller may: by handle, or by its temporary name. It is best effort:
// an unprivileged caller may only give a file away to itself, or to a
// group it is in.
func (p *Pending) chown(o fileOwner) {
	if c, ok := p.File.(interface{ Chown(uid, gid int) error }); ok {
		if c.Chown(o.uid, o.gid) != nil {
			_ = c.Chown(-1, o.gid)
		}
		return
	}
	if p.tmp != "" {
		if p.fsys.Chown(p.tmp, o.uid, o.gid) != nil {
			_ = p.fsys.Chown(p.tmp, -1, o.gid)
		}
	}
}

// pendingName returns the temporary name for a replacement of name: in
// its directory, "." + its base name + "." + a random part of
// [DefaultRandomLen] characters of [Alphabet].
func pendingName(name string) string {
	random := randname.String(DefaultRandomLen, Alphabet)
	return filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+"."+random)
}

// chmod gives the file mode perm exactly: by its temporary name, or by
// handle while it is anonymous. An anonymous file whose handle cannot
// change its mode is changed by name in commit, once it has one.
func (p *Pending) chmod() error {
	if p.tmp != "" {
		return p.fsys.Chmod(p.tmp, p.perm)
	}
	if c, ok := p.File.(interface{ Chmod(fs.FileMode) error }); ok {
		return c.Chmod(p.perm)
	}
	p.chmodName = true
	return nil
}

// Name returns the name of the target, not of the temporary file.
func (p *Pending) Name() string { return p.name }

// Commit makes the written content the target's: it syncs the file to
// stable storage, gives it the target's name atomically (a rename, or a
// link of the anonymous file: see [Pending]), and syncs the directory
// where the filesystem can. With the no-clobber option Commit fails with
// an error matching [fs.ErrExist] if the target exists. On any failure
// before the file takes the target's name the target is untouched and
// the temporary file is removed.
//
// Once the file has the target's name the target is replaced, whatever
// fails after. If syncing the directory then fails, the new content is
// the target's, no temporary file remains, and the error matches
// [ErrDirNotSynced]: the new name may not survive a crash. An anonymous
// file linked straight to the target's name is closed only after it has
// the name; if that Close fails, the new content is the target's too, no
// temporary file remains, and the error says so.
func (p *Pending) Commit() error {
	if p.fsys == nil {
		return errZeroPending
	}
	if p.done {
		return &fs.PathError{Op: "replace", Path: p.name, Err: fs.ErrClosed}
	}
	err := p.commit()
	if err != nil {
		return errors.Join(err, p.Cleanup())
	}
	p.done = true
	p.rec.release()
	return nil
}

// errZeroPending is the error of the methods of a Pending that was not
// made by NewPending.
var errZeroPending = &fs.PathError{Op: "replace", Path: "", Err: fmt.Errorf("a Pending not made by NewPending: %w", fs.ErrInvalid)}

func (p *Pending) commit() error {
	if err := p.File.Sync(); err != nil {
		return err
	}
	if p.tmp == "" && !p.chmodName && (!p.replacing || p.noClobber) {
		// The content is complete and its mode final, and there was no
		// target to replace: give it the target's name, with no
		// temporary name in between that a crash could leave behind.
		// The link never replaces: if the target exists by now, that is
		// the answer with no-clobber, and otherwise the temporary name
		// and a rename below replace it.
		err := vfs.Publish(p.fsys, p.File, p.name)
		if err == nil {
			return p.published()
		}
		if p.noClobber || !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	if p.tmp == "" {
		// The content is complete: give it a temporary name, so that it
		// can be closed before it takes the target's name.
		tmp := pendingName(p.name)
		if err := vfs.Publish(p.fsys, p.File, tmp); err != nil {
			return err
		}
		p.tmp = tmp
		if p.chmodName {
			if err := p.fsys.Chmod(p.tmp, p.perm); err != nil {
				return err
			}
		}
	}
	if err := p.closeFile(); err != nil {
		return err
	}
	var err error
	if p.noClobber {
		err = vfs.RenameNoReplace(p.fsys, p.tmp, p.name)
	} else {
		err = p.fsys.Rename(p.tmp, p.name)
	}
	if err != nil {
		return err
	}
	p.tmp = ""
	if err := p.syncDir(); err != nil {
		return dirNotSynced("replace", p.name, err)
	}
	return nil
}

// published finishes a commit whose anonymous file has just been linked
// to the target's name: the target is replaced, and what fails now is
// reported without undoing it.
func (p *Pending) published() error {
	var errs []error
	if err := p.closeFile(); err != nil {
		errs = append(errs, &fs.PathError{Op: "replace", Path: p.name, Err: fmt.Errorf("new content in place, but closing it failed: %w", err)})
	}
	if err := p.syncDir(); err != nil {
		errs = append(errs, dirNotSynced("replace", p.name, err))
	}
	return errors.Join(errs...)
}

func (p *Pending) closeFile() error {
	if p.closed {
		return nil
	}
	p.closed = true
	return p.File.Close()
}

func (p *Pending) syncDir() error {
	err := vfs.SyncDir(p.fsys, filepath.Dir(p.name))
	if errors.Is(err, errors.ErrUnsupported) {
		return nil
	}
	return err
}

// Cleanup abandons the pending content: it closes the file and removes
// the temporary one. It is safe to call more than once and after Commit,
// when it does nothing, so it can be deferred.
func (p *Pending) Cleanup() error {
	if p.fsys == nil {
		return errZeroPending
	}
	if p.done {
		return nil
	}
	p.done = true
	defer p.rec.release()
	err := p.closeFile()
	if p.tmp != "" {
		if rerr := p.fsys.Remove(p.tmp); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = errors.Join(err, rerr)
		}
		p.tmp = ""
	}
	return err
}

// Close is [Pending.Cleanup]: before Commit it abandons the pending
// content, closing the file and removing the temporary one; after Commit
// it does nothing. It is there so that closing a Pending as one closes
// any file cannot leave a temporary file behind or make a later Commit
// fail obscurely: a Commit after Close fails with an error matching
// [fs.ErrClosed]. To keep the content, call Commit, which closes the file
// itself.
func (p *Pending) Close() error { return p.Cleanup() }

// WriteFile writes data to the file name atomically, as [os.WriteFile]
// writes it but never in place: it writes a temporary file in name's
// directory, syncs it, renames it over name and syncs the directory (see
// [Pending]). Readers see the old content or the new, never a mix, and on
// any failure the old content stays byte for byte and no temporary file
// remains. As os.WriteFile does, it keeps the mode of the file it
// replaces (and, where it may, the owner); a new file gets mode perm
// (before umask). [WithStaticMode] sets perm exactly, and [WithNoClobber]
// refuses to replace.
//
// If syncing the directory fails after the rename, the new content is in
// place and the error matches [ErrDirNotSynced]: the rename may not
// survive a crash. Where the filesystem publishes anonymous files, a new
// target is linked in place with no temporary name at all; see [Pending]
// for what a crash can leave in each case.
//
// On sshfs (and other FUSE filesystems that silly-rename), replacing a
// file that readers have open is two renames, and a reader that opens
// name between them gets ENOENT: see [Pending].
func WriteFile(fsys vfs.Fs, name string, data []byte, perm fs.FileMode, opts ...Option) error {
	p, err := startPending("WriteFile", fsys, name, perm, opts)
	if err != nil {
		return err
	}
	if _, err := p.Write(data); err != nil {
		return errors.Join(err, p.Cleanup())
	}
	return p.Commit()
}
