package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLI runs args through a CLI with nothing from the process behind it
// but what c already holds, and returns the status and output.
func runCLI(c *CLI, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	c.Stdout, c.Stderr = &out, &errOut
	if c.Env == nil {
		c.Env = []string{}
	}
	code = c.Run(args)
	return code, out.String(), errOut.String()
}

func TestTopLevel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string // substrings of standard output
		stderr     string   // standard error, exactly
		stdoutSame string   // standard output, exactly, when set
	}{
		{name: "no command", code: 2, stderr: "tempvfs: missing command\nTry 'tempvfs --help' for more information.\n"},
		{name: "help", args: []string{"help"}, stdout: []string{"Usage: tempvfs COMMAND", "\n  mktemp ", "\n  run ", "\n  check ", "\n  reap ", "Exit status"}},
		{name: "--help", args: []string{"--help"}, stdoutSame: topHelp()},
		{name: "-h", args: []string{"-h"}, stdoutSame: topHelp()},
		{name: "help mktemp", args: []string{"help", "mktemp"}, stdoutSame: mktempHelp},
		{name: "help run", args: []string{"help", "run"}, stdoutSame: runHelp},
		{name: "help unknown", args: []string{"help", "nope"}, code: 2, stderr: "tempvfs help: unknown command \"nope\"\nTry 'tempvfs --help' for more information.\n"},
		{name: "version", args: []string{"--version"}, stdoutSame: "tempvfs " + version() + "\n"},
		{name: "-version", args: []string{"-version"}, stdoutSame: "tempvfs " + version() + "\n"},
		{name: "help lists the options", args: []string{"help"}, stdout: []string{"\nOptions:\n", "\n  -h, --help ", "\n      --version "}},
		{name: "unknown command", args: []string{"nope"}, code: 2, stderr: "tempvfs: unknown command \"nope\"\nTry 'tempvfs --help' for more information.\n"},
		{name: "unknown option", args: []string{"--nope"}, code: 2, stderr: "tempvfs: unknown option \"--nope\"\nTry 'tempvfs --help' for more information.\n"},
		{name: "mktemp --help", args: []string{"mktemp", "--help"}, stdoutSame: mktempHelp},
		{name: "run --help", args: []string{"run", "--help"}, stdoutSame: runHelp},
		{name: "help check", args: []string{"help", "check"}, stdoutSame: checkHelp},
		{name: "check --help", args: []string{"check", "--help"}, stdoutSame: checkHelp},
		{name: "check -h", args: []string{"check", "-h", "--nope"}, stdoutSame: checkHelp},
		{name: "help reap", args: []string{"help", "reap"}, stdoutSame: reapHelp},
		{name: "reap --help", args: []string{"reap", "--help"}, stdoutSame: reapHelp},
		{name: "reap -h", args: []string{"reap", "/nonexistent", "-h"}, stdoutSame: reapHelp},
		{name: "check unknown option exits 2", args: []string{"check", "--nope"}, code: 2, stderr: "tempvfs check: unrecognized option '--nope'\nTry 'tempvfs check --help' for more information.\n"},
		{name: "check extra operand exits 2", args: []string{"check", "a", "b"}, code: 2, stderr: "tempvfs check: extra operand ‘b’\nTry 'tempvfs check --help' for more information.\n"},
		{name: "reap unknown option exits 2", args: []string{"reap", "--nope"}, code: 2, stderr: "tempvfs reap: unrecognized option '--nope'\nTry 'tempvfs reap --help' for more information.\n"},
		{name: "reap extra operand exits 2", args: []string{"reap", "a", "b"}, code: 2, stderr: "tempvfs reap: extra operand ‘b’\nTry 'tempvfs reap --help' for more information.\n"},
		{name: "reap bad duration exits 2", args: []string{"reap", "--older-than=-1h", "/nonexistent"}, code: 2, stderr: "tempvfs reap: invalid duration ‘-1h’: want a Go duration such as 36h or a number of days such as 7d\nTry 'tempvfs reap --help' for more information.\n"},
		{name: "reap missing duration exits 2", args: []string{"reap", "--older-than"}, code: 2, stderr: "tempvfs reap: option '--older-than' requires an argument\nTry 'tempvfs reap --help' for more information.\n"},
		{name: "run -h", args: []string{"run", "-h", "--nope"}, stdoutSame: runHelp},
		{name: "mktemp unknown option exits 1", args: []string{"mktemp", "--nope"}, code: 1, stderr: "tempvfs mktemp: unrecognized option '--nope'\nTry 'tempvfs mktemp --help' for more information.\n"},
		{name: "run unknown option exits 2", args: []string{"run", "--nope", "true"}, code: 2, stderr: "tempvfs run: unrecognized option '--nope'\nTry 'tempvfs run --help' for more information.\n"},
		{name: "run without command", args: []string{"run", "--keep"}, code: 2, stderr: "tempvfs run: missing command\nTry 'tempvfs run --help' for more information.\n"},
		{name: "run with only --", args: []string{"run", "--"}, code: 2, stderr: "tempvfs run: missing command\nTry 'tempvfs run --help' for more information.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(&CLI{}, tt.args...)
			assert.Equal(t, tt.code, code, "exit status")
			assert.Equal(t, tt.stderr, stderr, "standard error")
			if tt.stdoutSame != "" {
				assert.Equal(t, tt.stdoutSame, stdout, "standard output")
			}
			for _, s := range tt.stdout {
				assert.Contains(t, stdout, s, "standard output")
			}
			if tt.code != 0 {
				assert.Empty(t, stdout, "standard output")
			}
		})
	}
}

// TestEveryCommandHasHelp checks the command table: every command has a
// synopsis in the list and answers --help on standard output.
func TestEveryCommandHasHelp(t *testing.T) {
	t.Parallel()
	for _, cmd := range commands() {
		assert.NotEmpty(t, cmd.synopsis, cmd.name)
		assert.Contains(t, topHelp(), "  "+cmd.name+" ", "command list")
		assert.True(t, strings.HasPrefix(cmd.help, "Usage: tempvfs "+cmd.name+" "), "%s help starts with its usage", cmd.name)
		assert.Contains(t, cmd.help, "Exit status", "%s help documents exit statuses", cmd.name)
		code, stdout, stderr := runCLI(&CLI{}, cmd.name, "--help")
		assert.Equal(t, 0, code, cmd.name)
		assert.Equal(t, cmd.help, stdout, cmd.name)
		assert.Empty(t, stderr, cmd.name)
	}
}

// TestVersion checks what --version prints: the version of the module
// the binary was built from, which a test binary of a working tree has
// none of.
func TestVersion(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(&CLI{}, "--version")
	assert.Equal(t, 0, code)
	assert.Empty(t, stderr)
	assert.Regexp(t, `^tempvfs (\(devel\)|v[0-9]+\.[0-9]+\.[0-9]+\S*)\n$`, stdout)
}

// TestTopHelpListsOptions checks that the top-level help's Options
// section names every option that tempvfs takes in place of a command,
// and that each works.
func TestTopHelpListsOptions(t *testing.T) {
	t.Parallel()
	_, section, ok := strings.Cut(topHelp(), "\nOptions:\n")
	require.True(t, ok, "the help has an Options section")
	section, _, _ = strings.Cut(section, "\n\n")
	var listed []string
	for _, line := range strings.Split(section, "\n") {
		names, _, _ := strings.Cut(strings.TrimSpace(line), "  ")
		listed = append(listed, strings.Split(names, ", ")...)
	}
	assert.Equal(t, []string{"-h", "--help", "--version"}, listed)
	for _, opt := range listed {
		code, stdout, stderr := runCLI(&CLI{}, opt)
		assert.Equal(t, 0, code, opt)
		assert.NotEmpty(t, stdout, opt)
		assert.Empty(t, stderr, opt)
	}
}

func TestNilStreams(t *testing.T) {
	t.Parallel()
	c := &CLI{Env: []string{}}
	assert.Equal(t, 2, c.Run(nil))
	assert.Equal(t, 0, c.Run([]string{"help"}))
}

func TestGetenvLastWins(t *testing.T) {
	t.Parallel()
	c := &CLI{Env: []string{"A=1", "B=2", "A=3", "C"}}
	v, ok := c.getenv("A")
	assert.True(t, ok)
	assert.Equal(t, "3", v)
	_, ok = c.getenv("C")
	assert.False(t, ok, "an entry without '=' sets nothing")
	assert.Equal(t, []string{"B=2", "C", "A=x"}, setEnv(c.Env, "A", "x"))
}
