package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tempvfs/tempvfs/vfs"
)

// Symlink makes newname a symbolic link to oldname, replacing whatever
// link or file is at newname in one atomic step (google/renameio's
// Symlink): a reader of newname finds the old entry or the new link,
// never nothing. It creates the link at a temporary name in newname's
// directory, "." + newname's base name + "." + a random part (the shape
// of a [Pending]'s temporary file), renames that over newname, and then
// syncs the directory where the filesystem can ([vfs.SyncDir]), so that
// the change survives a crash. A crash between the link and the rename
// leaves the temporary link next to newname ("tempvfs reap --pending"
// removes only regular files). A link at newname is replaced as itself,
// never followed: replacing a link to a directory leaves the directory
// alone.
//
// A directory at newname is not replaced: the rename fails (EEXIST from
// package os, EISDIR from the system), and so does Symlink. On any failure
// before the rename, or of the rename, newname is untouched and the
// temporary link is removed. If only the directory sync fails, the link
// is in place and the error matches [ErrDirNotSynced].
//
// With [WithNoClobber], Symlink creates the link at newname itself, which
// fails with an error matching [fs.ErrExist] if anything, a dangling link
// included, is there. On a filesystem without symbolic links (afero's
// MemMapFs) Symlink fails with an error matching [errors.ErrUnsupported];
// on Windows, creating one needs a privilege or Developer Mode.
//
// Errors are [*os.LinkError] with Op "symlink", Old oldname and New
// newname, except those of a nil filesystem and of a failed directory
// sync, which are [*fs.PathError] for newname. A newname that is empty or
// ends in a path separator is an error matching [fs.ErrInvalid].
func Symlink(fsys vfs.Fs, oldname, newname string, opts ...Option) error {
	c, err := newConfig("Symlink", opts)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return &os.LinkError{Op: "symlink", Old: oldname, New: newname, Err: err}
	}
	if fsys == nil {
		return nilFS("symlink", newname)
	}
	if newname == "" || os.IsPathSeparator(newname[len(newname)-1]) {
		return fail(fmt.Errorf("not a name for a link: %w", fs.ErrInvalid))
	}
	dir := filepath.Dir(newname)
	if c.noClobber {
		if err := vfs.Symlink(fsys, oldname, newname); err != nil {
			return fail(err)
		}
		return syncLinkDir(fsys, dir, newname)
	}
	m := namer{fsys: fsys, op: "symlink", dir: dir, prefix: "." + filepath.Base(newname) + ".", n: DefaultRandomLen}
	tmp, err := m.try(func(name string) error { return vfs.Symlink(fsys, oldname, name) })
	if err != nil {
		return fail(err)
	}
	if err := fsys.Rename(tmp, newname); err != nil {
		err = fail(err)
		if rerr := fsys.Remove(tmp); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = errors.Join(err, rerr)
		}
		return err
	}
	return syncLinkDir(fsys, dir, newname)
}

// syncLinkDir syncs dir, which holds the new link newname, where the
// filesystem can.
func syncLinkDir(fsys vfs.Fs, dir, newname string) error {
	if err := vfs.SyncDir(fsys, dir); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return dirNotSynced("symlink", newname, err)
	}
	return nil
}
