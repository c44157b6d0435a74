// Package sftpbackend is a [vfs.Fs] on an SFTP server, through a
// [*sftp.Client] of github.com/pkg/sftp: tempvfs's temporary files, atomic
// replaces and temporary directories on another machine, or on this one
// as another user. It is written for, and tested against, OpenSSH's
// sftp-server (and sshd's internal-sftp, the same code), and uses the
// extensions that OpenSSH offers where the server announces them.
//
//	conn, err := ssh.Dial("tcp", "host:22", config)
//	...
//	client, err := sftp.NewClient(conn)
//	...
//	fsys, err := sftpbackend.New(client)
//	...
//	err = tempfile.WriteFile(fsys, "/srv/app/settings.json", data, 0o644)
//
// An [FS] implements these capabilities, each with the request it sends:
//
//	capability             how                                       without the extension
//	---------------------  ----------------------------------------  --------------------------
//	vfs.ExclusiveFS        SSH_FXP_OPEN, SSH_FXF_CREAT|SSH_FXF_EXCL  -
//	Rename (replacing)     posix-rename@openssh.com: rename(2)       refuses an existing target
//	vfs.RenameNoReplaceFS  SSH_FXP_RENAME: link(2), unlink(2)        -
//	vfs.LinkFS             hardlink@openssh.com: link(2)             errors.ErrUnsupported
//	File.Sync              fsync@openssh.com: fsync(2)               errors.ErrUnsupported
//	vfs.SyncDirFS          open the directory, fsync@openssh.com     errors.ErrUnsupported
//	ENOSPC told apart      statvfs@openssh.com, after a failure      the bare SSH_FX_FAILURE
//	vfs.WorkingDirFS       SSH_FXP_REALPATH of ".", once, in New     -
//	vfs.TempDirFS          /tmp, /var/tmp, /usr/tmp, working dir     -
//	afero.Symlinker        SSH_FXP_LSTAT, _SYMLINK, _READLINK        -
//
// It does not implement [vfs.AnonymousFS] or [vfs.PublishFS]: SFTP has no
// O_TMPFILE, and vfs's fallback (an exclusive create, then the removal of
// the name while the handle stays open) works on a POSIX server, so
// tempfile's anonymous and spooled files work. Nor [vfs.RemoveTreeFS]:
// SFTP names everything by path, with no request relative to an open
// directory, so no removal over SFTP can be sure a link swapped in is not
// followed. [FS.RemoveAll] removes by path and follows no link it sees.
//
// # Modes
//
// pkg/sftp sends no attributes with SSH_FXP_OPEN and SSH_FXP_MKDIR, so the
// server creates a file with mode 0666 and a directory with 0777, each
// less the server's own umask (sftp-server -u). An FS then sets the mode
// the caller asked for, perm less the FS's umask ([WithUmask], 022 by
// default): a file through its new handle (SSH_FXP_FSETSTAT, the
// server's fchmod(2)) before OpenFile returns, a directory by name
// (SSH_FXP_SETSTAT) before Mkdir returns. The server's umask thus decides
// only the mode an entry has between the two requests, and the FS's umask
// the mode it keeps. If setting the mode fails, the entry is removed and
// the call fails.
//
// OpenFile with O_CREATE but not O_EXCL must not change the mode of a
// file that exists, so it first tries O_CREATE|O_EXCL and, if the name
// is taken, opens the file without O_CREATE: two round trips for an
// existing file.
//
// # Errors
//
// Errors are [*fs.PathError] and, for Rename, Link and Symlink,
// [*os.LinkError], with the lowercase Op that package os uses, and an
// inner error that matches, with [errors.Is], the syscall.Errno that the
// server's system call returned where the client can know it, and so
// [fs.ErrNotExist], [fs.ErrExist] and [fs.ErrPermission]. SFTP version 3
// has nine status codes: OpenSSH's server sends SSH_FX_NO_SUCH_FILE for
// ENOENT but also for ENOTDIR, ELOOP and EBADF; SSH_FX_PERMISSION_DENIED
// for EACCES and EPERM; SSH_FX_BAD_MESSAGE for EINVAL and ENAMETOOLONG;
// and SSH_FX_FAILURE for everything else, EEXIST, ENOTEMPTY, EISDIR and
// ENOSPC among them. An FS tells these apart with a second look where
// it matters, after the failure: an Lstat (an exclusive create, a mkdir
// or a link whose name is taken is EEXIST; a rename's ENOTDIR and
// EISDIR), a listing (rmdir of a directory with entries is ENOTEMPTY), a
// statvfs (a write or a create on a full filesystem is ENOSPC), the
// length of the name (ENAMETOOLONG). Permission errors are EACCES, or
// EPERM for Chmod, Chown, Chtimes and Link, as the operating system
// mostly tells them apart. Where no second look can tell, the inner error
// is pkg/sftp's *sftp.StatusError (SSH_FX_FAILURE). An operation that
// needs an extension the server lacks returns an error wrapping
// [errors.ErrUnsupported].
//
// After Close, every method of a [File] returns an *fs.PathError wrapping
// [fs.ErrClosed].
//
// # Security
//
// The server enforces everything: the permission bits, the owner, the
// user's reach (a ChrootDirectory, a read-only sftp-server -R) are those
// of the user the SSH connection logged in as, checked by the server's
// kernel. An FS confines nothing itself; give it a client logged in as a
// user who may do only what the FS should.
//
// O_EXCL means over SFTP what it means to open(2) on the server: OpenSSH's
// server passes SSH_FXF_EXCL as O_EXCL, so an exclusive create is atomic
// (of any number of clients racing for a name, one wins) and fails on a
// symbolic link at the name, dangling or not, without following it.
// Links in the directories above the name are followed, as in any open.
// tempfile's names are therefore as safe from a planted link or a
// pre-created name as on the local disk, on a server that keeps O_EXCL.
//
// What SFTP cannot give:
//
//   - The mode of a new entry is set by a second request (see "Modes"). In
//     between, a file has 0666 less the server's umask (0644 with the
//     usual 022), and another user of the server who opens it in that
//     moment keeps a handle that can read what is written later; a
//     directory has 0777 less the umask, and a handle opened on it then
//     can list its names. Run the server with the umask 077 (sftp-server
//     -u 077, or internal-sftp -u 077) and new entries are private from
//     the start; the FS still gives them the mode asked for.
//   - A directory's mode is set by name, and a name is looked up again: a
//     user who may rename entries in the parent (a non-sticky directory
//     they can write) can swap the new directory for a link between the
//     mkdir and the chmod, and the chmod then changes what the link
//     points to. Make temporary directories in a directory only you can
//     write, or a sticky one such as /tmp.
//   - Removal is by name ([FS.RemoveAll], and tempfile's Dir.Cleanup,
//     which checks what it removes as far as a filesystem without
//     [vfs.RemoveTreeFS] allows): code running as the same user on the
//     server can swap a directory for a link between the look and the
//     removal. In a directory with mode 0700 no other user can.
//   - A FileInfo carries no device or inode number, so [vfs.SameFile]
//     cannot compare files, and a directory listed through an open File
//     is listed by its name ([File.Readdir]).
//
// # Concurrency
//
// An FS holds no mutable state and is safe for concurrent use, as a
// *sftp.Client is. A [File] is as safe as an [*os.File]: Read, Write and
// Seek share the offset and run one at a time; ReadAt, WriteAt and the
// rest run in parallel. All requests of one client travel over one SSH
// channel, and OpenSSH's sftp-server carries them out one at a time, in
// order; work that should run in parallel on the server needs several
// clients (several connections, or several sessions of one).
//
// # Platform differences and protocol limits
//
//   - SFTP version 3 has nothing atomic beyond what a single request's
//     system call gives, and OpenSSH's extensions add only rename(2),
//     link(2) and fsync(2). A replacing Rename needs posix-rename@openssh.com;
//     without it Rename refuses an existing target (an error matching both
//     fs.ErrExist and errors.ErrUnsupported) rather than remove it first.
//   - [FS.RenameNoReplace] relies on OpenSSH's SSH_FXP_RENAME, which
//     link(2)s and unlink(2)s a regular file, so the link decides, never
//     replacing; for an instant inside the server both names exist. For a
//     directory or a link the server would stat(2) and then rename(2),
//     which races and replaces a dangling link, so RenameNoReplace refuses
//     those with errors.ErrUnsupported. On a server filesystem without
//     hard links OpenSSH falls back to that stat and rename for regular
//     files too, and the client cannot tell.
//   - No O_TMPFILE, no O_NOFOLLOW, no O_SYNC: OpenFile sends O_RDONLY,
//     O_WRONLY, O_RDWR, O_APPEND, O_CREATE, O_EXCL and O_TRUNC and
//     ignores other flags. O_APPEND reaches the server's open(2), so an
//     append lands at the end even with other writers; the File's offset
//     moves to the end when it is next used, as a Stat shows it then.
//   - Times travel as whole seconds in 32 bits: [FS.Chtimes] truncates to
//     the second and refuses times before 1970 or after 2106 (EINVAL), and
//     a FileInfo's ModTime has whole seconds.
//   - A Write or WriteAt larger than the client's packet size (32 KiB by
//     default) is sent one packet after another, each waiting for its
//     reply, unless the client was made with sftp.UseConcurrentWrites(true);
//     a large ReadAt or Read is pipelined by pkg/sftp.
//   - Names are the server's: slash-separated. An FS turns the operating
//     system's separators into slashes before sending a name (on Windows,
//     backslashes), and Getwd and TempDirs return names with the operating
//     system's separators. On Windows an absolute server name has no
//     volume, so path/filepath takes it for a relative one; the package
//     builds there but is tested on Linux.
//   - [FS.Getwd] is the directory the server started the session in (the
//     user's home, or / when it has none): relative names resolve against
//     it, on the server, and SFTP cannot change it.
package sftpbackend
