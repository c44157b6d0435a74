// Package tempfile makes temporary files and directories securely on any
// [vfs.Fs]: the operating system's, an in-memory one, or any afero
// filesystem. It is Python's tempfile module in Go:
//
//	Python                        tempfile
//	----------------------------  ----------------------------------------
//	mkstemp, mkdtemp              CreateTemp, MkdirTemp (as package os)
//	TemporaryFile                 NewAnonymous
//	NamedTemporaryFile            NewNamed, type File
//	(Rust's TempPath)             File.CloseToPath, NewPath, type Path
//	TemporaryDirectory            NewDir, type Dir
//	SpooledTemporaryFile          NewSpooled, type Spooled, MemoryBudget
//	gettempdir                    TempDir, ResetTempDir
//	template                      DefaultPrefix
//	(atomic file update recipe)   WriteFile, NewPending, type Pending
//	(renameio.Symlink)            Symlink
//	(a pool of scratch files)     NewPool, type Pool
//	weakref.finalize,             NewTracker, type Tracker, WithTracker,
//	  ResourceWarning               Tracker.Attach, package tempfiletest
//	(shred before unlink)         WithSecureRemove
//
// Every function takes the filesystem as its first argument and never
// picks one by itself. A nil filesystem is an error matching
// [fs.ErrInvalid] (an [*fs.PathError] wrapping [vfs.ErrNilFS]), never a
// panic; [ResetTempDir] ignores it. Options ([Option]) change the directory, the parts
// of the name, permissions and the like; with none, the behaviour is the
// secure one.
//
// # Names
//
// A name is a prefix, a random part and a suffix. The prefix is
// [DefaultPrefix] ("tmp") unless a pattern or [WithPrefix] gives one; the
// suffix is empty unless a pattern or [WithSuffix] gives one. The random
// part is [DefaultRandomLen] (13) characters of [Alphabet], lowercase
// base32, each from 5 bits read from crypto/rand: 65 bits. [IsTempName]
// recognises names of this shape. A pattern as in [os.CreateTemp] puts the
// random part in place of its last "*", or at its end if it has none.
//
// # Absolute names
//
// A relative directory is made absolute against the filesystem's working
// directory ([vfs.Abs]: osbackend's is the process's, membackend has its
// own), as Python's mkstemp and mkdtemp make it, so that a [File], [Dir]
// or [Path] goes on naming what it made, and Close or Cleanup removes it,
// after the working directory changes. [os.CreateTemp] and [os.MkdirTemp]
// keep the directory as given; on a filesystem that has no working
// directory (afero's MemMapFs) this package keeps it as given too. A
// missing directory is reported as itself, an [*fs.PathError] matching
// [fs.ErrNotExist], as os.MkdirTemp reports it.
//
// # Replacing files
//
// [WriteFile] and [Pending] keep the mode of the file they replace, as
// [os.WriteFile] does, and its owner and group where the caller may give
// them; a new file gets perm less the umask. [WithStaticMode] sets perm
// exactly. [File.Persist] and [File.PersistNoClobber] take [WithFileMode]
// for the mode the file has once in place. Where the target is on another
// filesystem than the temporary file (a tmpfs /tmp and a disk: the rename
// fails with EXDEV), Persist copies the file into a Pending beside the
// target and commits that, so readers of the target still see the old
// file or the complete new one.
//
// # Pools
//
// A [Pool] hands out anonymous files with [Pool.Get] and takes them back
// with [Pool.Put], which empties them for the next user; it keeps up to
// [WithMaxIdle] of them idle. Each Get returns a fresh handle, and Put
// invalidates the old one, so a caller that holds on to a handle cannot
// read or write the file once someone else has it.
//
// # Tracking and leaks
//
// A [Tracker] passed with [WithTracker] to [NewNamed], [NewDir],
// [NewAnonymous], [NewSpooled], [NewPool], [NewPending] or [WriteFile], or
// attached to a filesystem with [Tracker.Attach] (which then also lists
// what [CreateTemp] and [MkdirTemp] make, while it exists), lists each
// object while it is alive ([Tracker.Live]); [Tracker.CleanupAll] removes them on the way
// out, [Tracker.HandleSignals] does so on SIGINT or SIGTERM before letting
// the signal end the process, and an object dropped without being closed
// is removed when the garbage collector finds it and reported to
// [WithLeakHook]. In tests, package tempfiletest fails a test that leaks:
// tempfiletest.Watch watches the filesystem the test gives the code under
// test, which needs no option for it.
//
// # Secure removal
//
// [WithSecureRemove] overwrites a named, spooled or pooled file with zeros
// before it is removed or reused. It is best effort: SSDs, copy-on-write
// and journaling filesystems, snapshots and backups keep old blocks that
// no overwrite reaches (see the option's documentation).
//
// # Security
//
//   - Names come from crypto/rand and have at least 60 bits; seeing any
//     number of earlier names tells nothing about the next one.
//   - Files are created with O_RDWR|O_CREATE|O_EXCL through
//     [vfs.CreateExclusive], which on the OS backend adds O_NOFOLLOW
//     (FILE_FLAG_OPEN_REPARSE_POINT on Windows): the file is new, and an
//     entry planted at the chosen name, a symbolic link included, is
//     never followed or opened; another name is tried.
//   - Files get mode 0600 and directories 0700 (before umask) unless an
//     option asks for more. Windows has no such bits: see Platform
//     differences.
//   - At most 10 000 names are tried, and only while the error matches
//     [fs.ErrExist]; any other error is returned at once.
//   - A pattern, prefix or suffix containing '/', the platform's separator,
//     ".." or NUL is refused with [ErrBadPattern] before anything is done,
//     so a name cannot leave its directory. The helpers of [Dir] refuse
//     paths that leave the directory with [ErrEscape] and never follow a
//     link; [Dir.Cleanup] never follows one either.
//   - [WriteFile] and [Pending] never write the target in place: on any
//     failure the old content stays byte for byte and the temporary file
//     is removed. Where the backend can publish an anonymous file
//     ([vfs.PublishFS]), the content has no name at all until it is
//     complete and synced.
//   - A [Spooled] file whose rollover fails (a full disk) keeps every byte
//     in memory and returns the error; nothing is lost.
//   - A [Pool] file is private to the holder of the handle Get returned:
//     Put empties the file and invalidates that handle before anyone else
//     can get the file.
//
// These promises hold as far as the filesystem keeps the [vfs] contract;
// afero's MemMapFs, for one, does not make O_EXCL atomic, and afero's
// CopyOnWriteFs lets Mkdir succeed on an existing directory, so MkdirTemp
// on it can return a directory that already existed.
//
// # Concurrency
//
// All functions are safe for concurrent use, on one filesystem or many,
// whenever the filesystem is. [File], [Dir], [Spooled], [Pool] and
// [Tracker] methods may be called from several goroutines. A tracker's
// leak hook runs on a goroutine of the runtime's, and its signal handler
// on one of its own; [Tracker.CleanupAll] closes objects that other
// goroutines may still be using.
//
// # Platform differences
//
//   - Windows has no Unix permission bits. Modes map as package os maps
//     them: 0600 and 0700 set no read-only attribute, so such a file reads
//     back as 0666; who may open it is decided by the ACL it inherits from
//     its directory, which for the user's own temporary directory
//     (%LOCALAPPDATA%\Temp by default, what [TempDir] finds first there)
//     admits the user, the administrators and SYSTEM.
//   - Windows renames or removes an open file only if it was opened with
//     FILE_SHARE_DELETE. osbackend opens every file this package makes so
//     (see its documentation), so Persist, File.Remove and the removal in
//     Close work on an open file there; afero's OsFs does not, and on it
//     [File.Persist] and [File.PersistNoClobber] fail with a sharing
//     violation while the file is open. A target that another program
//     holds open without FILE_SHARE_DELETE cannot be replaced:
//     [WriteFile], [Pending.Commit] and Persist over it fail ("Access
//     denied"), and the target keeps its content.
//   - [NewAnonymous] (and so a [Spooled] file that rolls over, and a
//     [Pool]) returns a named [*File] that Close removes where the
//     filesystem cannot make an anonymous file: on Windows, afero's OsFs,
//     and osbackend on a filesystem without POSIX-semantics deletion (FAT,
//     network shares) or before Windows 10 1607; that file has a name
//     while it is open.
//   - On Windows [Dir.Cleanup] retries, for up to two seconds, a removal
//     that another program's open handle refuses, as testing.T.TempDir's
//     cleanup does.
//   - [File.PersistNoClobber] needs a filesystem that can rename without
//     replacing or make hard links; elsewhere (afero's MemMapFs) it fails
//     with [errors.ErrUnsupported].
//   - Directory syncing in [File.Persist], [WriteFile] and [Pending] is
//     skipped where the filesystem cannot do it (Windows, where
//     FlushFileBuffers refuses a directory, as it does a directory opened
//     for reading): no [ErrDirNotSynced] is reported for that.
//   - [Tracker.HandleSignals] ends the process by sending the signal again
//     on Unix; Windows cannot, so the process exits with status 0xC000013A
//     (STATUS_CONTROL_C_EXIT), as after Ctrl-C.
//   - On NFS, SMB and FUSE filesystems such as sshfs, a file removed while
//     it is still open stays in its directory under a hidden name (.nfs…,
//     .fuse_hidden…: a "silly rename") until it is closed, and a moment
//     after. osbackend makes no anonymous file there by create-then-unlink,
//     so [NewAnonymous] (a [Spooled] file that rolls over, a [Pool])
//     returns a named [*File] that Close removes; [Dir.Cleanup] waits up to
//     two seconds for hidden names to go, and fails, saying why, while a
//     file inside is still open; [File.PersistNoClobber] without
//     RENAME_NOREPLACE links, then removes the open file's old name, which
//     stays hidden until Close.
//   - Where a rename over a file that someone has open is not atomic for
//     readers (sshfs renames the open target to a hidden name, then the
//     new file into place), a reader that opens the target between the two
//     gets ENOENT: [WriteFile], [Pending.Commit] and [File.Persist] never
//     show a mix or a partial file there either, but the name can be
//     missing for that moment (see [Pending]). CI runs osbackend and this
//     package on an sshfs mount; "tempvfs check DIR" reports both
//     behaviours of DIR's filesystem.
package tempfile
