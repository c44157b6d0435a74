//go:build linux

package cli

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unprivilegedUID is the user the tests of run, check and reap are run
// again as when the tests run as root: nobody on most systems.
const unprivilegedUID = 65534

// TestAsOrdinaryUser runs the tests of run, check and reap again as an
// ordinary user, when the tests run as root, because root is exempt from
// the permission bits that those tests are about: run's and reap's
// removal of read-only trees, reap's failure to remove, and check's
// permission enforcement.
func TestAsOrdinaryUser(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("the tests already run as an ordinary user")
	}
	exe, err := os.Executable()
	require.NoError(t, err)
	dir := t.TempDir()
	// The ordinary user must reach the copy of the test binary.
	require.NoError(t, os.Chmod(filepath.Dir(dir), 0o755))
	require.NoError(t, os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "cli.test")
	copyFile(t, exe, bin)
	tmp := filepath.Join(dir, "tmp")
	require.NoError(t, os.Mkdir(tmp, 0o700))
	require.NoError(t, os.Chown(tmp, unprivilegedUID, unprivilegedUID))

	cmd := exec.Command(bin, "-test.run", "^(TestRun|TestReap|TestCheck)", "-test.count=1", "-test.v")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "TMPDIR=" + tmp, "HOME=" + tmp}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: unprivilegedUID, Gid: unprivilegedUID}}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "as user %d:\n%s", unprivilegedUID, out)
	assert.Contains(t, string(out), "--- PASS: TestReapCannotRemove", "the test that needs an ordinary user ran")
	assert.Contains(t, string(out), "--- PASS: TestCheckFilesystems")
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	require.NoError(t, err)
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	require.NoError(t, err)
	_, err = io.Copy(dst, src)
	require.NoError(t, err)
	require.NoError(t, dst.Close())
}
