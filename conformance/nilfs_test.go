package conformance_test

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/vfs"
)

// Check with no filesystem to check fails every check, says why, and its
// Report.Err matches fs.ErrInvalid; nothing panics.
func TestCheckNilFS(t *testing.T) {
	t.Parallel()
	cleaned := false
	for name, tc := range map[string]struct {
		newFS   conformance.Factory
		nilFS   bool // the error is vfs.ErrNilFS, not the nil factory's
		message string
	}{
		"NilFactory": {nil, false, "nil filesystem factory"},
		"NilFS": {func() (vfs.Fs, string, func(), error) {
			return nil, "/d", func() { cleaned = true }, nil
		}, true, "nil filesystem"},
	} {
		var r conformance.Report
		require.NotPanics(t, func() { r = conformance.Check("nothing", tc.newFS) }, name)
		require.NotEmpty(t, r.Results, name)
		for _, res := range r.Results {
			assert.Equal(t, conformance.Fail, res.Status, "%s: %s", name, res.Check)
			assert.Contains(t, res.Message, tc.message, "%s: %s", name, res.Check)
		}
		err := r.Err()
		assert.ErrorIs(t, err, fs.ErrInvalid, name)
		if tc.nilFS {
			assert.ErrorIs(t, err, vfs.ErrNilFS, name)
			var pe *fs.PathError
			if assert.ErrorAs(t, err, &pe, name) {
				assert.Equal(t, "/d", pe.Path, name)
			}
		}
	}
	assert.True(t, cleaned, "the cleanup of a factory that returned a nil filesystem is called")
}

const runNilEnv = "CONFORMANCE_RUN_NIL_CHILD"

// Run with no filesystem to check fails the test with a message that says
// so, and does not panic. The failing test runs in a re-executed test
// binary, since a failure cannot be contained in this one.
func TestRunNilFS(t *testing.T) {
	switch os.Getenv(runNilEnv) {
	case "":
	case "NilNewFS":
		conformance.Run(t, nil)
		return
	case "NilFS":
		conformance.Run(t, func(*testing.T) (vfs.Fs, string) { return nil, "/d" })
		return
	default:
		t.Fatalf("unknown %s", runNilEnv)
	}
	t.Parallel()
	for mode, want := range map[string]string{
		"NilNewFS": "conformance.Run: conformance: nil filesystem factory: invalid argument",
		"NilFS":    "conformance.Run: NewFS: check /d: vfs: nil filesystem: invalid argument",
	} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestRunNilFS$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), runNilEnv+"="+mode)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			require.True(t, errors.As(err, &ee), "the child test fails: %v\n%s", err, out)
			assert.Equal(t, 1, ee.ExitCode(), "a test failure, not a crash:\n%s", out)
			assert.Contains(t, string(out), want)
			assert.NotContains(t, string(out), "panic", "nothing panics")
			if mode == "NilFS" {
				// Every check's subtest says so, as its own failure.
				assert.Greater(t, strings.Count(string(out), want), 10)
			}
		})
	}
}
