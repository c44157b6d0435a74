package tempfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/wine"
	"github.com/tempvfs/tempvfs/vfs"
)

// Windows' errors: ERROR_PRIVILEGE_NOT_HELD, for a symbolic link made
// without SeCreateSymbolicLinkPrivilege; ERROR_SHARING_VIOLATION, for a
// rename or removal of a file open without FILE_SHARE_DELETE.
// ERROR_INVALID_NAME, for a name with a character Windows refuses ('*');
// ERROR_NEGATIVE_SEEK, where POSIX says EINVAL.
const (
	errPrivilegeNotHeld syscall.Errno = 1314
	errSharingViolation syscall.Errno = 32
	errInvalidName      syscall.Errno = 123
	errNegativeSeek     syscall.Errno = 131
)

// windowsModes reports whether fsys keeps modes as Windows does, with no
// Unix permission bits: on Windows, a file it creates with 0600 in dir
// reads back 0666 (os maps the read-only attribute, the one bit kept).
func windowsModes(t *testing.T, fsys vfs.Fs, dir string) bool {
	t.Helper()
	if runtime.GOOS != "windows" {
		return false
	}
	probe := filepath.Join(dir, "mode-probe")
	f, err := fsys.OpenFile(probe, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	require.NoError(t, err)
	fi, err := f.Stat()
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.NoError(t, fsys.Remove(probe))
	return fi.Mode().Perm() == 0o666
}

// skipWindowsModes skips a test of Unix permission bits where fsys has
// Windows' modes.
func skipWindowsModes(t *testing.T, fsys vfs.Fs, dir string) {
	t.Helper()
	if windowsModes(t, fsys, dir) {
		t.Skipf("Windows has no Unix permission bits: %s keeps only the read-only attribute", fsys.Name())
	}
}

// filePerm returns the permission bits that a file of fsys made (or
// changed) with perm reports: perm, or where fsys has Windows' modes
// 0o444 for a perm without the owner write bit and 0o666 for any other.
func filePerm(t *testing.T, fsys vfs.Fs, dir string, perm fs.FileMode) fs.FileMode {
	t.Helper()
	if !windowsModes(t, fsys, dir) {
		return perm
	}
	if perm&0o200 == 0 {
		return 0o444
	}
	return 0o666
}

// requireRenameOpen skips the test where a file that fsys creates
// exclusively cannot be renamed or removed while it is open: on Windows,
// a file opened without FILE_SHARE_DELETE, as afero's OsFs opens it
// (osbackend shares deletion).
func requireRenameOpen(t *testing.T, fsys vfs.Fs, dir string) {
	t.Helper()
	if why := renameOpenRefused(t, fsys, dir); why != "" {
		t.Skip(why)
	}
}

// renameOpenRefused says why a file that fsys creates exclusively cannot
// be renamed or removed while it is open (see requireRenameOpen), or ""
// where it can.
func renameOpenRefused(t *testing.T, fsys vfs.Fs, dir string) string {
	t.Helper()
	if runtime.GOOS != "windows" {
		return ""
	}
	a, b := filepath.Join(dir, "rename-probe"), filepath.Join(dir, "rename-probe-2")
	f, err := vfs.CreateExclusive(fsys, a, 0o600)
	require.NoError(t, err)
	err = fsys.Rename(a, b)
	if err == nil {
		err = fsys.Remove(b)
	}
	require.NoError(t, f.Close())
	if errors.Is(err, errSharingViolation) {
		require.NoError(t, fsys.Remove(a))
		return "Windows refuses to rename or remove a file that " + fsys.Name() + " opened without FILE_SHARE_DELETE: " + err.Error()
	}
	require.NoError(t, err)
	return ""
}

// anonymousRefused says why, on Windows, fsys cannot make an anonymous
// file in dir, for a test to skip or to expect the named fallback; ""
// where it can.
func anonymousRefused(t *testing.T, fsys vfs.Fs, dir string) string {
	t.Helper()
	f, err := vfs.CreateAnonymous(fsys, dir, 0o600)
	if err == nil {
		require.NoError(t, f.Close())
		return ""
	}
	require.ErrorIs(t, err, errors.ErrUnsupported)
	require.Equal(t, "windows", runtime.GOOS, "only Windows refuses anonymous files: %v", err)
	if _, ok := fsys.(vfs.AnonymousFS); ok {
		if v, ok := wine.Version(); ok {
			return "Wine " + v + ": no POSIX-semantics delete (FileDispositionInfoEx is refused), so no anonymous file"
		}
	}
	return "Windows cannot remove the name of a file that " + fsys.Name() + " opened without FILE_SHARE_DELETE, so no anonymous file: " + err.Error()
}

// windowsRefusal reports whether err is Windows' refusal to open, rename
// over or remove a file that another handle holds without
// FILE_SHARE_DELETE: a sharing violation or "Access denied".
func windowsRefusal(err error) bool {
	return runtime.GOOS == "windows" && (errors.Is(err, errSharingViolation) || errors.Is(err, fs.ErrPermission))
}

// requireRemoveTree skips the test where fsys has no race-free
// RemoveTree here (osbackend on Windows).
func requireRemoveTree(t *testing.T, fsys vfs.Fs, dir string) {
	t.Helper()
	probe := filepath.Join(dir, "removetree-probe")
	require.NoError(t, fsys.Mkdir(probe, 0o700))
	err := vfs.RemoveTree(fsys, probe)
	if errors.Is(err, errors.ErrUnsupported) {
		require.NoError(t, fsys.Remove(probe))
		t.Skipf("%s has no race-free RemoveTree here: %v", fsys.Name(), err)
	}
	require.NoError(t, err)
}
