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
// [fs.Stat]). The capabilities, which [Capabilities] lists in this order:
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
//	stat of a symbolic link itself         afero.Lstater      Lstat                       Stat
//	symbolic link creation                 afero.Linker       Symlink                     errors.ErrUnsupported
//	symbolic link reading                  afero.LinkReader   Readlink                    errors.ErrUnsupported
//
// A filesystem that wraps another should forward every capability that
// the wrapped one has, or code given the wrapper takes the fallback:
// [Capabilities] is the list to test a wrapper against, and tempvfs tests
// each of its own wrappers against it.
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
//
// # Backends
//
// What tempvfs's filesystems implement, and how: osbackend's FS on Linux,
// on the other Unix systems and on Windows, osbackend's Root (OpenRoot),
// membackend and sftpbackend. A "-" is an interface not implemented, for
// which the helper's fallback (above) applies; "unsupported" a method
// that returns an error wrapping errors.ErrUnsupported; "yes" done in
// memory as Linux does it. osbackend's types have the same methods on
// every system: only what the methods do differs.
//
//	interface          Linux         other Unix    Windows           Root          membackend  sftpbackend
//	-----------------  ------------  ------------  ----------------  ------------  ----------  ----------------
//	ExclusiveFS        O_NOFOLLOW    O_NOFOLLOW    CREATE_NEW        O_NOFOLLOW    yes         SSH_FXF_EXCL
//	AnonymousFS        O_TMPFILE     unlink        delete on close   as FS         yes         -
//	PublishFS          linkat        unsupported   unsupported       -             yes         -
//	LinkFS             linkat        linkat        CreateHardLink    os.Root.Link  yes         hardlink@
//	RenameNoReplaceFS  renameat2     link, unlink  MoveFileEx        as FS         yes         SSH_FXP_RENAME
//	SyncDirFS          fsync         fsync         FlushFileBuffers  fsync         nil         fsync@
//	RemoveTreeFS       unlinkat      unlinkat      unsupported       unlinkat      yes         -
//	TempDirFS          TMPDIR, /tmp  TMPDIR, /tmp  GetTempPath2      /tmp, /       /tmp        /tmp, wd
//	WorkingDirFS       os.Getwd      os.Getwd      os.Getwd          -             Chdir       REALPATH
//	afero.Lstater      os.Lstat      os.Lstat      os.Lstat          os.Root       yes         SSH_FXP_LSTAT
//	afero.Linker       os.Symlink    os.Symlink    os.Symlink        os.Root       yes         SSH_FXP_SYMLINK
//	afero.LinkReader   os.Readlink   os.Readlink   os.Readlink       os.Root       yes         SSH_FXP_READLINK
//
// In more words:
//
//   - ExclusiveFS: O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC; on Windows
//     CreateFile(CREATE_NEW) with FILE_FLAG_OPEN_REPARSE_POINT, shared for
//     deletion. Root opens through openat2(RESOLVE_BENEATH) on Linux,
//     through os.Root elsewhere.
//   - AnonymousFS: on Linux O_TMPFILE|O_EXCL; where the filesystem refuses
//     it, and on the other Unix systems, a file created and unlinked at
//     once, except on NFS, FUSE and SMB (detected on Linux), which keep it
//     under a hidden name: there unsupported. On Windows
//     FILE_FLAG_DELETE_ON_CLOSE and a POSIX-semantics delete of the name,
//     unsupported where that is refused (FAT, network shares, Wine). Root
//     does the same relative to the directory's descriptor or handle.
//   - PublishFS: O_TMPFILE, then linkat(2); unsupported where the
//     filesystem refuses O_TMPFILE, and on a membackend device without
//     CapTmpfile.
//   - LinkFS: linkat(2) without AT_SYMLINK_FOLLOW, so that a symbolic link
//     is never followed; os.Link on Solaris, AIX and Windows. sftpbackend
//     sends hardlink@openssh.com, unsupported where the server lacks it.
//   - RenameNoReplaceFS: renameat2(RENAME_NOREPLACE) on Linux,
//     renamex_np(RENAME_EXCL) on macOS, a hard link then the removal of
//     oldname elsewhere and where the filesystem refuses those; MoveFileEx
//     without MOVEFILE_REPLACE_EXISTING on Windows. Root does the same
//     relative to directory descriptors, and links then removes on
//     Windows. OpenSSH's server does SSH_FXP_RENAME with link and unlink.
//   - SyncDirFS: fsync(2) of the directory; on Windows FlushFileBuffers of
//     the directory opened for writing, unsupported where that is refused,
//     and always unsupported through a Root. membackend has no stable
//     storage and returns nil. sftpbackend sends fsync@openssh.com on the
//     open directory, unsupported where the server lacks it.
//   - RemoveTreeFS: each directory is opened with O_NOFOLLOW relative to
//     its parent, and its entries are removed with unlinkat(2) relative to
//     it; on Windows a Root uses os.Root's RemoveAll, relative to handles
//     but restoring no permissions. SFTP names everything by path, so
//     sftpbackend cannot keep the promise.
//   - TempDirFS and WorkingDirFS: see each backend's TempDirs and Getwd.
//     A Root's names are relative to the root, which has no working
//     directory of its own; membackend's FS.Chdir sets one; sftpbackend
//     asks the server for its own once, in New.
//   - Symbolic links: osbackend's are afero.OsFs's; on Windows making one
//     needs SeCreateSymbolicLinkPrivilege or Developer Mode. A Root uses
//     os.Root's methods, which follow no link out of the root.
//   - On systems that are neither Unix nor Windows (js, wasip1, plan9),
//     the methods that need Unix's system calls are unsupported.
package vfs
