//go:build linux

package membackend_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
)

// nonRootEnv marks the process that TestDifferentialNonRoot starts as an
// unprivileged user.
const nonRootEnv = "MEMBACKEND_DIFF_NONROOT"

// nobody is the user the test switches to when it runs as root.
const nobody = 65534

// TestDifferentialNonRoot compares membackend acting as an unprivileged
// user (WithUser) with the operating system enforcing permission bits,
// which it does not do for root. Run as root, it runs itself again as
// uid 65534 in a copy of the test binary, and skips if it cannot.
func TestDifferentialNonRoot(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		if os.Getenv(nonRootEnv) != "" {
			t.Fatal("the child process still runs as root")
		}
		runAsNobody(t, "TestDifferentialNonRoot")
		return
	}
	opt := membackend.WithUser(os.Geteuid(), os.Getegid())
	perm := func(kind byte, a, b, c, d byte) diffOp { return diffOp{kind, a, b, c, d} }
	scripts := map[string][]diffOp{
		"read-only directory": {
			perm(opMkdir, 2, 0, 2, 0), perm(opWriteFile, 3, 0, 2, 0), perm(opChmod, 2, 0, 6, 0), // d 0500
			perm(opCreate, 4, 0, 0, 0), perm(opRemove, 3, 0, 0, 0), perm(opRename, 3, 0, 0, 0),
			perm(opMkdir, 5, 0, 2, 0), perm(opRemoveAll, 2, 0, 0, 0), perm(opReadFile, 3, 0, 0, 0),
			perm(opChmod, 2, 0, 9, 0), perm(opRemoveAll, 2, 0, 0, 0),
		},
		"no search": {
			perm(opMkdir, 2, 0, 2, 0), perm(opWriteFile, 3, 0, 2, 0), perm(opChmod, 2, 0, 0, 0), // d 0600
			perm(opStat, 3, 0, 0, 0), perm(opReadDir, 2, 0, 0, 0), perm(opOpenFile, 3, 2, 0, 0),
			perm(opChmod, 2, 0, 4, 0), // d 0000
			perm(opReadDir, 2, 0, 0, 0), perm(opRemoveAll, 2, 0, 0, 0), perm(opStat, 2, 0, 0, 0),
		},
		"unreadable file": {
			perm(opWriteFile, 0, 0, 2, 0), perm(opChmod, 0, 0, 4, 0), perm(opReadFile, 0, 0, 0, 0),
			perm(opOpenFile, 0, 1, 0, 0), perm(opOpenFile, 0, 10, 0, 0), perm(opChmod, 0, 0, 5, 0),
			perm(opOpenFile, 0, 0, 0, 0), perm(opOpenFile, 0, 2, 0, 0), perm(opWriteFile, 0, 0, 3, 0),
		},
		"moving a read-only directory": {
			perm(opMkdir, 2, 0, 2, 0), perm(opMkdir, 6, 0, 2, 0), perm(opMkdir, 5, 0, 2, 0),
			perm(opChmod, 5, 0, 6, 0), perm(opRename, 5, 16, 0, 0), perm(opRename, 5, 4, 0, 0),
		},
	}
	for name, ops := range scripts {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runDifferential(t, ops, opt)
		})
	}
	for i := range uint64(*diffSeeds) {
		seed := *diffFirstSeed + i
		t.Run(fmt.Sprintf("random/%d", seed), func(t *testing.T) {
			t.Parallel()
			runDifferential(t, randomOps(seed, *diffOps), opt)
		})
	}
}

// runAsNobody runs the top-level test named test in a copy of the test
// binary as uid and gid 65534, with a temporary directory that user owns.
func runAsNobody(t *testing.T, test string) {
	exe, err := os.Executable()
	require.NoError(t, err)
	// Not t.TempDir: its parent is private to root.
	dir, err := os.MkdirTemp("", "membackend-nonroot-")
	require.NoError(t, err)
	t.Cleanup(func() {
		restorePerms(dir)
		require.NoError(t, os.RemoveAll(dir))
	})
	require.NoError(t, os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "membackend.test")
	copyFile(t, exe, bin)
	tmp := filepath.Join(dir, "tmp")
	require.NoError(t, os.Mkdir(tmp, 0o700))
	require.NoError(t, os.Chown(tmp, nobody, nobody))

	cmd := exec.Command(bin, "-test.run=^"+test+"$", "-test.count=1", "-test.v",
		fmt.Sprintf("-diff.seeds=%d", *diffSeeds), fmt.Sprintf("-diff.ops=%d", *diffOps),
		fmt.Sprintf("-diff.seed=%d", *diffFirstSeed))
	cmd.Env = append(os.Environ(), nonRootEnv+"=1", "TMPDIR="+tmp)
	cmd.Dir = tmp
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		t.Fatalf("as uid %d: %v\n%s", nobody, err, out)
	default:
		t.Skipf("permission cases need a user other than root, and starting a process as uid %d failed: %v", nobody, err)
	}
	require.Contains(t, string(out), "--- PASS: "+test, "the child ran the test")
	require.NotContains(t, string(out), "--- SKIP: "+test)
	t.Logf("ran as uid %d: %d subtests passed", nobody, strings.Count(string(out), "--- PASS: "+test+"/"))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}
