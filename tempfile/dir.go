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
// concurrent use.
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
	c, err := newConfig("NewDir", newDirOK, opts)
	if err != nil {
		return nil, err
	}
	p, err := mkdirTemp(fsys, "mkdirtemp", "", "", &c)
	if err != nil {
		return nil, err
	}
	d := &Dir{fsys: fsys, path: p, fileMode: c.fileMode, dirMode: c.dirMode, ignoreErrs: c.ignoreErrs, keep: c.keep}
	if c.tracker != nil {
		d.rec = c.tracker.track(KindDir, fsys, p)
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
// counts as cleaned up. To remove entries of directories
// without owner write or search permission, it first adds those
// permissions to the directory (never to a link's target); a file whose
// removal is refused for lack of permission (Windows' read-only files)
// gets owner write permission and is tried again.
//
// Cleanup goes on past errors and returns one error per path it could not
// remove, joined with [errors.Join] (a directory whose entries could not
// all be removed is left, without an error of its own). With
// [WithIgnoreCleanupErrors] it returns nil instead; a later call tries
// again.
//
// Where the filesystem implements [vfs.RemoveTreeFS] (osbackend on Unix,
// membackend), Cleanup has it remove the tree relative to each directory:
// no link is followed even if one replaces an entry while it runs, and
// trees deeper than the system's path limit go too. Where it does not, or
// when that removal fails (a directory without owner permissions, say),
// Cleanup walks the tree by path, checking each entry before removing it,
// but it cannot do both in one step: code running as the same user that
// swaps an entry for a link in between can still redirect it. Other users
// cannot, in a directory with mode 0700.
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
	if vfs.RemoveTree(d.fsys, d.path) == nil {
		return nil
	}
	// Unsupported, or stopped by an entry it could not remove: the walk
	// gives directories owner permissions and reports each path it
	// cannot remove.
	return removeDir(d.fsys, d.path, fi)
}

// removeTree removes p and, if p is a directory (not a link to one),
// everything in it.
func removeTree(fsys vfs.Fs, p string) error {
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
	return removeDir(fsys, p, fi)
}

// removeDir removes directory p, described by fi, and everything in it.
func removeDir(fsys vfs.Fs, p string, fi fs.FileInfo) error {
	if fi.Mode().Perm()&0o700 != 0o700 {
		if err := fsys.Chmod(p, fi.Mode().Perm()|0o700); err != nil {
			return err
		}
	}
	names, err := readDirNames(fsys, p)
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

func readDirNames(fsys vfs.Fs, p string) ([]string, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	names, err := f.Readdirnames(-1)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return names, err
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
