// Package osbackend is the operating system's filesystem as a [vfs.Fs]:
// afero's OsFs plus every vfs capability the platform offers.
//
// Names are passed to the operating system as they are, so relative names
// are resolved against the process's working directory, as package os does.
// Files are [*os.File] values (a [Root]'s have every method of one).
//
// # Security
//
// [FS.CreateExclusive] opens with O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC on
// Unix: it never follows a symbolic link at the final component, and the
// descriptor is not inherited by child processes.
//
// An anonymous file from [FS.CreateAnonymous] can never be given a name:
// on Linux it is opened with O_TMPFILE|O_EXCL, so neither [FS.Publish] nor
// linkat(2) through /proc/self/fd, which any process of the same user
// could try, links it anywhere. Only [FS.CreatePublishable] makes files
// that can be.
//
// # Confinement
//
// [OpenRoot] gives a [Root]: a filesystem confined to one directory, on
// [os.Root]. Its names are relative to the directory ("/" is the
// directory itself), and no "..", absolute name or symbolic link, planted
// or swapped in while a call runs, reaches outside it. [FS] and afero's
// BasePathFs do not confine: the operating system follows every link.
//
// # Concurrency
//
// An FS holds no mutable state; it is safe for concurrent use, and the
// zero FS is ready to use.
//
// # Platform differences
//
//   - Linux: anonymous files use O_TMPFILE, publishing uses linkat, and
//     no-replace rename uses renameat2(RENAME_NOREPLACE). Each falls back
//     when the kernel or the filesystem refuses (EOPNOTSUPP, EINVAL,
//     ENOSYS): anonymous files to create-then-unlink, no-replace rename to
//     link-then-unlink, and publishing to an error wrapping
//     [errors.ErrUnsupported].
//   - Other Unix systems: anonymous files are created then unlinked; files
//     cannot be published; macOS renames with renamex_np(RENAME_EXCL) and
//     the others link then unlink.
//   - Windows: [FS.CreateExclusive], and so every temporary file that
//     package tempfile makes on an FS, opens with CreateFile(CREATE_NEW)
//     shared for reading, writing and deletion (FILE_SHARE_DELETE), so
//     that the file can be renamed (Persist) and removed while it is
//     open, as on Unix, with FILE_FLAG_OPEN_REPARSE_POINT, so that a
//     symbolic link or junction planted at the name is refused, not
//     followed. Files opened with OpenFile are os.OpenFile's, not shared
//     for deletion: renaming or removing one while it is open is a
//     sharing violation. Anonymous files are created with
//     FILE_FLAG_DELETE_ON_CLOSE, so that Windows frees them on Close or
//     when the process dies, and their name is removed at once with a
//     POSIX-semantics delete (Windows 10 1607 and later, on NTFS); where
//     that delete is refused (FAT, network shares, Wine),
//     [FS.CreateAnonymous] returns an error wrapping
//     [errors.ErrUnsupported] and leaves nothing behind. Files cannot be
//     published. [FS.SyncDir] flushes the directory opened for writing
//     and returns an error wrapping errors.ErrUnsupported where Windows
//     refuses that ("Access denied"). No-replace rename is MoveFileEx
//     without MOVEFILE_REPLACE_EXISTING.
//   - Windows has no Unix permission bits. Modes map as package os maps
//     them: a mode without the owner write bit (0o200) sets the read-only
//     attribute, which is all that is kept; Stat reports 0o444 for a
//     read-only file and 0o666 for any other (0o777 for a directory), so
//     a file created with 0o600 reads back as 0o666, and Chmod only sets
//     or clears the read-only attribute. Who may open a file is decided
//     by its ACL, inherited from its directory (for the temporary
//     directory of a user, that user, the administrators and SYSTEM).
//   - Windows: creating a symbolic link needs a privilege
//     (SeCreateSymbolicLinkPrivilege, or Developer Mode); without it
//     SymlinkIfPossible fails with ERROR_PRIVILEGE_NOT_HELD.
//   - Temporary-directory candidates are each platform's own: see
//     [FS.TempDirs].
package osbackend

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/internal/randname"
	"github.com/tempvfs/tempvfs/vfs"
)

// FS is the operating system's filesystem. Create one with [New]; the zero
// value is also ready to use and behaves as New().
type FS struct {
	afero.OsFs
	tempDirs []string // nil: computed from the environment on each call
}

var (
	_ vfs.Fs                = (*FS)(nil)
	_ vfs.ExclusiveFS       = (*FS)(nil)
	_ vfs.AnonymousFS       = (*FS)(nil)
	_ vfs.PublishFS         = (*FS)(nil)
	_ vfs.LinkFS            = (*FS)(nil)
	_ vfs.RenameNoReplaceFS = (*FS)(nil)
	_ vfs.SyncDirFS         = (*FS)(nil)
	_ vfs.TempDirFS         = (*FS)(nil)
	_ afero.Symlinker       = (*FS)(nil)
)

// Option configures [New] or [OpenRoot]. Each With* function says which
// of them it applies to.
type Option interface {
	apply(*config) error
}

// config collects the settings of one constructor call.
type config struct {
	fn       constructor // the constructor being called
	given    setting     // the settings given so far
	tempDirs []string    // nil: the default candidates
}

// constructor identifies [New] or [OpenRoot], for options that apply to
// only one of them.
type constructor uint8

const (
	forNew constructor = 1 << iota
	forOpenRoot
)

func (c constructor) String() string {
	if c == forOpenRoot {
		return "OpenRoot"
	}
	return "New"
}

// setting identifies one option, to detect one given twice.
type setting uint8

const (
	setTempDirs setting = 1 << iota
)

// option is an Option that sets one setting for the constructors in to.
type option struct {
	name string // "WithTempDirs", for errors
	s    setting
	to   constructor
	f    func(*config)
}

func (o option) apply(c *config) error {
	if o.to&c.fn == 0 {
		return fmt.Errorf("osbackend: %v does not take %s: %w", c.fn, o.name, fs.ErrInvalid)
	}
	if c.given&o.s != 0 && c.fn == forOpenRoot {
		return fmt.Errorf("osbackend: %v: %s given twice: %w", c.fn, o.name, fs.ErrInvalid)
	}
	c.given |= o.s
	o.f(c)
	return nil
}

// newConfig applies opts for the constructor fn. It stops at the first
// option that is nil or does not apply to fn, and returns its error.
func newConfig(fn constructor, opts []Option) (config, error) {
	c := config{fn: fn}
	for _, o := range opts {
		if o == nil {
			return c, fmt.Errorf("osbackend: %v: nil Option: %w", fn, fs.ErrInvalid)
		}
		if err := o.apply(&c); err != nil {
			return c, err
		}
	}
	return c, nil
}

// WithTempDirs sets the candidate directories that [FS.TempDirs] or
// [Root.TempDirs] returns, in place of the defaults. The slice is copied.
// It applies to [New] and [OpenRoot]; for OpenRoot the names are relative
// to the root, as every name given to a [Root] is. Given twice, the last
// one counts for New and OpenRoot fails.
func WithTempDirs(dirs ...string) Option {
	dirs = append([]string{}, dirs...)
	return option{name: "WithTempDirs", s: setTempDirs, to: forNew | forOpenRoot, f: func(c *config) { c.tempDirs = dirs }}
}

// New returns the operating system's filesystem. New cannot fail: it
// ignores a nil Option and one that does not apply to it, which
// [OpenRoot] would refuse.
func New(opts ...Option) *FS {
	c := config{fn: forNew}
	for _, o := range opts {
		if o != nil {
			_ = o.apply(&c) // an error means o does not apply to New
		}
	}
	return &FS{tempDirs: c.tempDirs}
}

// Name returns "osbackend".
func (*FS) Name() string { return "osbackend" }

// CreateExclusive creates the named file with mode perm (before umask),
// opened for reading and writing. It fails with an error matching
// [fs.ErrExist] if anything, a symbolic link included, exists at name. On
// Unix the file is opened with O_NOFOLLOW and O_CLOEXEC, directly through
// the system call: a regular file gains nothing from Go's poller, and
// registering with it costs five system calls. On Windows it is opened
// with CreateFile(CREATE_NEW, FILE_FLAG_OPEN_REPARSE_POINT), not
// inherited by child processes, and shared for deletion, so that it can
// be renamed and removed while it is open; perm keeps only its owner
// write bit there (see the package documentation).
func (*FS) CreateExclusive(name string, perm fs.FileMode) (vfs.File, error) {
	f, err := createExclusive(name, perm)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// CreateAnonymous creates a regular file in dir with no name, opened for
// reading and writing; its storage is freed when it is closed. See the
// package documentation for how each platform does it: on Windows it
// returns an error wrapping [errors.ErrUnsupported], and creates
// nothing, where the filesystem cannot remove the name of an open file.
// The File's Name is a path in dir that does not refer to the file.
func (*FS) CreateAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	f, err := createAnonymous(dir, perm)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// CreatePublishable creates an anonymous file in dir that [FS.Publish] can
// link into dir later. Only Linux with a filesystem that supports O_TMPFILE
// can; elsewhere it returns an error wrapping [errors.ErrUnsupported].
func (*FS) CreatePublishable(dir string, perm fs.FileMode) (vfs.File, error) {
	f, err := createPublishable(dir, perm)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Publish gives f, made by [FS.CreatePublishable], the name newname, failing
// with an error matching [fs.ErrExist] if newname exists. f stays open.
func (*FS) Publish(f vfs.File, newname string) error {
	return publish(f, newname)
}

// Link creates newname as a hard link to oldname, failing with an error
// matching [fs.ErrExist] if newname exists. A symbolic link at oldname
// is linked itself, never followed, as Linux's link(2) does, except on
// Windows, Solaris and AIX, where [os.Link] decides.
func (*FS) Link(oldname, newname string) error {
	return hardLink(oldname, newname)
}

// RenameNoReplace renames oldname to newname, failing with an error
// matching [fs.ErrExist], and changing nothing, if newname exists.
func (*FS) RenameNoReplace(oldname, newname string) error {
	return renameNoReplace(oldname, newname)
}

// SyncDir makes the entries of directory name durable with fsync(2). On
// Windows it opens the directory for writing and calls FlushFileBuffers;
// where Windows refuses either ("Access denied", "Invalid function") it
// returns an [*fs.PathError] wrapping [errors.ErrUnsupported]: no other
// call makes a directory's entries durable there. NTFS journals its
// metadata, so after a crash a rename is either done or not, never torn.
func (*FS) SyncDir(name string) error {
	return syncDir(name)
}

// TempDirs returns the candidate directories for temporary files, best
// first: those set by [WithTempDirs]; otherwise, read afresh on each call,
// the platform's list, then the working directory. On Unix the list is
// the environment variables TMPDIR, TEMP and TMP (those set and not
// empty), then /tmp, /var/tmp and /usr/tmp. On Windows it is Windows'
// own: first [os.TempDir], which is what GetTempPath2 gives (the first
// set of TMP, TEMP and USERPROFILE, else the Windows directory; for a
// service running as SYSTEM, %SystemRoot%\SystemTemp), then, as
// fallbacks for a first one that is missing or not writable, TMP, TEMP,
// %LOCALAPPDATA%\Temp, USERPROFILE and %SystemRoot%\Temp, each once
// (names that differ only in case or a trailing separator are one).
// TMPDIR is a Unix convention that Windows ignores, and so does TempDirs
// there.
func (fsys *FS) TempDirs() []string {
	if fsys.tempDirs != nil {
		return append([]string{}, fsys.tempDirs...)
	}
	dirs := platformTempDirs()
	if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, wd)
	}
	return dirs
}

// envDirs returns the values of the environment variables names that
// are set and not empty, in order.
func envDirs(names ...string) []string {
	var dirs []string
	for _, env := range names {
		if d := os.Getenv(env); d != "" {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// scratchName returns an unpredictable name in dir, for a file that is
// unlinked as soon as it is made.
func scratchName(dir string) string {
	return filepath.Join(dir, ".osbackend-"+randname.String(26, randname.Base32))
}
