package cli

import (
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// Exit statuses shared by the commands. mktemp uses only 0 and 1, as GNU
// mktemp does; run passes on the status of the command it ran.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	// exitRunFailed is run's status when it fails before or after CMD,
	// as env(1) and timeout(1) use it.
	exitRunFailed = 125
	// exitNotExecutable and exitNotFound are the shell's statuses for a
	// command that cannot be executed and one that does not exist.
	exitNotExecutable = 126
	exitNotFound      = 127
	// exitSignalBase plus a signal's number is the status of a command
	// that a signal ended, as the shell reports it.
	exitSignalBase = 128
)

// CLI is one invocation of the tempvfs command, with everything it touches
// outside itself held in fields so that tests can replace it. The zero
// value reads and writes nothing and uses the operating system's
// filesystem, environment and randomness.
type CLI struct {
	// Stdin, Stdout and Stderr are the command's standard streams; nil
	// means empty input and discarded output.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	// FS is the filesystem that names are created in; nil means
	// osbackend.New(). run starts a real process, which sees only the
	// operating system's filesystem, so run needs an FS that is (a view
	// of) it. check and reap always examine the operating system's
	// filesystem, whatever FS is: they measure it, and look at owners and
	// processes.
	FS vfs.Fs

	// Env is the environment in the form of os.Environ ("KEY=value");
	// nil means os.Environ(). mktemp reads TMPDIR and POSIXLY_CORRECT from
	// it, and run passes it, amended, to the command it runs. run finds
	// the command in the process's own $PATH and asks FS where
	// temporary directories belong (osbackend reads the process's
	// environment for that); check and reap without DIR ask the
	// operating system's filesystem, which reads the process's
	// environment too.
	Env []string

	// Rand is the source of the random characters in mktemp's names; nil
	// means crypto/rand.Reader. run's directory is named by package
	// tempfile, which always reads crypto/rand.
	Rand io.Reader

	// Dir is the directory that relative names are resolved against; ""
	// means the process's working directory. Names are printed as given.
	Dir string
}

// Main runs the tempvfs command line args (without the program name) with
// the given standard streams and the operating system's filesystem,
// environment and randomness, and returns the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &CLI{Stdin: stdin, Stdout: stdout, Stderr: stderr}
	return c.Run(args)
}

// command is one entry of the command table: adding a command is adding
// an entry.
type command struct {
	name     string
	synopsis string // one line for the command list
	help     string // the full --help text
	run      func(c *CLI, args []string) int
}

// commands returns the command table, in the order "tempvfs help" lists it.
func commands() []command {
	return []command{
		{name: "mktemp", synopsis: "create a temporary file or directory and print its name (GNU mktemp)", help: mktempHelp, run: (*CLI).mktemp},
		{name: "run", synopsis: "run a command with a private temporary directory, removed afterwards", help: runHelp, run: (*CLI).run},
		{name: "check", synopsis: "check that a directory is a safe place for temporary files, and its filesystem", help: checkHelp, run: (*CLI).check},
		{name: "reap", synopsis: "remove stale temporary files and directories that tempvfs made", help: reapHelp, run: (*CLI).reap},
	}
}

func lookupCommand(name string) (command, bool) {
	for _, cmd := range commands() {
		if cmd.name == name {
			return cmd, true
		}
	}
	return command{}, false
}

// Run runs the tempvfs command line args (without the program name) and
// returns the exit status.
func (c *CLI) Run(args []string) int {
	if len(args) == 0 {
		c.errorf("tempvfs: missing command\n")
		c.tryHelp("tempvfs")
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[0] == "help" {
			cmd, ok := lookupCommand(args[1])
			if !ok {
				c.errorf("tempvfs help: unknown command %q\n", args[1])
				c.tryHelp("tempvfs")
				return exitUsage
			}
			fmt.Fprint(c.stdout(), cmd.help)
			return exitOK
		}
		fmt.Fprint(c.stdout(), topHelp())
		return exitOK
	case "-version", "--version":
		fmt.Fprintf(c.stdout(), "tempvfs %s\n", version())
		return exitOK
	}
	cmd, ok := lookupCommand(args[0])
	if !ok {
		if strings.HasPrefix(args[0], "-") {
			c.errorf("tempvfs: unknown option %q\n", args[0])
		} else {
			c.errorf("tempvfs: unknown command %q\n", args[0])
		}
		c.tryHelp("tempvfs")
		return exitUsage
	}
	return cmd.run(c, args[1:])
}

func topHelp() string {
	var b strings.Builder
	b.WriteString(`Usage: tempvfs COMMAND [ARGUMENT]...
  or:  tempvfs OPTION
Secure temporary files and directories from the command line.

Commands:
`)
	for _, cmd := range commands() {
		fmt.Fprintf(&b, "  %-8s  %s\n", cmd.name, cmd.synopsis)
	}
	b.WriteString(`
Options:
  -h, --help     print this help and exit
      --version  print the version of tempvfs and exit

Run 'tempvfs COMMAND --help' or 'tempvfs help COMMAND' for a command's usage.

Exit status: mktemp exits 0 on success and 1 on any error, as GNU mktemp
does; run exits with the status of the command it ran (see its help);
check exits 1 if the directory is unsafe or a conformance check fails;
reap exits 1 if something could not be removed; a malformed command line
to tempvfs or to any other command exits 2.
`)
	return b.String()
}

// version reports the module version the binary was built from: a
// release such as v1.2.0 for go install ...@v1.2.0 or @latest, and
// "(devel)" for a build from a working tree.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

func (c *CLI) stdout() io.Writer {
	if c.Stdout == nil {
		return io.Discard
	}
	return c.Stdout
}

func (c *CLI) stderr() io.Writer {
	if c.Stderr == nil {
		return io.Discard
	}
	return c.Stderr
}

func (c *CLI) errorf(format string, args ...any) {
	fmt.Fprintf(c.stderr(), format, args...)
}

// tryHelp prints the line that GNU programs print after a usage error.
func (c *CLI) tryHelp(prog string) {
	c.errorf("Try '%s --help' for more information.\n", prog)
}

func (c *CLI) fs() vfs.Fs {
	if c.FS == nil {
		return osbackend.New()
	}
	return c.FS
}

func (c *CLI) rand() io.Reader {
	if c.Rand == nil {
		return rand.Reader
	}
	return c.Rand
}

func (c *CLI) environ() []string {
	if c.Env == nil {
		return os.Environ()
	}
	return c.Env
}

// getenv returns the value of key in the environment; the last entry
// wins, as in os.Environ.
func (c *CLI) getenv(key string) (string, bool) {
	env := c.environ()
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && envKeyEqual(k, key) {
			return v, true
		}
	}
	return "", false
}

// resolve returns the name to hand to the filesystem for name, which the
// user gave relative to c.Dir.
func (c *CLI) resolve(name string) string {
	if c.Dir == "" || filepath.IsAbs(name) {
		return name
	}
	return strings.TrimRight(c.Dir, string(filepath.Separator)) + string(filepath.Separator) + name
}
