package osbackend

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/vfs"
)

// Root is a filesystem confined to one directory of the operating
// system's, built on [os.Root]. Open one with [OpenRoot].
//
// Every name is relative to the root: "", "." and "/" are the root
// itself, and a leading separator means the root, not the host's "/", so
// "/tmp/x" is the entry tmp/x of the directory given to OpenRoot. Names
// are cleaned with [filepath.Clean] before use: "a/../b" is "b" whatever
// a is, and a trailing separator is dropped. Files report as their Name
// the name they were opened with.
//
// Errors are [*fs.PathError] (or [*os.LinkError] for Rename, Link,
// Symlink and RenameNoReplace) that name the path as the caller gave it,
// never the host's path, with the error of the operating system inside:
// [errors.Is] with [fs.ErrNotExist], [fs.ErrExist] or a [syscall.Errno]
// holds as it would for package os. A name that leads out of the root
// fails with os.Root's own error inside ("path escapes from parent").
//
// Entries are created with permission bits only: a mode with the setuid,
// setgid or sticky bit makes OpenFile (when it creates), CreateExclusive,
// Mkdir and MkdirAll fail with an error wrapping [errors.ErrUnsupported],
// as os.Root does; [Root.Chmod] can set those bits afterwards.
//
// # Security notes
//
// No name, no ".." and no symbolic link, absolute or relative, planted
// before a call or swapped in while it runs, makes a method of Root reach
// outside the directory: os.Root resolves each name one element at a
// time relative to open directory descriptors (handles on Windows) and
// follows a link only while it stays inside. Absolute symbolic links are
// never followed, even to a place inside. The capabilities that os.Root
// has no method for (exclusive and anonymous files, no-replace rename,
// tree removal, directory sync) open the directory concerned through the
// root and work relative to its descriptor, so they are confined too. On
// Linux, exclusive and anonymous files and those directories are opened
// in one openat2(2) call with RESOLVE_BENEATH, which the kernel confines
// in the same way, refusing absolute links; where openat2 is missing or
// balks, os.Root resolves the name.
//
// [afero.BasePathFs] is not a confinement: it prefixes names with its
// base and hands them to the operating system, which follows any link,
// planted or swapped in, out of the base.
//
// Symlink stores its target as given; Root will not follow one that leads
// out, but other programs that look up paths in the directory may. As
// os.Root documents, Chmod, Chown and Chtimes may act on a link swapped
// in for the named file rather than on its target, inside the root.
// Links and mount points that lead elsewhere but are not symbolic links
// (bind mounts, hard links made by others) are not confinement's concern:
// they are part of the directory.
//
// Errors name what the caller gave, so a caller that reports them does
// not reveal where the root lies on the host.
//
// # Concurrency
//
// A Root is safe for concurrent use. After [Root.Close] every method
// fails with an error matching [fs.ErrClosed]; files opened before stay
// open.
//
// # Platform differences
//
// On Windows os.Root works relative to directory handles, and reserved
// device names (NUL, COM1) are refused. Files opened through a Root are
// shared for deletion there (os.Root opens them so), so they can be
// renamed and removed while open. RemoveTree there is os.Root's
// RemoveAll, which removes entries relative to handles but does not
// restore permissions; CreateAnonymous is delete-on-close with a
// POSIX-semantics delete, as [FS.CreateAnonymous] is, and SyncDir
// returns an error wrapping [errors.ErrUnsupported]. Modes map to the
// read-only attribute, as for [FS]. On js and plan9 os.Root tracks a
// name, not a descriptor, and cannot confine against a swap (Go's own
// documentation says so).
type Root struct {
	root     *os.Root
	fast     fastPath // Linux: openat2 relative to the root
	tempDirs []string // nil: "/tmp" if it is a directory in the root, then "/"
}

var (
	_ vfs.Fs                = (*Root)(nil)
	_ vfs.ExclusiveFS       = (*Root)(nil)
	_ vfs.AnonymousFS       = (*Root)(nil)
	_ vfs.LinkFS            = (*Root)(nil)
	_ vfs.RenameNoReplaceFS = (*Root)(nil)
	_ vfs.SyncDirFS         = (*Root)(nil)
	_ vfs.RemoveTreeFS      = (*Root)(nil)
	_ vfs.TempDirFS         = (*Root)(nil)
	_ afero.Symlinker       = (*Root)(nil)
)

// OpenRoot opens the directory dir as a [Root]. It follows symbolic links
// in dir itself, as [os.OpenRoot] does. A missing dir gives an
// [*fs.PathError] matching [fs.ErrNotExist] and one that is not a
// directory an error matching syscall.ENOTDIR. It applies [WithTempDirs];
// an Option that is nil, does not apply to OpenRoot or is given twice is
// an error wrapping [fs.ErrInvalid].
func OpenRoot(dir string, opts ...Option) (*Root, error) {
	c, err := newConfig(forOpenRoot, opts)
	if err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			// os.OpenRoot says so with an error of its own, not the errno.
			err = &fs.PathError{Op: "open", Path: dir, Err: syscall.ENOTDIR}
		}
		return nil, err
	}
	root := &Root{root: r, tempDirs: c.tempDirs}
	root.fast.init(r)
	return root, nil
}

// errRemoveRoot is the error, inside an [*fs.PathError], of RemoveTree
// asked to remove the root itself.
var errRemoveRoot = fmt.Errorf("%w: RemoveTree cannot remove the root itself", fs.ErrInvalid)

// Name returns "osbackend.Root".
func (*Root) Name() string { return "osbackend.Root" }

// Close closes the root; every later call of a method fails with an
// error matching [fs.ErrClosed]. Files opened through the root stay open.
// Closing a closed Root does nothing and returns nil.
func (r *Root) Close() error {
	err := r.root.Close()
	r.fast.close()
	return err
}

// rel returns name as os.Root takes it: cleaned, relative to the root,
// "." for the root itself.
func rel(name string) string {
	if name == "" {
		return "."
	}
	c := strings.TrimLeft(filepath.Clean(name), `/`+string(filepath.Separator))
	if c == "" {
		return "."
	}
	return c
}

// pathError returns err, from os.Root, as an [*fs.PathError] for op and
// the name the caller gave.
func pathError(op, name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// linkError returns err, from os.Root, as an [*os.LinkError] for op and
// the names the caller gave.
func linkError(op, oldname, newname string, err error) error {
	var le *os.LinkError
	var pe *fs.PathError
	switch {
	case errors.As(err, &le):
		err = le.Err
	case errors.As(err, &pe):
		err = pe.Err
	}
	return &os.LinkError{Op: op, Old: oldname, New: newname, Err: err}
}

// createPerm checks that perm, for an entry to create, has no bits that
// os.Root refuses, and returns its permission bits. The type bits, which
// os ignores, are ignored.
func createPerm(op, name string, perm fs.FileMode) (fs.FileMode, error) {
	if special := perm & (fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky); special != 0 {
		return 0, &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%w: mode %v: a Root creates entries with permission bits only; set the others with Chmod", errors.ErrUnsupported, perm)}
	}
	return perm.Perm(), nil
}

// Create creates or truncates the named file, opened for reading and
// writing, with mode 0666 (before umask).
func (r *Root) Create(name string) (afero.File, error) {
	return r.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// Open opens the named file or directory for reading.
func (r *Root) Open(name string) (afero.File, error) {
	return r.OpenFile(name, os.O_RDONLY, 0)
}

// OpenFile opens the named file with flag, as [os.OpenFile] does, and
// creates it with mode perm (before umask) if flag has O_CREATE.
func (r *Root) OpenFile(name string, flag int, perm fs.FileMode) (afero.File, error) {
	if flag&os.O_CREATE == 0 {
		perm = 0
	}
	perm, err := createPerm("open", name, perm)
	if err != nil {
		return nil, err
	}
	f, err := r.root.OpenFile(rel(name), flag, perm)
	if err != nil {
		return nil, pathError("open", name, err)
	}
	return newRootFile(f, name), nil
}

// CreateExclusive creates the named file with mode perm (before umask),
// opened for reading and writing. It fails with an error matching
// [fs.ErrExist] if anything exists at name: a symbolic link there, to a
// file inside or outside the root or to nothing, is never followed.
func (r *Root) CreateExclusive(name string, perm fs.FileMode) (vfs.File, error) {
	perm, err := createPerm("open", name, perm)
	if err != nil {
		return nil, err
	}
	return r.createExclusive(name, perm)
}

// Mkdir creates the directory name with mode perm (before umask).
func (r *Root) Mkdir(name string, perm fs.FileMode) error {
	perm, err := createPerm("mkdir", name, perm)
	if err != nil {
		return err
	}
	if err := r.root.Mkdir(rel(name), perm); err != nil {
		return pathError("mkdir", name, err)
	}
	return nil
}

// MkdirAll creates the directory name and any parents it lacks, with mode
// perm (before umask), as [os.MkdirAll] does.
func (r *Root) MkdirAll(name string, perm fs.FileMode) error {
	perm, err := createPerm("mkdir", name, perm)
	if err != nil {
		return err
	}
	if err := r.root.MkdirAll(rel(name), perm); err != nil {
		return pathError("mkdir", name, err)
	}
	return nil
}

// Remove removes the named file or empty directory.
func (r *Root) Remove(name string) error {
	if err := r.root.Remove(rel(name)); err != nil {
		return pathError("remove", name, err)
	}
	return nil
}

// RemoveAll removes name and everything in it, as [os.RemoveAll] does,
// relative to directory descriptors: it follows no symbolic link. A
// missing name is not an error; the root itself cannot be removed (an
// error matching syscall.EINVAL). See [Root.RemoveTree] for a removal
// that also restores permissions on its way.
func (r *Root) RemoveAll(name string) error {
	if err := r.root.RemoveAll(rel(name)); err != nil {
		return pathError("RemoveAll", name, err)
	}
	return nil
}

// Rename renames oldname to newname, replacing a file at newname, as
// [os.Rename] does.
func (r *Root) Rename(oldname, newname string) error {
	if err := r.root.Rename(rel(oldname), rel(newname)); err != nil {
		return linkError("rename", oldname, newname, err)
	}
	return nil
}

// Stat returns a FileInfo describing the named file, following symbolic
// links that stay in the root.
func (r *Root) Stat(name string) (fs.FileInfo, error) {
	fi, err := r.root.Stat(rel(name))
	if err != nil {
		return nil, pathError("stat", name, err)
	}
	return fi, nil
}

// Chmod changes the mode of the named file to mode, as [os.Chmod] does.
func (r *Root) Chmod(name string, mode fs.FileMode) error {
	if err := r.root.Chmod(rel(name), mode); err != nil {
		return pathError("chmod", name, err)
	}
	return nil
}

// Chown changes the numeric user and group of the named file, as
// [os.Chown] does.
func (r *Root) Chown(name string, uid, gid int) error {
	if err := r.root.Chown(rel(name), uid, gid); err != nil {
		return pathError("chown", name, err)
	}
	return nil
}

// Chtimes changes the access and modification times of the named file,
// as [os.Chtimes] does.
func (r *Root) Chtimes(name string, atime, mtime time.Time) error {
	if err := r.root.Chtimes(rel(name), atime, mtime); err != nil {
		return pathError("chtimes", name, err)
	}
	return nil
}

// LstatIfPossible returns a FileInfo describing the named file without
// following a symbolic link at its last element, and true.
func (r *Root) LstatIfPossible(name string) (fs.FileInfo, bool, error) {
	fi, err := r.root.Lstat(rel(name))
	if err != nil {
		return nil, true, pathError("lstat", name, err)
	}
	return fi, true, nil
}

// SymlinkIfPossible creates newname as a symbolic link to oldname, which
// is stored as given. A link whose target is absolute, or leads out of
// the root, can be made but is never followed by the Root.
func (r *Root) SymlinkIfPossible(oldname, newname string) error {
	if err := r.root.Symlink(oldname, rel(newname)); err != nil {
		return linkError("symlink", oldname, newname, err)
	}
	return nil
}

// ReadlinkIfPossible returns the target of the named symbolic link, as it
// was stored.
func (r *Root) ReadlinkIfPossible(name string) (string, error) {
	s, err := r.root.Readlink(rel(name))
	if err != nil {
		return "", pathError("readlink", name, err)
	}
	return s, nil
}

// Link creates newname as a hard link to oldname, failing with an error
// matching [fs.ErrExist] if newname exists. A symbolic link at oldname is
// linked itself, never followed.
func (r *Root) Link(oldname, newname string) error {
	if err := r.root.Link(rel(oldname), rel(newname)); err != nil {
		return linkError("link", oldname, newname, err)
	}
	return nil
}

// TempDirs returns the candidate directories for temporary files, as
// names in the root: those set by [WithTempDirs]; otherwise "/tmp" if it
// is a directory in the root (looked at on each call), then "/".
func (r *Root) TempDirs() []string {
	if r.tempDirs != nil {
		return append([]string{}, r.tempDirs...)
	}
	sep := string(filepath.Separator)
	if fi, err := r.root.Stat("tmp"); err == nil && fi.IsDir() {
		return []string{sep + "tmp", sep}
	}
	return []string{sep}
}

// linkThenRemove renames oldname to newname through the root unless
// newname exists: the portable no-replace rename.
func (r *Root) linkThenRemove(oldname, newname string) error {
	if err := r.root.Link(rel(oldname), rel(newname)); err != nil {
		return linkError("rename", oldname, newname, err)
	}
	if err := r.root.Remove(rel(oldname)); err != nil {
		return linkError("rename", oldname, newname, err)
	}
	return nil
}
