//go:build unix

package tempfile_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

const signalChildEnv = "TEMPFILE_SIGNAL_CHILD_DIR"

// signalChild is the re-executed test binary: it makes tracked objects in
// the directory it is given, installs the handler, says so and waits to
// be killed.
func signalChild(dir string) {
	fsys := osbackend.New()
	tr := tempfile.NewTracker()
	stop := tr.HandleSignals()
	defer stop()
	opts := []tempfile.Option{tempfile.WithDir(dir), tempfile.WithTracker(tr)}
	f, err := tempfile.NewNamed(fsys, opts...)
	if err == nil {
		_, err = f.WriteString("data")
	}
	var d *tempfile.Dir
	if err == nil {
		d, err = tempfile.NewDir(fsys, opts...)
	}
	if err == nil {
		err = d.WriteTree(map[string]string{"a/b": "c"})
	}
	var k *tempfile.File
	if err == nil {
		k, err = tempfile.NewNamed(fsys, append(opts, tempfile.WithKeep(), tempfile.WithPrefix("kept"))...)
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("ready")
	time.Sleep(time.Minute)
	fmt.Println("not killed", f.Name(), d.Path(), k.Name())
	os.Exit(4)
}

// On SIGTERM and SIGINT the handler removes the tracked objects (leaving
// the kept one), then the process dies by that signal, as it would have
// without the handler.
func TestTrackerHandleSignals(t *testing.T) {
	if dir := os.Getenv(signalChildEnv); dir != "" {
		signalChild(dir)
		return
	}
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestTrackerHandleSignals$", "-test.count=1")
			cmd.Env = append(os.Environ(), signalChildEnv+"="+dir)
			out, err := cmd.StdoutPipe()
			require.NoError(t, err)
			require.NoError(t, cmd.Start())
			sc := bufio.NewScanner(out)
			require.True(t, sc.Scan(), "the child starts")
			require.Equal(t, "ready", sc.Text())
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			require.Len(t, entries, 3)

			require.NoError(t, cmd.Process.Signal(sig))
			for sc.Scan() {
				t.Log("child:", sc.Text())
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			require.True(t, errors.As(err, &ee), "the child fails: %v", err)
			ws := ee.Sys().(syscall.WaitStatus)
			assert.True(t, ws.Signaled(), "killed by a signal: %v", ws)
			assert.Equal(t, sig, ws.Signal())

			left, err := filepath.Glob(filepath.Join(dir, "*"))
			require.NoError(t, err)
			require.Len(t, left, 1, "only the kept file remains")
			assert.True(t, tempfile.IsTempName(filepath.Base(left[0]), "kept", ""), left[0])
		})
	}
}

// stop uninstalls the handler: a later signal leaves the tracked file
// alone. Not parallel: it sends a signal to the test process.
func TestTrackerHandleSignalsStop(t *testing.T) {
	dir := t.TempDir()
	tr := tempfile.NewTracker()
	f, err := tempfile.NewNamed(osbackend.New(), tempfile.WithDir(dir), tempfile.WithTracker(tr))
	require.NoError(t, err)
	defer f.Close()
	stop := tr.HandleSignals(syscall.SIGUSR2)
	stop()
	stop() // a second call does nothing

	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR2)
	defer signal.Stop(ch)
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGUSR2))
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("the signal did not arrive")
	}
	_, err = os.Stat(f.Name())
	assert.NoError(t, err, "the stopped handler removed nothing")
	assert.Len(t, tr.Live(), 1)
}

// The handler does not take a signal over: a channel registered earlier
// with signal.Notify still receives it, while the handler cleans up.
// SIGWINCH is used because its default action is to be ignored, so the
// handler's re-raise does not end the test binary. Not parallel: signal
// handling is process-wide.
func TestHandleSignalsEarlierNotifyStillReceives(t *testing.T) {
	earlier := make(chan os.Signal, 1)
	signal.Notify(earlier, syscall.SIGWINCH)
	defer signal.Stop(earlier)

	fsys := osbackend.New()
	dir := t.TempDir()
	tr := tempfile.NewTracker()
	f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithTracker(tr))
	require.NoError(t, err)
	defer f.Close()
	stop := tr.HandleSignals(syscall.SIGWINCH)
	defer stop()

	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGWINCH))
	select {
	case sig := <-earlier:
		assert.Equal(t, syscall.SIGWINCH, sig)
	case <-time.After(10 * time.Second):
		assert.Fail(t, "the earlier signal.Notify channel did not receive the signal")
	}
	for deadline := time.Now().Add(10 * time.Second); len(tr.Live()) > 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	assert.Empty(t, tr.Live(), "the handler cleaned up as well")
	_, err = os.Stat(f.Name())
	assert.ErrorIs(t, err, os.ErrNotExist)
}
