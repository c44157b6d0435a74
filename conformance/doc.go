// Package conformance checks that a filesystem keeps the promises that
// tempvfs relies on: the contract written in package vfs ("The
// contract"), the promises of each vfs capability the filesystem offers,
// and the reading rules of io/fs as testing/fstest checks them; and that
// package tempfile keeps its own promises on it.
//
// Any [afero.Fs] can be checked: tempvfs's own backends, afero's, or yours.
//
// # Running the checks in a test
//
// Call [Run] from a test, with a function that returns a fresh filesystem
// and an existing, empty directory in it:
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, func(t *testing.T) (vfs.Fs, string) {
//			return myfs.New(), "/"
//		})
//	}
//
// For a filesystem on the operating system, return t.TempDir() as the
// directory. Every check is a parallel subtest named Group/Check, such as
// Create/ExclusiveRace, so go test -run selects one, and each gets its own
// filesystem from the function. Call Run from the external test package
// (package myfs_test) if package conformance imports yours.
//
// A check whose capability the filesystem lacks, such as the
// [vfs.LinkFS] checks on a filesystem without hard links, is skipped with
// the reason, which go test -v shows. A check that fails quotes the
// promise it checks, and says where it is written down.
//
// # Reports
//
// [Check] runs the same checks without a [testing.T] and returns a
// [Report]: each check passed, failed (with what went wrong) or was
// skipped (with the reason). A Report marshals to JSON, [Report.Err]
// turns its failures into an error, and [Markdown] renders reports as a
// table, one row per filesystem and one column per group of checks.
// tempvfs's README table of afero's filesystems is made with it.
//
// The checks and the reports live in package [suite], which imports
// neither package testing nor testify: this package is its face for
// tests, and Check, [Report] and the other report types are suite's
// under other names. A program that reports on a filesystem, such as
// the tempvfs command's check, calls [suite.Check] and so links no test
// code, as a program can call testing/fstest.TestFS.
//
// A nil filesystem is an error matching fs.ErrInvalid, never a panic: a
// nil factory, or one that returns a nil filesystem, fails [Run]'s test
// and every check of [Check] with a message saying so, and the
// [Report.Err] of such a report matches fs.ErrInvalid.
//
// # The checks
//
// The groups, in the order they run:
//
//   - Access: a handle opened O_RDONLY cannot write, one opened O_WRONLY
//     cannot read, and O_APPEND writes land at the end.
//   - Capability: each vfs capability the filesystem implements does what
//     its method's documentation says: CreateExclusive (also raced),
//     CreateAnonymous, CreatePublishable and Publish, Link,
//     RenameNoReplace (also raced), SyncDir and TempDirs.
//   - Closed: every method of a closed file or directory returns an error
//     and none panics; a second Close fails.
//   - Create: O_CREATE|O_EXCL refuses an existing file or directory and
//     leaves it untouched; goroutines racing to create one name have
//     exactly one winner; a missing parent is fs.ErrNotExist; O_TRUNC.
//   - FSTest: [testing/fstest.TestFS] on a small tree built in the
//     directory.
//   - IO: ReadAt and WriteAt leave the offset alone; a short ReadAt returns
//     an error (io.EOF at the end); Read at the end returns io.EOF;
//     File.Truncate keeps the offset; ReadAt, WriteAt and Seek at a
//     negative offset fail without a panic.
//   - Mkdir: an existing name is fs.ErrExist; a missing parent is
//     fs.ErrNotExist and is not created; a regular file as the parent
//     stays a file.
//   - Mode: files created with 0600 and directories with 0700 get exactly
//     those bits, the same umask applies to every new file and directory,
//     and opening an existing file with O_CREATE leaves its mode alone.
//   - Permission: the owner's permission bits are enforced.
//   - Remove: Remove of a non-empty directory fails with ENOTEMPTY (or
//     EEXIST, as POSIX allows) and leaves it whole; Remove of a missing name
//     is fs.ErrNotExist; an open file removed by Remove or RemoveAll stays
//     readable and writable through its handle; RemoveAll of a missing name
//     succeeds and of a tree removes the tree.
//   - Rename: Rename replaces a file, and readers never see a partial
//     target; a missing source or target parent is fs.ErrNotExist.
//   - Symlink: when the filesystem has symbolic links, an exclusive
//     create (through [vfs.CreateExclusive] or OpenFile) refuses a link at
//     the name, dangling or not, and never touches its target; Lstat and
//     Readlink see the link.
//   - Tempfile: package tempfile's promises, kept on the filesystem.
//     Names: CreateTemp and MkdirTemp, called one after another and from
//     several goroutines, make new names in the directory with the
//     pattern's prefix and suffix, and the directory lists exactly them; a
//     pattern with "..", a separator or NUL fails with
//     tempfile.ErrBadPattern and creates nothing. Collisions: calls that
//     all try the same names (forced with tempfile.WithNameSource), from
//     several goroutines, each end with a name of their own. Modes: files
//     0600 and directories 0700, minus the umask. PlantedSymlink: a link
//     planted at the next name is never followed, and the name after it
//     is used. NamedCleanup, Anonymous, DirCleanup: nothing is left after
//     Close, File.Remove or Dir.Cleanup, also of a read-only subtree, and
//     Cleanup does not follow links out of the tree. Persist and
//     PersistNoClobber move the file into place, and PersistNoClobber
//     refuses an existing target (skipped where it is unsupported).
//     WriteFileAtomic: readers never see a partial target while WriteFile
//     replaces it. WriteFileFailure: when the rename fails (the check
//     wraps the filesystem to make it fail) or a Pending is abandoned,
//     the target keeps its content and no temporary file is left.
//     SpooledRollover: data and offset survive rollover, by a Write past
//     the limit or by Rollover. TempDir: see below.
//
// The Tempfile/TempDir check asks tempfile.TempDir for the filesystem's
// temporary directory and makes a file there. Its candidates
// ([vfs.TempDirs]) are paths of the operating system unless the
// filesystem implements [vfs.TempDirFS], so a filesystem on which none
// of them is a directory (a sandbox such as afero's BasePathFs, an
// in-memory filesystem without /tmp) has no temporary directory: TempDir
// fails with tempfile.ErrNoTempDir as documented, its users pass
// tempfile.WithDir, and the check is skipped with that reason. When a
// candidate is a directory, TempDir must find a usable one.
//
// Errors are checked as the contract says: with [errors.Is] against
// fs.ErrExist, fs.ErrNotExist, fs.ErrPermission or the errno, and with
// [errors.As] for [*fs.PathError] or [*os.LinkError]; never by their text.
//
// Every check has been seen to fail: package suite's own tests run each one
// against a deliberately broken filesystem (one that ignores O_EXCL,
// creates files 0644, returns bare errors, returns a short ReadAt with a
// nil error, follows symbolic links, keeps working after Close, and so
// on), as testing/fstest's tests do for TestFS.
//
// # Security
//
// The Create, Symlink, Capability and Tempfile groups are the attacks that
// temporary files meet: a name created by someone else first, a symbolic
// link planted at the name, many creators racing for one name, and a
// pattern that tries to leave its directory. A
// filesystem that fails them must not be used for temporary files in a
// directory that others can write.
//
// # Permission checks and root
//
// The operating system does not enforce permission bits on root, so the
// Permission checks cannot fail a filesystem that relies on the operating
// system when the tests run as root. Each Permission check therefore
// tries the forbidden operation first: if the filesystem refuses it, the
// check goes on to check the error; if it allows it, the check fails, or,
// when the process runs as root (effective uid 0), is skipped with that
// reason. A filesystem that emulates an unprivileged user, and so
// enforces the bits whatever the process's user, is checked everywhere;
// run the tests as an ordinary user to check any other.
//
// Tempfile/DirCleanup always removes a read-only subtree, but as root on
// the operating system the removal would succeed without the permission
// that Cleanup restores first, so there it proves only the removal.
//
// # Concurrency
//
// [Run] runs the checks in parallel, each on its own filesystem from
// newFS, which must therefore be safe to call from several goroutines.
// [Check] runs them one after another. Some checks use several
// goroutines on one filesystem (the races, and readers during Rename);
// they are sized to finish quickly, so a race they look for is caught
// often but not on every run. Run the tests with the race detector, and
// more than once (go test -count), to catch more.
//
// # Platform differences
//
// What Windows does otherwise is found out on the filesystem under test,
// not assumed from the platform, so that a filesystem that keeps Unix's
// promises on Windows (membackend) is still held to them there:
//
//   - A filesystem whose file created with 0600 reads back 0666 has
//     Windows' modes, the read-only attribute alone: its files are checked
//     against the mapping of package os (0444 without the owner write bit,
//     0666 otherwise), and the checks of directory modes, the umask,
//     Permission/ReadDenied and Permission/DirWriteDenied skip.
//     Permission/WriteDenied runs: Windows refuses to write a read-only
//     file.
//   - Windows renames or removes an open file only if it was opened with
//     FILE_SHARE_DELETE. Remove/OpenFile and Remove/AllOpenFile skip where
//     the removal is refused, and where it works but the name stays until
//     Close (a delete pending, without POSIX-semantics deletion);
//     Rename/AtomicReplace and Tempfile/WriteFileAtomic skip when the
//     replacement is refused for a reader's handle, and a reader's open
//     refused while the target is replaced counts as no torn read.
//   - A handle of the operating system's opened O_RDONLY|O_CREATE is
//     writable on Windows (package os asks for write access to create):
//     Access/ReadOnly skips there.
//   - CreateAnonymous, SyncDir and RemoveTree that return an error
//     wrapping errors.ErrUnsupported skip their checks, having checked that
//     nothing was left or removed; then tempfile.NewAnonymous's named file
//     is what Tempfile/Anonymous and Tempfile/SpooledRollover expect.
//   - A symbolic link that Windows refuses for want of the privilege, or
//     that Symlink reports but does not make (Wine), skips the checks
//     that need one.
//   - Remove of a non-empty directory may report ERROR_DIR_NOT_EMPTY; the
//     fs.FS of FSTest/TestFS refuses names with a backslash or a colon,
//     which io/fs requires never to be separators.
//   - Names are built with the operating system's separator, as afero
//     does.
package conformance
