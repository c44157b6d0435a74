package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/tempvfs/tempvfs/tempfile"
)

const runHelp = `Usage: tempvfs run [OPTION]... [--] CMD [ARG]...
Run CMD with a new private temporary directory, then remove the directory.

The directory is created with mode 0700 in the first usable temporary
directory: $TMPDIR, $TEMP, $TMP, then /tmp, /var/tmp, /usr/tmp on Unix,
then the working directory. Its name is tempvfs-run- and 13 random
characters of a-z and 2-7. CMD gets
it as TMPDIR, TEMP and TMP and as its working directory. When CMD ends, the
directory and everything in it are removed, read-only subdirectories
included; symbolic links are removed, never followed. CMD is looked up in
$PATH unless it contains a '/'; a relative CMD such as ./script is found
from the caller's working directory. A CMD that is in $PATH only as a
file without execute permission cannot be executed (126), as in the
shell; one that is in no directory of $PATH is not found (127).

On SIGINT, SIGTERM, SIGHUP or SIGQUIT, tempvfs passes the signal on to
CMD, waits for it to end, removes the directory and exits as CMD did. (A
Ctrl-C at a terminal reaches CMD both directly and through tempvfs.)
SIGKILL cannot be caught: after it the directory is left behind, and
'tempvfs reap' removes it once it is stale. On Windows signals are not
passed on; tempvfs waits for CMD, which receives Ctrl-C from the console.

Options:
      --keep          keep the directory and print its name on standard
                        error when CMD ends
      --keep-cwd      run CMD in the caller's working directory instead
  -h, --help          print this help and exit

The first word that is not an option is CMD; "--" before it is optional.

Exit status: CMD's exit status; 128+N if signal N ended CMD (or reached
tempvfs before CMD started, which it then does not); 126 if CMD cannot be
executed; 127 if CMD is not found; 125 if tempvfs cannot create the
directory, or cannot remove it after CMD succeeded; 2 for a malformed
command line.
`

// run option identifiers.
const (
	optKeep    = "keep"
	optKeepCwd = "keep-cwd"
)

var runOptions = []option{
	{id: optKeep, long: "keep"},
	{id: optKeepCwd, long: "keep-cwd"},
	{id: optHelp, long: "help", short: 'h'},
}

// runDirPrefix begins the name of run's directories; tempfile adds its
// random part (see [tempfile.IsTempName]), so that reap knows the
// directories that a run ended by SIGKILL left behind.
const runDirPrefix = "tempvfs-run-"

func (c *CLI) run(args []string) int {
	const prog = "tempvfs run"
	opts, operands, err := getopt{options: runOptions}.parse(args)
	var keep, keepCwd bool
	for _, o := range opts {
		switch o.id {
		case optKeep:
			keep = true
		case optKeepCwd:
			keepCwd = true
		case optHelp:
			fmt.Fprint(c.stdout(), runHelp)
			return exitOK
		}
	}
	if err == nil && len(operands) == 0 {
		err = usagef("missing command")
	}
	if err != nil {
		c.errorf("%s: %v\n", prog, err)
		c.tryHelp(prog)
		return exitUsage
	}

	path, err := c.lookPath(operands[0])
	if err != nil {
		c.errorf("%s: %s: %s\n", prog, operands[0], startFailureText(err))
		return startFailureStatus(err)
	}

	// From here until the directory is gone, a signal must not end this
	// process before it has cleaned up.
	signals := catchSignals()
	defer signals.stop()

	tmp, err := c.privateTempDir()
	if err != nil {
		c.errorf("%s: cannot create a private temporary directory: %v\n", prog, err)
		return exitRunFailed
	}
	dir := tmp.Path()

	cmd := &exec.Cmd{
		Path:   path,
		Args:   operands,
		Stdin:  c.Stdin,
		Stdout: c.Stdout,
		Stderr: c.Stderr,
		Env:    c.environ(),
		Dir:    dir,
	}
	for _, key := range []string{"TMPDIR", "TEMP", "TMP"} {
		cmd.Env = setEnv(cmd.Env, key, dir)
	}
	if keepCwd {
		cmd.Dir = c.Dir
	} else if runtime.GOOS != "windows" {
		cmd.Env = setEnv(cmd.Env, "PWD", dir)
	}

	status, err := signals.run(cmd)
	if err != nil {
		c.errorf("%s: %s: %s\n", prog, operands[0], startFailureText(err))
		status = startFailureStatus(err)
	}

	if keep {
		tmp.Keep()
		c.errorf("%s: kept %s\n", prog, dir)
		return status
	}
	if err := tmp.Cleanup(); err != nil {
		c.errorf("%s: cannot remove %s: %v\n", prog, dir, err)
		if status == exitOK {
			status = exitRunFailed
		}
	}
	return status
}

// lookPath finds the program to run for name: in $PATH if name has no
// separator, else relative to c.Dir.
func (c *CLI) lookPath(name string) (string, error) {
	if !strings.ContainsRune(name, '/') && !strings.ContainsRune(name, filepath.Separator) {
		path, err := exec.LookPath(name)
		if errors.Is(err, exec.ErrDot) {
			// Found only through a relative $PATH entry: the caller's
			// working directory, which CMD will not run in.
			abs, aerr := filepath.Abs(path)
			if aerr != nil {
				return "", aerr
			}
			return abs, nil
		}
		if err != nil {
			if runtime.GOOS != "windows" && inPathNotExecutable(name) {
				return "", &fs.PathError{Op: "exec", Path: name, Err: syscall.EACCES}
			}
			return "", &fs.PathError{Op: "exec", Path: name, Err: errCommandNotFound}
		}
		return path, nil
	}
	path, err := filepath.Abs(c.resolve(name))
	if err != nil {
		return "", err
	}
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return "", err
	case info.IsDir():
		return "", &fs.PathError{Op: "exec", Path: name, Err: syscall.EISDIR}
	case runtime.GOOS != "windows" && info.Mode().Perm()&0o111 == 0:
		return "", &fs.PathError{Op: "exec", Path: name, Err: syscall.EACCES}
	}
	return path, nil
}

// inPathNotExecutable reports whether a directory in $PATH holds a
// regular file called name, as the shell looks for one when no
// executable file of that name is found: the command then exists but
// cannot be executed. An empty entry in $PATH is the working directory.
func inPathNotExecutable(name string) bool {
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			dir = "."
		}
		if info, err := os.Stat(filepath.Join(dir, name)); err == nil && info.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// errCommandNotFound is the error for a command that is not in $PATH.
var errCommandNotFound = errors.New("command not found")

// startFailureStatus is the shell's exit status for a command that could
// not be started because of err.
func startFailureStatus(err error) int {
	if errors.Is(err, errCommandNotFound) || errors.Is(err, fs.ErrNotExist) {
		return exitNotFound
	}
	return exitNotExecutable
}

// startFailureText says why a command could not be started, in the
// shell's words.
func startFailureText(err error) string {
	if errors.Is(err, errCommandNotFound) {
		return errCommandNotFound.Error()
	}
	return errText(err)
}

// privateTempDir creates run's directory, mode 0700, in the temporary
// directory that tempfile.TempDir picks for c's filesystem, and names it
// by its absolute path.
func (c *CLI) privateTempDir() (*tempfile.Dir, error) {
	fsys := c.fs()
	parent, err := tempfile.TempDir(fsys)
	if err != nil {
		return nil, err
	}
	parent, err = filepath.Abs(c.resolve(parent))
	if err != nil {
		return nil, err
	}
	return tempfile.NewDir(fsys, tempfile.WithDir(parent), tempfile.WithPrefix(runDirPrefix))
}
