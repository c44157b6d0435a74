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
// run creates a private directory in the temporary directory, runs CMD
// with it as TMPDIR, TEMP, TMP and working directory (--keep-cwd keeps
// the caller's), then removes it with everything in it. SIGINT, SIGTERM,
// SIGHUP and SIGQUIT are passed on to CMD, and the directory is removed
// after CMD ends, however it ends (SIGKILL to tempvfs aside). --keep leaves the directory and prints its name
// on standard error.
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
//   - A malformed command line to tempvfs itself or to run exits 2; help
//     exits 0.
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
//   - Diagnostics take the operating system's words for an error,
//     capitalised as C's strerror does ("No such file or directory").
package cli
