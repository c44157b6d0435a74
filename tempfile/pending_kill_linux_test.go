package tempfile_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

const killChildEnv = "TEMPFILE_KILL_CHILD"

// killData is what the child writes: more than a page, so that a torn
// write would show.
var killData = bytes.Repeat([]byte("0123456789abcdef"), 1024)

// killChild is the re-executed test binary: it writes files with
// WriteFile in a loop, each to a new target ("new") or all to one
// ("replace"), in dir, saying "ready" after the first, until it is
// killed.
func killChild(mode, dir string) {
	fsys := osbackend.New()
	for i := 0; ; i++ {
		name := filepath.Join(dir, "t")
		if mode == "new" {
			name = filepath.Join(dir, "t"+strconv.Itoa(i))
		}
		if err := tempfile.WriteFile(fsys, name, killData, 0o600); err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		if i == 0 {
			fmt.Println("ready")
		}
	}
}

var (
	killTargetRE   = regexp.MustCompile(`^t[0-9]*$`)
	killLeftoverRE = regexp.MustCompile(`^\.t[0-9]*\.[` + tempfile.Alphabet + `]{13}$`)
)

// killRun starts a child, kills it with SIGKILL a few milliseconds into
// its loop, and returns how many targets and how many temporary files it
// left in a fresh directory. Every target has the full content.
func killRun(t *testing.T, mode string) (targets, leftovers int) {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteFileSIGKILL$", "-test.count=1")
	cmd.Env = append(os.Environ(), killChildEnv+"="+mode+":"+dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	sc := bufio.NewScanner(out)
	require.True(t, sc.Scan(), "the child starts")
	require.Equal(t, "ready", sc.Text())
	time.Sleep(time.Duration(rand.IntN(5000)) * time.Microsecond)
	require.NoError(t, cmd.Process.Kill())
	for sc.Scan() {
		t.Log("child:", sc.Text())
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	require.True(t, errors.As(err, &ee), "the child is killed: %v", err)
	ws := ee.Sys().(syscall.WaitStatus)
	require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL, "killed by SIGKILL: %v", ws)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		switch name := e.Name(); {
		case killTargetRE.MatchString(name):
			targets++
			got, err := os.ReadFile(filepath.Join(dir, name))
			require.NoError(t, err)
			assert.True(t, bytes.Equal(killData, got), "%s has %d bytes, not the full content", name, len(got))
		case killLeftoverRE.MatchString(name):
			leftovers++
		default:
			assert.Fail(t, "an entry WriteFile does not make", "%s", name)
		}
	}
	return targets, leftovers
}

// A process killed with SIGKILL while WriteFile creates new targets, on a
// filesystem that publishes anonymous files (Linux's O_TMPFILE), leaves
// complete targets and no temporary file: each target is linked in place
// with no name in between. Replacing one target, where a temporary name
// and a rename are needed, can leave one, as Pending documents: that count
// is only logged.
func TestWriteFileSIGKILL(t *testing.T) {
	if v := os.Getenv(killChildEnv); v != "" {
		mode, dir, _ := strings.Cut(v, ":")
		killChild(mode, dir)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary 70 times")
	}
	t.Parallel()
	requirePublish(t, t.TempDir())

	t.Run("new", func(t *testing.T) {
		t.Parallel()
		var targets, leftovers int
		for range 50 {
			n, l := killRun(t, "new")
			targets += n
			leftovers += l
		}
		assert.Positive(t, targets, "the children wrote targets before they were killed")
		assert.Zero(t, leftovers, "temporary files left by 50 killed children making new targets")
		t.Logf("50 kills: %d targets, %d temporary files", targets, leftovers)
	})
	t.Run("replace", func(t *testing.T) {
		t.Parallel()
		var leftovers int
		for range 20 {
			n, l := killRun(t, "replace")
			assert.Equal(t, 1, n, "the target")
			leftovers += l
		}
		t.Logf("20 kills while replacing: %d temporary files (the documented window)", leftovers)
	})
}
