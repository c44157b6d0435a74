//go:build unix

package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// runEnv is the environment the commands under test get: enough to find
// sh, and TMPDIR values that run must replace.
func runEnv() []string {
	return []string{"PATH=" + os.Getenv("PATH"), "TMPDIR=/nonexistent-tmpdir", "TEMP=/x", "TMP=/y"}
}

// newRunCLI returns a CLI whose run makes its directory in parent.
func newRunCLI(parent string) *CLI {
	return &CLI{FS: osbackend.New(osbackend.WithTempDirs(parent)), Env: runEnv()}
}

// assertEmptyDir checks that run left nothing behind in parent.
func assertEmptyDir(t *testing.T, parent string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Empty(t, names, "left behind in %s", parent)
}

func TestRunExitStatus(t *testing.T) {
	t.Parallel()
	for _, status := range []int{0, 1, 3, 42, 125, 255} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			code, _, stderr := runCLI(newRunCLI(parent), "run", "--", "sh", "-c", fmt.Sprintf("exit %d", status))
			assert.Equal(t, status, code)
			assert.Empty(t, stderr)
			assertEmptyDir(t, parent)
		})
	}
}

// TestRunEnvironment checks what CMD sees: the same new directory, mode
// 0700 and inside the temporary directory, as TMPDIR, TEMP, TMP, working
// directory and PWD; its arguments; and its standard input.
func TestRunEnvironment(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	c := newRunCLI(parent)
	c.Stdin = strings.NewReader("from stdin")
	script := `printf '%s\n' "$TMPDIR" "$TEMP" "$TMP" "$(pwd -P)" "$PWD" "$0" "$1"; ls -ld "$TMPDIR"; ls -A; cat`
	code, stdout, stderr := runCLI(c, "run", "sh", "-c", script, "zero", "one two")
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(stdout, "\n")
	require.Len(t, lines, 9, stdout)
	dir := lines[0]
	realParent, err := filepath.EvalSymlinks(parent)
	require.NoError(t, err)
	assert.Equal(t, parent, filepath.Dir(dir), "made in the temporary directory")
	assert.True(t, tempfile.IsTempName(filepath.Base(dir), runDirPrefix, ""), "named by tempfile's convention, which reap knows: %s", dir)
	assert.Equal(t, []string{dir, dir, filepath.Join(realParent, filepath.Base(dir)), dir}, lines[1:5], "TEMP, TMP, working directory, PWD")
	assert.Equal(t, []string{"zero", "one two"}, lines[5:7], "arguments")
	assert.True(t, strings.HasPrefix(lines[7], "drwx------"), "mode 0700: %s", lines[7])
	assert.Equal(t, "from stdin", lines[8], "empty directory, then standard input")
	assertEmptyDir(t, parent)
}

func TestRunKeepCwd(t *testing.T) {
	t.Parallel()
	parent, cwd := t.TempDir(), t.TempDir()
	c := newRunCLI(parent)
	c.Dir = cwd
	code, stdout, stderr := runCLI(c, "run", "--keep-cwd", "--", "sh", "-c", `pwd -P; echo "$TMPDIR"`)
	require.Equal(t, 0, code, stderr)
	realCwd, err := filepath.EvalSymlinks(cwd)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, realCwd, lines[0])
	assert.Equal(t, parent, filepath.Dir(lines[1]), "TMPDIR is still private")
	assertEmptyDir(t, parent)
}

func TestRunKeep(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	code, stdout, stderr := runCLI(newRunCLI(parent), "run", "--keep", "sh", "-c", `echo data > file; echo "$TMPDIR"; exit 4`)
	assert.Equal(t, 4, code)
	dir := strings.TrimSpace(stdout)
	assert.Equal(t, "tempvfs run: kept "+dir+"\n", stderr)
	data, err := os.ReadFile(filepath.Join(dir, "file"))
	require.NoError(t, err)
	assert.Equal(t, "data\n", string(data))
}

// TestRunRemovesEverything has CMD leave a tree that os.RemoveAll alone
// cannot remove for an ordinary user (read-only and unreadable
// directories), plus symbolic links pointing out of the directory: the
// tree goes, and what the links point at stays.
func TestRunRemovesEverything(t *testing.T) {
	t.Parallel()
	parent, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim")
	require.NoError(t, os.Mkdir(victim, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(victim, "precious"), []byte("keep"), 0o644))
	script := `set -e
mkdir -p a/b/c ro noread
echo x > a/b/c/f; echo y > ro/f; echo z > noread/f; : > ro/empty
chmod 0400 a/b/c/f; chmod 0500 a/b/c a/b a ro; chmod 0000 noread
ln -s "$1" link-to-dir; ln -s "$1/precious" link-to-file; ln -s /nonexistent dangling
mkdir w; ln -s "$1" w/inner-link; chmod 0500 w`
	code, _, stderr := runCLI(newRunCLI(parent), "run", "--", "sh", "-c", script, "sh", victim)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stderr)
	assertEmptyDir(t, parent)
	data, err := os.ReadFile(filepath.Join(victim, "precious"))
	require.NoError(t, err, "a symbolic link's target survives")
	assert.Equal(t, "keep", string(data))
	info, err := os.Stat(victim)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755), info.Mode().Perm(), "a symbolic link's target keeps its mode")
}

func TestRunCannotStart(t *testing.T) {
	t.Parallel()
	cwd := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(cwd, "plain"), []byte("#!/bin/sh\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(cwd, "script"), []byte("#!/bin/sh\necho ran \"$1\"\n"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(cwd, "badinterp"), []byte("#!/nonexistent/interp\n"), 0o755))
	require.NoError(t, os.Mkdir(filepath.Join(cwd, "dir"), 0o755))
	tests := []struct {
		cmd    string
		code   int
		stderr string
	}{
		{"no-such-command-tempvfs", 127, "tempvfs run: no-such-command-tempvfs: command not found\n"},
		{"./missing", 127, "tempvfs run: ./missing: No such file or directory\n"},
		{"./plain", 126, "tempvfs run: ./plain: Permission denied\n"},
		{"./dir", 126, "tempvfs run: ./dir: Is a directory\n"},
		{"./badinterp", 127, "tempvfs run: ./badinterp: No such file or directory\n"},
		{"./script", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			c := newRunCLI(parent)
			c.Dir = cwd
			code, stdout, stderr := runCLI(c, "run", tt.cmd, "arg")
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.stderr, stderr)
			if tt.code == 0 {
				assert.Equal(t, "ran arg\n", stdout, "a relative CMD is found from the caller's directory")
			}
			assertEmptyDir(t, parent)
		})
	}
}

// TestRunNotExecutableInPath checks that a CMD found in $PATH only as a
// file without execute permission cannot be executed (126), as the shell
// and env(1) say, rather than not found.
func TestRunNotExecutableInPath(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(first, "tempvfs-noexec"), []byte("#!/bin/sh\necho ran\n"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(first, "tempvfs-dir"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(first, "tempvfs-shadowed"), []byte("#!/bin/sh\necho first\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(second, "tempvfs-shadowed"), []byte("#!/bin/sh\necho second\n"), 0o755))
	env, envErr := exec.LookPath("env")
	// Only these directories: execvp reports EACCES for a directory in
	// $PATH that cannot be searched, where the shell says not found.
	t.Setenv("PATH", first+string(filepath.ListSeparator)+second)
	tests := []struct {
		cmd     string
		code    int
		stdout  string
		stderr  string
		sameEnv bool // env(1) exits with the same status
	}{
		{"tempvfs-noexec", 126, "", "tempvfs run: tempvfs-noexec: Permission denied\n", true},
		{"tempvfs-shadowed", 0, "second\n", "", true},
		{"tempvfs-no-such-command", 127, "", "tempvfs run: tempvfs-no-such-command: command not found\n", true},
		// The shell skips directories; execvp reports EACCES for them.
		{"tempvfs-dir", 127, "", "tempvfs run: tempvfs-dir: command not found\n", false},
	}
	for _, tt := range tests {
		parent := t.TempDir()
		code, stdout, stderr := runCLI(newRunCLI(parent), "run", tt.cmd)
		assert.Equal(t, tt.code, code, tt.cmd)
		assert.Equal(t, tt.stdout, stdout, tt.cmd)
		assert.Equal(t, tt.stderr, stderr, tt.cmd)
		assertEmptyDir(t, parent)
		if tt.sameEnv && envErr == nil {
			out, err := exec.Command(env, tt.cmd).CombinedOutput()
			envCode := 0
			var exitErr *exec.ExitError
			if errors.As(err, &exitErr) {
				envCode = exitErr.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, envCode, code, "%s: env(1) says %s", tt.cmd, out)
		}
	}
}

func TestRunNoUsableTempDir(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	c := &CLI{FS: osbackend.New(osbackend.WithTempDirs(file, filepath.Join(file, "x"))), Env: runEnv()}
	code, _, stderr := runCLI(c, "run", "true")
	assert.Equal(t, exitRunFailed, code)
	assert.Contains(t, stderr, "tempvfs run: cannot create a private temporary directory: ")
	assert.Contains(t, stderr, "not a directory")
}

func TestRunNextCandidate(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	parent := t.TempDir()
	c := &CLI{FS: osbackend.New(osbackend.WithTempDirs(file, parent)), Env: runEnv()}
	code, stdout, stderr := runCLI(c, "run", "sh", "-c", `echo "$TMPDIR"`)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, parent, filepath.Dir(strings.TrimSpace(stdout)), "the first candidate that works is used")
	assertEmptyDir(t, parent)
}

// TestRunCommandKilled has CMD end by a signal, sent by itself and by
// another process: run exits 128+N, as the shell does, and cleans up.
func TestRunCommandKilled(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		t.Run("self "+sig.String(), func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			script := fmt.Sprintf(`touch file; mkdir d; chmod 0500 d; kill -%d $$`, int(sig))
			code, _, _ := runCLI(newRunCLI(parent), "run", "sh", "-c", script)
			assert.Equal(t, 128+int(sig), code)
			assertEmptyDir(t, parent)
		})
		t.Run("other "+sig.String(), func(t *testing.T) {
			t.Parallel()
			parent, pidDir := t.TempDir(), t.TempDir()
			pidFile := filepath.Join(pidDir, "pid")
			done := make(chan int, 1)
			go func() {
				code, _, _ := runCLI(newRunCLI(parent), "run", "sh", "-c", `touch file; echo $$ > "$1.tmp"; mv "$1.tmp" "$1"; exec sleep 60`, "sh", pidFile)
				done <- code
			}()
			pid := waitForPID(t, pidFile, done)
			require.NoError(t, syscall.Kill(pid, sig))
			assert.Equal(t, 128+int(sig), <-done)
			assertEmptyDir(t, parent)
		})
	}
}

// waitForPID waits until CMD has written its process ID to pidFile, or
// run has ended.
func waitForPID(t *testing.T, pidFile string, done <-chan int) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(pidFile); err == nil {
			pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
			require.NoError(t, err)
			return pid
		}
		select {
		case code := <-done:
			t.Fatalf("run ended with status %d before the command started", code)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("the command did not start")
	return 0
}

// TestRunSignalled sends each forwarded signal to a tempvfs process (this
// test binary, re-executed) running a command: the signal reaches the
// command, tempvfs waits for it, removes the directory and exits with the
// command's status, 128+N if the signal ended it.
func TestRunSignalled(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		trap string // set before CMD says it is ready
		wait string
		sig  syscall.Signal
		code int
	}{
		{"SIGINT ends CMD", ``, `exec sleep 60`, syscall.SIGINT, 128 + int(syscall.SIGINT)},
		{"SIGTERM ends CMD", ``, `exec sleep 60`, syscall.SIGTERM, 128 + int(syscall.SIGTERM)},
		{"SIGHUP ends CMD", ``, `exec sleep 60`, syscall.SIGHUP, 128 + int(syscall.SIGHUP)},
		{"SIGQUIT ends CMD", ``, `ulimit -c 0; exec sleep 60`, syscall.SIGQUIT, 128 + int(syscall.SIGQUIT)},
		// The shell runs a trap when the command in the foreground ends,
		// so it polls with short sleeps.
		{"CMD handles SIGTERM", `trap 'exit 7' TERM`, `while :; do sleep 0.05; done`, syscall.SIGTERM, 7},
		{"CMD handles SIGINT", `trap 'exit 0' INT`, `while :; do sleep 0.05; done`, syscall.SIGINT, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			parent, pidDir := t.TempDir(), t.TempDir()
			pidFile := filepath.Join(pidDir, "pid")
			script := `mkdir -p ro/sub; touch ro/sub/f; chmod 0500 ro/sub ro; ` + tt.trap + `
echo $$ > "$1.tmp"; mv "$1.tmp" "$1"; ` + tt.wait
			var stderr bytes.Buffer
			cmd := exec.Command(os.Args[0], "run", "--", "sh", "-c", script, "sh", pidFile)
			cmd.Env = append(runEnv(), reexecEnv+"=1", "TMPDIR="+parent)
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Start())
			done := make(chan int, 1)
			go func() {
				_ = cmd.Wait()
				done <- cmd.ProcessState.ExitCode()
			}()
			childPID := waitForPID(t, pidFile, done)

			require.NoError(t, cmd.Process.Signal(tt.sig))
			assert.Equal(t, tt.code, <-done, "exit status; stderr: %s", stderr.String())
			assert.Empty(t, stderr.String())
			assertEmptyDir(t, parent)
			err := syscall.Kill(childPID, 0)
			assert.True(t, errors.Is(err, syscall.ESRCH), "CMD (pid %d) is gone: %v", childPID, err)
		})
	}
}

// TestSignalBeforeStart checks that a signal caught before CMD starts
// means CMD never starts, with the status the signal would have given.
func TestSignalBeforeStart(t *testing.T) {
	t.Parallel()
	marker := filepath.Join(t.TempDir(), "ran")
	s := &signalCatcher{ch: make(chan os.Signal, 1)} // fed by hand, not by the OS
	s.ch <- syscall.SIGTERM
	cmd := exec.Command("sh", "-c", `touch "$1"`, "sh", marker)
	status, err := s.run(cmd)
	require.NoError(t, err)
	assert.Equal(t, 128+int(syscall.SIGTERM), status)
	assert.Nil(t, cmd.Process, "CMD was not started")
	assert.NoFileExists(t, marker)
}
