// Package vfs is the filesystem contract that the rest of tempvfs is written
// against: [afero.Fs] plus small optional interfaces, one per capability.
//
// [Fs] and [File] are aliases of [afero.Fs] and [afero.File], so every
// afero filesystem is a vfs.Fs with no wrapper. A backend that can do more
// than afero.Fs requires implements one of the optional interfaces, and
// code that wants the capability calls the package-level helper of the
// same name, which uses the interface when it is there and otherwise falls
// back to portable behaviour or returns an error wrapping
// [errors.ErrUnsupported]. This is the shape of [io/fs] ([fs.StatFS] and
// [fs.Stat]). The capabilities:
//
//	capability                             interface          helper                      without it
//	-------------------------------------  -----------------  --------------------------  ----------------------------------
//	exclusive create, no symlink followed  ExclusiveFS        CreateExclusive             OpenFile with O_CREATE|O_EXCL
//	anonymous file                         AnonymousFS        CreateAnonymous             exclusive create, then Remove
//	anonymous file given a name later      PublishFS          CreatePublishable, Publish  errors.ErrUnsupported
//	hard link                              LinkFS             Link                        errors.ErrUnsupported
//	rename that never replaces             RenameNoReplaceFS  RenameNoReplace             Link then Remove, else unsupported
//	durable directory entries              SyncDirFS          SyncDir                     open the directory and Sync it
//	tree removal that follows no link      RemoveTreeFS       RemoveTree                  errors.ErrUnsupported
//	temporary directory candidates         TempDirFS          TempDirs                    DefaultTempDirs
//	working directory of relative names    WorkingDirFS       Getwd, Abs                  errors.ErrUnsupported
//	symbolic links                         afero.Symlinker    Lstat, Symlink, Readlink    Stat; errors.ErrUnsupported
//
// A nil filesystem is an error matching [fs.ErrInvalid]: every helper given
// one returns an [*fs.PathError] or [*os.LinkError] wrapping [ErrNilFS] and
// does nothing else (TempDirs returns nil), and none panics. A nil pointer
// of a filesystem type is not a nil Fs (see [ErrNilFS]).
//
// # The contract
//
// Every filesystem handed to tempvfs must keep these promises. The
// conformance package checks each of them, and tempvfs's own backends keep
// all of them.
//
//   - OpenFile with O_CREATE|O_EXCL is atomic: when any number of callers
//     race to create one name, exactly one succeeds and every other gets an
//     error matching [fs.ErrExist].
//   - OpenFile honours the access mode: a handle opened O_RDONLY cannot
//     write and one opened O_WRONLY cannot read; writes through a handle
//     opened with O_APPEND land at the end of the file.
//   - ReadAt and WriteAt neither use nor move the handle's offset; ReadAt
//     that returns fewer bytes than asked returns a non-nil error (io.EOF
//     at the end of the file).
//   - The permission bits passed to OpenFile and Mkdir are applied, minus
//     the umask, to a newly created entry: a file created with 0600 is not
//     readable by group or others.
//   - Every operation on a closed File returns an error; none panics.
//   - Errors that concern a path are [*fs.PathError] (or [*os.LinkError]
//     for Rename and links) whose inner error matches, with [errors.Is],
//     [fs.ErrNotExist], [fs.ErrExist], [fs.ErrPermission] or the
//     syscall.Errno that the operating system would return.
//   - Remove of a non-empty directory fails; RemoveAll of a missing path
//     succeeds; creating an entry whose parent does not exist fails with
//     fs.ErrNotExist.
//   - Rename replaces an existing file atomically: a reader opening the
//     target sees either the old file or the new one, never a mix.
//   - Remove of a file that is open leaves the data readable and writable
//     through the open handle (Windows excepted: see below).
//
// The optional interfaces add promises of their own; each is written on
// its method.
//
// # Security
//
// Exclusive creation is the foundation of safe temporary files. POSIX
// O_CREAT|O_EXCL fails on a symbolic link at the final component even when
// the link dangles, so [CreateExclusive]'s fallback is safe on any
// filesystem that keeps the first promise above. Capabilities never
// silently degrade to something less safe: where a promise cannot be kept
// the helper returns an error wrapping [errors.ErrUnsupported].
//
// # Concurrency
//
// The helpers hold no state and are safe for concurrent use whenever the
// filesystem passed to them is.
//
// # Platform differences
//
//   - Windows cannot remove a file that is open unless it was opened
//     with FILE_SHARE_DELETE, which os.OpenFile does not ask for, so
//     [CreateAnonymous]'s fallback fails there with an error wrapping
//     [errors.ErrUnsupported] and removes the file it made. (osbackend
//     implements [AnonymousFS] there with delete-on-close files.)
//   - Windows cannot flush a directory opened for reading, so
//     [SyncDir]'s fallback returns an error wrapping
//     [errors.ErrUnsupported] there.
//   - Windows has no Unix permission bits: the contract's promise about
//     the permission bits of new entries is kept, there, only as package
//     os keeps it (the owner write bit sets the read-only attribute).
//   - Names use the operating system's separator, as afero does; see
//     [Abs] for names rooted at a separator on Windows.
package vfs
