// Package cli is the tempvfs command: its commands, their options and
// help, kept apart from the thin main package so that tests can run every
// command in-process with their own filesystem, environment, randomness
// and streams (the fields of [CLI]).
//
// # Usage
//
//	tempvfs COMMAND [ARGUMENT]...
//	tempvfs help [COMMAND]
//	tempvfs COMMAND --help
//	tempvfs --version
//
// --version prints "tempvfs " and the module version the binary was built
// from ("(devel)" for a build from a working tree); --help and -h print
// the list of commands.
//
// The commands:
//
//	tempvfs mktemp [-d] [-u] [-q] [-p DIR] [-t] [--suffix=SUFF] [--tmpdir[=DIR]] [TEMPLATE]
//
// mktemp is a drop-in for GNU coreutils mktemp (checked side by side with
// version 9.1): the same options, spelled the same ways (bundled short
// options, -pDIR, abbreviated long options, options after the template
// unless POSIXLY_CORRECT is set), the same template rules, the same use of
// TMPDIR, the same output, and diagnostics that say the same as GNU's,
// prefixed "tempvfs mktemp: ". The last run of X's in TEMPLATE, at least 3
// and in its last component, becomes random characters from [A-Za-z0-9];
// what follows the run is the suffix. Without TEMPLATE it uses
// tmp.XXXXXXXXXX in $TMPDIR, else /tmp. -u prints a name that does not
// exist instead of creating one.
//
//	tempvfs run [--keep] [--keep-cwd] [--] CMD [ARG]...
//
// run creates a private directory in the temporary directory (the one
// [tempfile.TempDir] picks), named "tempvfs-run-" and tempfile's random
// part, runs CMD with it as TMPDIR, TEMP, TMP and working directory
// (--keep-cwd keeps the caller's), then removes it with everything in it
// ([tempfile.Dir.Cleanup]). SIGINT, SIGTERM, SIGHUP and SIGQUIT are
// passed on to CMD, and the directory is removed after CMD ends, however
// it ends; after a SIGKILL to tempvfs it is left, for reap.
// --keep leaves the directory and prints its name on standard error.
//
//	tempvfs check [--json] [--quick] [DIR]
//
// check tells whether DIR (default: the temporary directory) is a safe
// place for temporary files and what its filesystem can do: the safety of
// DIR itself (unsafe: a symbolic link, writable by all without the sticky
// bit, or owned by a user other than the caller and root; a warning:
// writable by its group without the sticky bit), with the reason for the
// verdict ("owned by you, mode 0700", or "world-writable, but sticky:
// others cannot remove or rename your entries"); the filesystem type; the
// capabilities O_TMPFILE, linkat publishing, renameat2 RENAME_NOREPLACE,
// directory fsync, symbolic and hard links, permission enforcement and
// case-sensitive names, each tried for real; the conformance checks run
// there (through package [suite], the core of package conformance, so
// that the command links no test code); and the median time of an
// exclusive create.
// --json prints the same as JSON, with the field names that its help
// lists; --quick skips the conformance checks. Everything check makes is
// in tempvfs-check-* directories in DIR, removed before it exits.
//
//	tempvfs reap [--older-than DURATION] [-n|--dry-run] [--pending] [-v] [DIR]
//
// reap removes the entries directly in DIR (default: the temporary
// directory) that have a name tempvfs makes ("tmp", "tempvfs-run-" or
// "tempvfs-check-", then tempfile's random part; see
// [tempfile.IsTempName]; with --pending also the ".NAME.random" files
// that [tempfile.WriteFile] leaves when its process dies), that neither
// they nor anything in them was modified for DURATION (default 24h; Go
// syntax, or days: 7d, 1d12h), that belong, with all they hold, to the
// user reap runs as, and that no process has open, runs or works in. It
// prints each path it removes,
// or with --dry-run would remove; -v says on standard error why each
// entry with a tempvfs name is kept.
//
// Where tempvfs mktemp differs from GNU's: its --help and --version text;
// it quotes names in diagnostics as GNU does in a UTF-8 locale (‘name’),
// whatever the locale; and it cannot see that standard output was closed
// (the Go runtime opens /dev/null in its place), so the name is then
// lost rather than reported as a write error.
//
// # Exit status
//
//   - mktemp: 0 if it printed a name, 1 on any error (a malformed command
//     line included), as GNU mktemp.
//   - run: CMD's exit status, or 128+N if signal N ended CMD; 126 if CMD
//     cannot be executed, 127 if it is not found (the shell's numbers);
//     125 if run cannot create the directory, or cannot remove it after
//     CMD succeeded.
//   - check: 0 if DIR is safe and no conformance check failed; 1 if DIR
//     is unsafe, a conformance check failed, or DIR cannot be checked.
//   - reap: 0 on success, whether or not anything was stale; 1 if DIR
//     cannot be read or an entry could not be removed.
//   - A malformed command line to tempvfs itself or to run, check or
//     reap exits 2; help exits 0.
//
// # Security
//
// mktemp creates files with mode 0600 and directories with mode 0700
// (before the umask), through [vfs.CreateExclusive] and Mkdir, so an
// existing entry, a symbolic link included, is never opened or followed:
// the name is taken only if the entry is new, and another random name is
// tried if it exists (and only then). Random characters come from
// crypto/rand, 62 equally likely ones per X. -u is unsafe by nature, as
// in GNU: the name may be taken before it is used.
//
// run's directory is mode 0700 and unpredictably named. Removing it never
// follows a symbolic link: a link that CMD left pointing outside is
// removed, not its target. Directories that CMD made read-only are made
// writable by their owner again, after checking with Lstat that they are
// directories, so that their contents can be removed.
//
// reap never follows a symbolic link: a link with a tempvfs name is
// removed as a link, and a directory is removed with os.RemoveAll, which
// does not follow links inside it either, after a walk with Lstat that
// finds no recent entry, no entry in use and no mount point. It never
// removes an entry owned by another user, and as root removes only
// root's. Entries are judged before they are removed, not in the same
// step: a process of the same user that swaps an entry in between can
// still have it removed. A name of tempvfs's shape is no proof that
// tempvfs made the entry; the age and in-use checks are what protect a
// live program's files, so a program that keeps a temporary file for
// longer than DURATION without touching or holding it open loses it.
//
// # Concurrency
//
// A CLI holds no state of its own: Run may be called from several
// goroutines at once if the streams and FS allow it. While run waits for
// its command it catches the forwarded signals for the whole process, and
// every concurrent run passes each one on to its own command.
//
// # Platform differences
//
//   - Windows: run passes no signals on (Ctrl-C reaches CMD through the
//     console); it waits for CMD and then removes the directory. It does
//     not set PWD.
//   - reap knows which files are in use only on Linux, from /proc: the
//     files that processes have open (/proc/PID/fd) and their working
//     directories, compared by device and inode. It sees only the
//     processes whose /proc entries it may read (as an ordinary user, its
//     own user's), and not memory mappings without an open descriptor.
//     Where /proc cannot be read, reap fails rather than go without the
//     check; elsewhere there is no such check. A file opened after reap
//     looked at /proc is not seen. A process that is being started
//     holds copies of its parent's descriptors until it executes its
//     program, so a file can look in use for that moment.
//   - reap knows every mount point only on Linux, from
//     /proc/self/mountinfo, and keeps an entry that is or holds one,
//     bind mounts of the same filesystem included; where mountinfo cannot
//     be read, it fails rather than go without the check. Elsewhere it
//     sees a mount point only as a directory on a device other than DIR's,
//     which a bind mount of the same filesystem is not.
//   - reap cannot tell an entry's owner on Windows, and does not check it
//     there (each user has a temporary directory of their own).
//   - check: O_TMPFILE, linkat publishing and renameat2 are Linux's;
//     elsewhere they are reported "no", and no-replace rename is tried
//     through osbackend (renamex_np on macOS, MoveFileEx on Windows, link
//     then unlink elsewhere). The filesystem type is known only on Linux
//     (statfs f_type, and /proc/self/mountinfo for ext2/3/4). Permission
//     enforcement is not checked as root, nor on Windows.
//   - Diagnostics take the operating system's words for an error,
//     capitalised as C's strerror does ("No such file or directory").
package cli
