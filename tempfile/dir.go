package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/tempvfs/tempvfs/vfs"
)

// ErrEscape is the error, inside an [*fs.PathError], for a path given to
// a [Dir] helper that would lead outside the directory: an absolute path,
// one with ".." or NUL, or one that passes through a symbolic link. It
// matches [fs.ErrInvalid] with [errors.Is].
var ErrEscape = fmt.Errorf("tempfile: path leads outside the directory: %w", fs.ErrInvalid)

// Dir is a temporary directory that [Dir.Cleanup] removes with everything
// in it, as Python's TemporaryDirectory does. Its methods are safe for
// concurrent use. The zero value is not usable: its methods that touch the
// filesystem return an error matching [fs.ErrInvalid] (it has none), and
// Path returns ""; make one with [NewDir].
type Dir struct {
	fsys       vfs.Fs
	path       string
	fileMode   fs.FileMode
	dirMode    fs.FileMode
	ignoreErrs bool
	rec        *record // nil without a tracker

	mu   sync.Mutex
	keep bool
	done bool // removed by a successful Cleanup
}

// NewDir creates a temporary directory as [MkdirTemp] does, in the
// directory of [WithDir] or else [TempDir], named from [WithPrefix]
// (default [DefaultPrefix]), the random part and [WithSuffix], with mode
// 0700 or that of [WithDirMode]. [WithFileMode] and [WithDirMode] also set
// the modes that [Dir.WriteFile], [Dir.MkdirAll] and [Dir.WriteTree] use.
func NewDir(fsys vfs.Fs, opts ...Option) (*Dir, error) {
	c, err := newConfig("NewDir", opts)
	if err != nil {
		return nil, err
	}
	p, err := mkdirTemp(fsys, "mkdirtemp", "", "", &c)
	if err != nil {
		return nil, err
	}
	d := &Dir{fsys: fsys, path: p, fileMode: c.fileMode, dirMode: c.dirMode, ignoreErrs: c.ignoreErrs, keep: c.keep}
	if ts := trackers(&c, fsys); len(ts) > 0 {
		d.rec = track(ts, KindDir, fsys, p)
		if c.keep {
			d.rec.setKeep()
		}
		watch(d.rec, d, (*Dir).Cleanup)
	}
	return d, nil
}

// Path returns the directory's path.
func (d *Dir) Path() string { return d.path }

// Keep makes Cleanup leave the directory in place.
func (d *Dir) Keep() {
	d.mu.Lock()
	d.keep = true
	d.mu.Unlock()
	d.rec.setKeep()
}

// Cleanup removes the directory and everything in it, and returns nil once
// it is gone; calling it again does nothing. It does nothing if the
// directory is kept.
//
// Cleanup never follows a symbolic link: a link in the tree is removed,
// not what it points to. If the directory itself has been replaced by a
// link (or anything else), Cleanup removes only that entry and returns an
// [*fs.PathError] matching [fs.ErrInvalid] to report it; the directory
// counts as cleaned up. To remove entries of directories without owner
// read, write or search permission, it first gives the owner those
// permissions on the directory (never on a link's target); a file whose
// removal is refused for lack of permission (Windows' read-only files)
// gets owner write permission and is tried again.
//
// On Windows, where a file that another program (an indexer, a virus
// scanner, a reader) has open without FILE_SHARE_DELETE cannot be removed
// and a directory holding a removed file that is still open is not empty
// until it is closed, Cleanup tries the whole removal again, for up to two
// seconds, while it fails only with such errors (a sharing violation,
// "The directory is not empty", "Access denied"), as testing.T.TempDir's
// cleanup does; then it returns what is left.
//
// On NFS and FUSE filesystems (sshfs), on any system, a file removed while
// it is still open stays under a hidden name (.nfs…, .fuse_hidden…) until
// it is closed, and a moment after, and the directory that holds it
// cannot be removed before that. When nothing is left but such names,
// Cleanup tries again in the same way, for up to two seconds; a file still
// open after that makes it fail with an error matching syscall.ENOTEMPTY
// that says so (and names the hidden files, where a listing shows them:
// sshfs's may not for a while), and a later Cleanup, once the file is
// closed, removes the rest.
//
// Cleanup goes on past errors and returns one error per path it could not
// remove, joined with [errors.Join] (a directory whose entries could not
// all be removed is left, without an error of its own). With
// [WithIgnoreCleanupErrors] it returns nil instead; a later call tries
// again.
//
// # Security
//
// Where the filesystem implements [vfs.RemoveTreeFS] (osbackend on Unix,
// osbackend's Root, membackend), Cleanup leaves the whole removal to it:
// each directory is opened without following links and its entries are
// removed relative to it, so nothing outside the tree is opened, changed
// or removed, even when code running as the same user swaps an entry for
// a link at any moment; such a swap makes the removal look at the entry
// again, never fall back to a walk by path. Trees deeper than the
// system's path limit go too.
//
// Elsewhere (an afero filesystem without the capability, osbackend on
// Windows), Cleanup walks the tree by path, and a walk by path is racy by
// nature: between the Lstat that shows an entry to be a directory and the
// Open, Chmod or Remove that follows, code running as the same user can
// replace it, or a directory above it, with a link. The walk narrows that
// to what cannot be checked: it opens and lists only what Lstat has just
// shown to be a directory, and where the filesystem's FileInfo carries
// device and inode numbers ([vfs.SameFile]) it checks that the opened
// directory is the one Lstat saw, treating any other as a swap (the entry
// is looked at again); it gives permissions through the opened directory
// where its File has a Chmod method. What is left: on a filesystem whose
// FileInfo carries no identity, a swap between Lstat and Open goes
// unseen; a directory that cannot be opened for lack of owner permission,
// or whose File has no Chmod, is chmodded by path, so a swap just before
// that changes the mode of the link's target; and a directory above the
// entry being removed that is swapped for a link after it was listed
// redirects the paths below it. Other users can do none of these in a
// directory with mode 0700.
func (d *Dir) Cleanup() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.keep || d.done {
		d.rec.release()
		return nil
	}
	err := d.cleanup()
	if err == nil || d.done {
		d.done = true
		d.rec.release()
	}
	if err == nil || d.ignoreErrs {
		return nil
	}
	return err
}

func (d *Dir) cleanup() error {
	fi, err := vfs.Lstat(d.fsys, d.path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if !fi.IsDir() {
		// Replaced behind our back: remove what is there, never what a
		// link points to, and say so.
		if err := removeEntry(d.fsys, d.path, fi); err != nil {
			return err
		}
		d.done = true
		return &fs.PathError{Op: "cleanup", Path: d.path, Err: fmt.Errorf("no longer a directory but %v; removed it without following it: %w", fi.Mode().Type(), fs.ErrInvalid)}
	}
	return retryBusy(func() error { return heldOpen(d.fsys, d.path, removeAll(d.fsys, d.path)) })
}

// removeAll removes p and everything in it, following no link: through
// [vfs.RemoveTree] where the filesystem has it, which then has the last
// word (what it could not remove is reported, never handed to a walk by
// path), and otherwise by the walk of removeTree.
func removeAll(fsys vfs.Fs, p string) error {
	if err := vfs.RemoveTree(fsys, p); !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return removeTree(fsys, p)
}

// maxWalkSwaps bounds how often the walk looks again at an entry that was
// swapped while it looked.
const maxWalkSwaps = 100

// errSwapped marks a directory that was not the one Lstat had just shown.
var errSwapped = errors.New("replaced while being removed")

// removeTree removes p and, if p is a directory (not a link to one),
// everything in it, walking by path: the fallback for a filesystem without
// [vfs.RemoveTreeFS].
func removeTree(fsys vfs.Fs, p string) error {
	for range maxWalkSwaps {
		fi, err := vfs.Lstat(fsys, p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !fi.IsDir() {
			return removeEntry(fsys, p, fi)
		}
		if err := removeDir(fsys, p, fi); !errors.Is(err, errSwapped) {
			return err
		}
	}
	return &fs.PathError{Op: "remove", Path: p, Err: fmt.Errorf("%w too often", errSwapped)}
}

// removeDir removes directory p, which Lstat has just described as fi, and
// everything in it. It returns an error wrapping errSwapped, having
// changed and removed nothing, when what it opened at p is not that
// directory.
func removeDir(fsys vfs.Fs, p string, fi fs.FileInfo) error {
	perm := fi.Mode().Perm()
	f, err := fsys.Open(p)
	if errors.Is(err, fs.ErrPermission) && perm&0o700 != 0o700 {
		// It cannot be opened to be listed before it has owner
		// permissions, and the only way to give them is by path (see
		// Cleanup's doc).
		if err := fsys.Chmod(p, perm|0o700); err != nil {
			return err
		}
		perm |= 0o700
		f, err = fsys.Open(p)
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &fs.PathError{Op: "open", Path: p, Err: errSwapped}
		}
		return err
	}
	names, err := listVerified(fsys, f, p, fi, perm)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	var errs []error
	for _, n := range names {
		if err := removeTree(fsys, filepath.Join(p, n)); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := fsys.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// listVerified checks that f, opened at p, is the directory fi describes,
// gives it owner write and search permission if perm lacks them, and
// returns its entries' names. The permissions are changed through f where
// its File has a Chmod method, and by path otherwise.
func listVerified(fsys vfs.Fs, f vfs.File, p string, fi fs.FileInfo, perm fs.FileMode) ([]string, error) {
	ofi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !ofi.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: p, Err: errSwapped}
	}
	if same, known := vfs.SameFile(fi, ofi); known && !same {
		return nil, &fs.PathError{Op: "open", Path: p, Err: errSwapped}
	}
	if perm&0o700 != 0o700 {
		if c, ok := f.(interface{ Chmod(fs.FileMode) error }); ok {
			err = c.Chmod(perm | 0o700)
		} else {
			err = fsys.Chmod(p, perm|0o700)
		}
		if err != nil {
			return nil, err
		}
	}
	return f.Readdirnames(-1)
}

// removeEntry removes a file or link p, described by fi.
func removeEntry(fsys vfs.Fs, p string, fi fs.FileInfo) error {
	err := fsys.Remove(p)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if fi.Mode().IsRegular() && errors.Is(err, fs.ErrPermission) && fi.Mode().Perm()&0o200 == 0 {
		if cerr := fsys.Chmod(p, fi.Mode().Perm()|0o200); cerr == nil {
			if err = fsys.Remove(p); err == nil || errors.Is(err, fs.ErrNotExist) {
				return nil
			}
		}
	}
	return err
}

// Join returns the path of rel inside the directory. rel is a
// slash-separated relative path as [fs.ValidPath] accepts ("." is the
// directory itself) that [filepath.IsLocal] also accepts (on Windows: no
// backslash, colon or reserved name such as NUL); anything else fails with
// an [*fs.PathError] wrapping [ErrEscape]. Join does not look at the
// filesystem.
func (d *Dir) Join(rel string) (string, error) {
	if !fs.ValidPath(rel) || strings.ContainsRune(rel, 0) ||
		(filepath.Separator != '/' && strings.ContainsRune(rel, filepath.Separator)) ||
		(rel != "." && !filepath.IsLocal(filepath.FromSlash(rel))) {
		return "", &fs.PathError{Op: "join", Path: rel, Err: ErrEscape}
	}
	return filepath.Join(d.path, filepath.FromSlash(rel)), nil
}

// MkdirAll creates directory rel inside the directory, with the parents it
// lacks, each with mode 0700 or that of [WithDirMode]. rel is as for
// [Dir.Join]. A symbolic link or a file on the way fails the call with an
// error wrapping [ErrEscape] or matching [fs.ErrExist]; MkdirAll never
// follows a link.
func (d *Dir) MkdirAll(rel string) error {
	_, err := d.mkdirAll(rel, "mkdir")
	return err
}

// mkdirAll creates the directories of rel and returns its full path.
func (d *Dir) mkdirAll(rel, op string) (string, error) {
	full, err := d.Join(rel)
	if err != nil {
		return "", &fs.PathError{Op: op, Path: rel, Err: ErrEscape}
	}
	p := d.path
	if rel == "." {
		return p, nil
	}
	for _, part := range strings.Split(rel, "/") {
		p = filepath.Join(p, part)
		fi, err := vfs.Lstat(d.fsys, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := d.fsys.Mkdir(p, d.dirMode); err != nil && !errors.Is(err, fs.ErrExist) {
				return "", err
			}
			// Someone may have made it meanwhile: check what is there.
			if fi, err = vfs.Lstat(d.fsys, p); err != nil {
				return "", err
			}
		case err != nil:
			return "", err
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			return "", &fs.PathError{Op: op, Path: p, Err: fmt.Errorf("symbolic link on the way: %w", ErrEscape)}
		case !fi.IsDir():
			return "", &fs.PathError{Op: op, Path: p, Err: fmt.Errorf("not a directory: %w", fs.ErrExist)}
		}
	}
	return full, nil
}

// WriteFile creates file rel inside the directory, with the parent
// directories it lacks (as [Dir.MkdirAll]), and writes data to it. rel is
// as for [Dir.Join] and must not be ".". The file is created exclusively
// with mode 0600 or that of [WithFileMode]: if anything exists at rel, a
// link included, it fails with an error matching [fs.ErrExist]. If writing
// fails, the file is removed.
func (d *Dir) WriteFile(rel string, data []byte) error {
	if rel == "." {
		return &fs.PathError{Op: "writefile", Path: rel, Err: fmt.Errorf("the directory itself: %w", fs.ErrInvalid)}
	}
	full, err := d.Join(rel)
	if err != nil {
		return &fs.PathError{Op: "writefile", Path: rel, Err: ErrEscape}
	}
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		if _, err := d.mkdirAll(rel[:i], "writefile"); err != nil {
			return err
		}
	}
	f, err := vfs.CreateExclusive(d.fsys, full, d.fileMode)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errors.Join(err, d.fsys.Remove(full))
	}
	return nil
}

// WriteTree builds a tree inside the directory from tree, which maps a
// path, as for [Dir.Join], to a file's contents; a path ending in "/"
// names a directory (its value is ignored). Entries are made in the
// order of their sorted paths, as [Dir.WriteFile] and [Dir.MkdirAll] make
// them; the first error stops the work and is returned, leaving what was
// made for [Dir.Cleanup].
func (d *Dir) WriteTree(tree map[string]string) error {
	keys := make([]string, 0, len(tree))
	for k := range tree {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var err error
		if dir, ok := strings.CutSuffix(k, "/"); ok {
			err = d.MkdirAll(dir)
		} else {
			err = d.WriteFile(k, []byte(tree[k]))
		}
		if err != nil {
			return err
		}
	}
	return nil
}
