// Package membackend is an in-memory filesystem that behaves as Linux does
// through package os: a [vfs.Fs] (an [afero.Fs]) for tests that must act
// like the disk, and for programs that want scratch space in memory.
//
// [New] returns a filesystem holding "/" and "/tmp", and the mounts its
// options ask for ([WithMount], [WithLinuxHost]). Code written
// against afero.Fs runs on it unchanged, and gets the results, errors and
// modes it would get from [os] on Linux:
//
//   - The filesystem is a tree of inodes. Open Files point at inodes, not
//     names: a file removed while open stays readable and writable through
//     its Files, Create on an existing file truncates that same file, and
//     Rename moves a directory entry, so renaming a directory moves its
//     subtree in constant time and RemoveAll costs what it removes.
//   - Paths are resolved one component at a time: a missing directory on
//     the way gives ENOENT, a file on the way or a trailing slash after a
//     file ENOTDIR, a name over 255 bytes or a path of 4096 bytes
//     ENAMETOOLONG, a NUL byte EINVAL, and more than 40 symbolic links
//     ELOOP. ".." goes to the parent directory as it is now, not as the
//     path was written.
//   - Relative names are resolved against the working directory, "/"
//     until [FS.Chdir] changes it, in every method. The working directory
//     is a directory, not a name, as a process's is: [FS.Getwd] follows
//     it through renames, and once it is removed Getwd fails with ENOENT
//     and nothing can be created in it.
//   - Errors are [*fs.PathError] or [*os.LinkError] with the Op os uses,
//     wrapping the [syscall.Errno] Linux returns (ENOENT, EEXIST, ENOTDIR,
//     EISDIR, ENOTEMPTY, EINVAL, EBADF, EACCES, EPERM, ELOOP, EBUSY,
//     ENOSPC), so that errors.Is matches fs.ErrNotExist, fs.ErrExist and
//     fs.ErrPermission as it does with os. Where several checks fail at
//     once, the error is the one Linux reports first.
//   - OpenFile honours the access mode (EBADF for a write on a read-only
//     File and a read on a write-only one), O_CREATE|O_EXCL is atomic,
//     O_TRUNC truncates, and every write through a File opened with
//     O_APPEND lands at the end of the file as it is at that moment.
//   - ReadAt and WriteAt are pread and pwrite: they neither use nor move
//     the offset and may run concurrently. A negative offset is an error,
//     never a panic. A short ReadAt returns io.EOF.
//   - Every method of a closed File returns an [*fs.PathError] wrapping
//     [fs.ErrClosed], after the checks that [*os.File] makes first (see
//     below).
//   - New files get perm minus the umask (default 0o022, see [WithUmask]);
//     Create gives 0o666 minus the umask. Chmod keeps the setuid, setgid
//     and sticky bits. Writes and truncation change a file's modification
//     time, adding or removing an entry changes its directory's, and
//     closing a File changes nothing.
//   - Readdir reads from a snapshot taken at its first call, so entries
//     added or removed meanwhile are neither repeated nor skipped.
//   - Symbolic links ([FS.SymlinkIfPossible], [FS.LstatIfPossible],
//     [FS.ReadlinkIfPossible]), hard links ([FS.Link]), anonymous files
//     ([FS.CreateAnonymous]) and anonymous files given a name later
//     ([FS.CreatePublishable], [FS.Publish]), rename without replace
//     ([FS.RenameNoReplace]), exclusive creation ([FS.CreateExclusive]),
//     directory sync ([FS.SyncDir], which has nothing to flush), the
//     temporary directory ([FS.TempDirs] returns "/tmp", mode 0o1777) and
//     the working directory ([FS.Getwd]) are the vfs capabilities it
//     implements.
//   - File data is stored in 64 KiB chunks: a write in the middle of a
//     large file copies only what it writes, a growing file never moves
//     what it holds, and a hole costs nothing.
//
// A differential test runs random sequences of operations on membackend
// and on the operating system, as root and as an unprivileged user, on
// absolute names and on names relative to a working directory, and across
// a real tmpfs mount where it can mount one, and requires the same
// results, errors, contents and modes.
//
// # Options
//
// [WithUmask] sets the umask. [WithCapacity] limits the bytes files may
// hold, so that code can be tested against a full disk: a write that does
// not fit writes what fits and fails with ENOSPC. [WithUser] makes the
// filesystem act for an unprivileged user and enforce permission bits.
//
// # Mounts
//
// [New] makes one device, the root's, and [WithMount] adds more: a
// directory that is the root of a device of its own, as a mount point is.
// Each device has its own device number (Stat's Dev) and inode numbers,
// and Rename and Link between two of them fail with EXDEV, as on Linux, so
// that code that moves files between /tmp and their destination meets the
// error it meets there. The options that configure a device, the
// [DeviceOption] values, are given to New for the root device and to
// WithMount for a mount:
//
//   - [WithCapacity]: the device fills up (ENOSPC) on its own;
//   - [WithReadOnly]: every change fails with EROFS, as on a read-only
//     mount;
//   - [WithoutCapabilities]: the device lacks O_TMPFILE, RENAME_NOREPLACE,
//     hard or symbolic links as some real filesystems do, so that the
//     fallbacks of code such as package tempfile run in memory (see
//     [Capability]).
//
// [WithRootMode] sets the mode of a mount's root. The root of a mount
// cannot be removed or renamed (EBUSY). [WithLinuxHost] is the layout of a
// typical Linux host in one option: a 16 GiB disk, with /tmp and /dev/shm
// as 1 GiB tmpfs mounts. WithMount says how New applies mounts in order,
// nested and stacked, and [FS.Err] reports a mount it could not make.
//
// # Migrating from afero.MemMapFs
//
// A test that passed on [afero.MemMapFs] can fail on membackend where
// MemMapFs does what no disk does. Each entry says what changes and gives
// the one-line fix; a test (TestMigrationGuide) runs each on both.
//
//   - Mkdir without its parent: MemMapFs makes the parent, membackend
//     fails with ENOENT. Fix: MkdirAll.
//   - A file without its directory: MemMapFs makes the missing
//     directories (with no permission bits), membackend fails with
//     ENOENT. Fix: fsys.MkdirAll(filepath.Dir(name), 0o755) first.
//   - The umask: MemMapFs ignores it, so 0o666 gives -rw-rw-rw-;
//     membackend applies 0o022, as a process has, giving -rw-r--r--.
//     Fix: New(WithUmask(0)), or expect what the disk gives.
//   - The ready-made /tmp: MemMapFs starts empty; membackend holds /tmp
//     (mode 0o1777), so Mkdir("/tmp") fails with EEXIST and "/" lists
//     "tmp". Fix: MkdirAll("/tmp", perm), or a directory of the test's
//     own.
//   - Relative names: MemMapFs keeps "rel" apart from "/rel" (and still
//     lists it in "/"); membackend resolves "rel" against the working
//     directory, "/" at first. Fix: fsys.Chdir(dir) for names relative to
//     dir, or absolute names.
//   - Seeking and reading past the end: MemMapFs seeks to negative
//     offsets and, past the end, Read returns io.ErrUnexpectedEOF, so
//     io.ReadAll fails; membackend gives EINVAL for a negative offset and
//     io.EOF at and past the end, as os does. Fix: test with
//     errors.Is(err, io.EOF).
//   - Remove of a directory with entries: MemMapFs removes it (leaving
//     the entries behind, unlisted); membackend fails with ENOTEMPTY.
//     Fix: RemoveAll.
//   - Writing through a File opened O_RDONLY|O_CREATE: MemMapFs writes;
//     membackend fails with EBADF, as Linux does. Fix: open it O_RDWR.
//   - A closed File: MemMapFs accepts a second Close and reports a closed
//     File with an error of its own; membackend fails a second Close, and
//     every error of a closed File matches fs.ErrClosed. Fix: test with
//     errors.Is(err, fs.ErrClosed).
//   - The empty name: MemMapFs takes "" for "/"; membackend fails with
//     ENOENT, as Linux does. Fix: name "/".
//   - Access times: MemMapFs has none (Sys returns nil); membackend keeps
//     them in the [*syscall.Stat_t] (Atim) that Sys returns on Linux, set
//     when a file is made and by Chtimes. Reads do not change them, as on
//     a filesystem mounted noatime: Linux's default, relatime, would
//     update one on the first read after a change.
//
// # Concurrency
//
// An FS and its Files are safe for concurrent use. Each directory and each
// file has its own lock, so operations on different files in different
// directories run in parallel; without [WithUser], a lookup through a
// directory that has not changed for a while takes no lock at all. Each
// device counts its capacity on its own. Renames between two
// directories take one filesystem-wide lock, as Linux does, so that a
// directory can never be moved into itself. Read, Write and Seek on one
// File share its offset and run one at a time; ReadAt, WriteAt and Stat
// on one File run in parallel.
//
// # Security
//
// An FS made by New acts as root: as on Linux, permission bits are not
// checked. [WithUser] emulates an unprivileged user: reading a file needs
// its r bit, writing it its w bit, looking up a name in a directory its x
// bit, and changing a directory's entries its w and x bits (EACCES
// otherwise); only the owner may Chmod or Chtimes, and only root may give
// a file away (EPERM). Owner, group and other bits are chosen as Linux
// does. This makes permission-denied paths testable; it is not a security
// boundary: all code holding an *FS shares it, and "/" and "/tmp" belong
// to root, so such a user can only create entries under /tmp.
//
// Exclusive creation never follows a symbolic link at the final
// component, even a dangling one. No path leaves the filesystem: ".." at
// "/" is "/", and the host's files are never reached.
//
// # Differences from Linux
//
// Left out on purpose:
//
//   - Device files, FIFOs, sockets, extended attributes, file locks, mmap
//     and O_DIRECT, O_NOFOLLOW, O_DIRECTORY and O_TMPFILE as OpenFile
//     flags (use [FS.CreateExclusive] and [FS.CreateAnonymous]).
//   - Mounts are made by New, not at run time: there is no mount(2),
//     umount(2), remount or bind mount, and a mount's root stands in for
//     the directory it covers in the directory that holds it.
//   - One user per FS and no supplementary groups; Chown accepts any ids;
//     the sticky bit only matters for entries another user owns.
//   - Reads do not change the access time (noatime, where Linux's default
//     is relatime). Directories report size 4096 and one link. Inode
//     numbers are unique on a device but not dense.
//   - Readdir returns entries sorted by name; Linux's order is unspecified.
//   - Rename never replaces a directory: os.Rename refuses an existing
//     directory anyway (EEXIST).
//   - The capacity counts each file's size, holes included, while Linux's
//     tmpfs counts pages.
//   - A file from CreatePublishable can be published once; a second
//     Publish fails with fs.ErrInvalid where Linux would add a link.
//   - Every device behaves as tmpfs where Linux filesystems differ: an
//     anonymous file can be made in a removed directory (ext4 refuses with
//     EPERM).
//
// Where package os checks before it calls the kernel, membackend makes the
// same checks in the same order and returns the same errors: ReadAt and
// WriteAt at a negative offset give an [*fs.PathError] with Op "readat" or
// "writeat" around the error "negative offset", and WriteAt on a File
// opened with O_APPEND gives os's own "os: invalid use of WriteAt on file
// opened with O_APPEND", not wrapped; neither matches an errno, as with
// os. Those checks come before the check for a closed File, and ReadAt and
// WriteAt with an empty buffer return 0, nil even after Close, as
// [*os.File]'s do. Readdir reports a closed File with fs.ErrClosed, where
// os returns an error that does not match it.
//
// # Platform differences
//
// membackend touches no operating system facility and behaves as Linux
// does on every system, Windows included; only names and the text of
// some errors differ there.
//
//   - '/' separates the elements of a name everywhere, and on Windows a
//     backslash does too, in names and in the targets of symbolic links,
//     so that names built with path/filepath work: `\tmp\x` is /tmp/x,
//     and a name that begins with either is absolute. Volume names are
//     not understood: `C:\x` is the entry x of the entry "C:" of the
//     working directory.
//   - Names are reported as they were given: a File's Name, the Path of
//     an error, the target Readlink returns. Getwd, the one method that
//     makes a name, separates with '/' ("/home/ann"); [vfs.Abs] joins it
//     with the platform's separator.
//   - Errors wrap Linux's errno on every system. On Windows
//     syscall.ENOENT and syscall.ENOTDIR are ERROR_FILE_NOT_FOUND and
//     ERROR_PATH_NOT_FOUND and print as those; where Windows' os says
//     "Access denied" (a read from a File opened write-only) membackend
//     says EBADF, as Linux does.
//   - Modes are Unix's: a file created with 0600 reads back 0600, unlike
//     the operating system's on Windows. As everywhere, membackend acts
//     for root unless [WithUser] names another user.
//   - A FileInfo's Sys is a [*syscall.Stat_t] on Linux and a [*Stat]
//     elsewhere, whose [Stat.FileIdentity] [vfs.SameFile] reads, so that
//     it tells files apart on every system.
package membackend
