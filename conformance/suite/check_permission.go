package suite

import (
	"io/fs"
	"os"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
)

func init() {
	register("Permission",
		testCase{
			name:    "ReadDenied",
			promise: and(contractMode, contractErrors),
			run: func(t tester, e *env) {
				skipWindowsModes(t, e, "mode 0200 cannot deny reading, and who may read a file is its ACL's business")
				name := e.path("f")
				writeFile(t, e.fsys, name, "secret")
				chmod(t, e, name, 0o200, 0o600)
				f, err := e.fsys.Open(name)
				if err == nil {
					f.Close()
					notEnforced(t, e, "Open for reading of "+name+" with mode 0200")
				}
				isPathError(t, err, "open", name, fs.ErrPermission)
			},
		},
		testCase{
			name:    "WriteDenied",
			promise: and(contractMode, contractErrors),
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "kept")
				chmod(t, e, name, 0o400, 0o600)
				f, err := e.fsys.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0)
				if err == nil {
					f.Close()
					notEnforced(t, e, "OpenFile(O_WRONLY|O_TRUNC) of "+name+" with mode 0400")
				}
				isPathError(t, err, "open", name, fs.ErrPermission)
				chmod(t, e, name, 0o600, 0o600)
				assert.Equal(t, "kept", readFile(t, e.fsys, name), "a refused open must not truncate")
			},
		},
		testCase{
			name:    "DirWriteDenied",
			promise: and(contractMode, contractErrors),
			run: func(t tester, e *env) {
				skipWindowsModes(t, e, "a directory's read-only attribute does not deny creating entries in it")
				dir := e.path("d")
				mkdir(t, e.fsys, dir)
				chmod(t, e, dir, 0o500, 0o700)
				name := e.path("d", "f")
				f, err := e.fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
				if err == nil {
					f.Close()
					notEnforced(t, e, "creating "+name+" in a directory with mode 0500")
				}
				isPathError(t, err, "open", name, fs.ErrPermission)
				absent(t, e.fsys, name, "a refused create")
			},
		},
	)
}

// chmod sets name's mode for a check and restores it to after when the
// check ends, so that the directory can be removed.
func chmod(t tester, e *env, name string, mode, after fs.FileMode) {
	t.Helper()
	require.NoError(t, e.fsys.Chmod(name, mode), "setup: chmod %s %v", name, mode)
	t.Cleanup(func() { _ = e.fsys.Chmod(name, after) })
}

// notEnforced ends a check whose permission bits were not enforced: a
// skip if the process runs as root, which operating systems exempt, and a
// failure otherwise. A filesystem that emulates an unprivileged user is
// expected to enforce the bits whatever the process's user.
func notEnforced(t tester, e *env, what string) {
	t.Helper()
	if e.root {
		t.Skipf("%s succeeded, and the process runs as root (euid 0), which the operating system exempts from permission bits: run as another user to check", what)
	}
	t.Errorf("%s succeeded: the permission bits were not enforced", what)
	t.FailNow()
}
