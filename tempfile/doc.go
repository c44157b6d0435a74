// Package tempfile makes temporary files and directories securely on any
// [vfs.Fs]: the operating system's, an in-memory one, or any afero
// filesystem. It is Python's tempfile module in Go:
//
//	Python                        tempfile
//	----------------------------  ----------------------------------------
//	mkstemp, mkdtemp              CreateTemp, MkdirTemp (as package os)
//	TemporaryFile                 NewAnonymous
//	NamedTemporaryFile            NewNamed, type File
//	TemporaryDirectory            NewDir, type Dir
//	SpooledTemporaryFile          NewSpooled, type Spooled, MemoryBudget
//	gettempdir                    TempDir, ResetTempDir
//	template                      DefaultPrefix
//	(atomic file update recipe)   WriteFile, NewPending, type Pending
//
// Every function takes the filesystem as its first argument and never
// picks one by itself. Options ([Option]) change the directory, the parts
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
// # Security
//
//   - Names come from crypto/rand and have at least 60 bits; seeing any
//     number of earlier names tells nothing about the next one.
//   - Files are created with O_RDWR|O_CREATE|O_EXCL through
//     [vfs.CreateExclusive], which on the OS backend adds O_NOFOLLOW: the
//     file is new, and an entry planted at the chosen name, a symbolic
//     link included, is never followed or opened; another name is tried.
//   - Files get mode 0600 and directories 0700 (before umask) unless an
//     option asks for more.
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
//
// These promises hold as far as the filesystem keeps the [vfs] contract;
// afero's MemMapFs, for one, does not make O_EXCL atomic.
//
// # Concurrency
//
// All functions are safe for concurrent use, on one filesystem or many,
// whenever the filesystem is. [File] and [Dir] methods may be called from
// several goroutines.
//
// # Platform differences
//
//   - Windows cannot remove an open file: [NewAnonymous] returns a named
//     [*File] that Close removes, and [Dir.Cleanup] fails on files that
//     are still open.
//   - [File.PersistNoClobber] needs a filesystem that can rename without
//     replacing or make hard links; elsewhere (afero's MemMapFs) it fails
//     with [errors.ErrUnsupported].
//   - Directory syncing in [File.Persist] is skipped where the filesystem
//     does not support it (Windows).
package tempfile
