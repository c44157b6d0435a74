package suite

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/vfs"
)

// What Windows does otherwise, found out by looking at the filesystem
// under test rather than assumed from the platform: an in-memory
// filesystem on Windows keeps Unix's promises, and the checks hold it to
// them.

// windowsModes reports whether the filesystem keeps modes as Windows
// does, having no Unix permission bits: only on Windows, and only if a
// file it creates with mode 0600 reads back as 0666 (package os maps the
// read-only attribute, the one bit Windows keeps, to 0444 and its absence
// to 0666). The probe file is removed again.
func (e *env) windowsModes(t tester) bool {
	t.Helper()
	if runtime.GOOS != "windows" {
		return false
	}
	if e.winModes != nil {
		return *e.winModes
	}
	probe := e.path(".conformance-mode-probe")
	f, err := e.fsys.OpenFile(probe, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	require.NoError(t, err, "setup: create %s", probe)
	fi, err := f.Stat()
	f.Close()
	require.NoError(t, err, "setup: stat %s", probe)
	require.NoError(t, e.fsys.Remove(probe), "setup: remove %s", probe)
	win := fi.Mode().Perm() == 0o666
	e.winModes = &win
	return win
}

// filePerm returns the permission bits that a file created (or changed)
// with perm must report: perm itself, minus umask, on a filesystem with
// Unix modes, and on one with Windows' modes what the read-only
// attribute that perm's owner write bit decides maps to.
func (e *env) filePerm(t tester, perm, umask fs.FileMode) fs.FileMode {
	t.Helper()
	if !e.windowsModes(t) {
		return perm &^ umask
	}
	if perm&0o200 == 0 {
		return 0o444
	}
	return 0o666
}

// skipWindowsModes skips a check of Unix permission bits on a filesystem
// with Windows' modes.
func skipWindowsModes(t tester, e *env, what string) {
	t.Helper()
	if e.windowsModes(t) {
		t.Skipf("%s keeps no Unix permission bits, as Windows does (a file created with 0600 reads back 0666, and only the read-only attribute is kept): %s", describe(e.fsys), what)
	}
}

// skipDeletePending skips a check of the removal of an open file where
// the removal worked but, on Windows, left the name until the file is
// closed (see deletePending).
func skipDeletePending(t tester, e *env, name string) {
	t.Helper()
	if why := deletePending(e, name); why != "" {
		t.Skipf("%s", why)
	}
}

// deletePending says why, if it is so, the name of a removed file that is
// still open remains: a delete pending, which is how Windows removes an
// open file without POSIX-semantics deletion (before Windows 10 1607, off
// NTFS, under Wine): the name goes when the last handle is closed.
func deletePending(e *env, name string) string {
	if runtime.GOOS != "windows" {
		return ""
	}
	if _, err := vfs.Lstat(e.fsys, name); errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	return "the removed file " + name + " is still open and keeps its name until it is closed: a delete pending, as Windows removes an open file without POSIX-semantics deletion"
}

// anonymousRefused reports whether err, from creating an anonymous file
// on the filesystem under test, says that it cannot make one: an error
// wrapping errors.ErrUnsupported, as on Windows where the filesystem
// cannot remove the name of an open file.
func anonymousRefused(err error) bool { return errors.Is(err, errors.ErrUnsupported) }

// skipAnonymousRefused skips a check whose anonymous file the filesystem
// refused to make, having checked that the refusal left nothing in dir.
func skipAnonymousRefused(t tester, e *env, dir string, err error) {
	t.Helper()
	if !anonymousRefused(err) {
		return
	}
	names := names(t, e.fsys, dir)
	if len(names) > 0 {
		t.Errorf("a refused CreateAnonymous(%s) left %q", dir, names)
		t.FailNow()
	}
	t.Skipf("%s cannot make an anonymous file in %s: %v", describe(e.fsys), dir, err)
}

// sharingViolation reports whether err is Windows' refusal of a rename
// or removal of a file that another handle has open without
// FILE_SHARE_DELETE: ERROR_ACCESS_DENIED or ERROR_SHARING_VIOLATION.
func sharingViolation(err error) bool {
	return runtime.GOOS == "windows" && (errors.Is(err, fs.ErrPermission) || errors.Is(err, errSharingViolation))
}

// skipSharingViolation skips a check of replacing a file that readers
// keep opening, where Windows refused the replacement for a reader's
// handle.
func skipSharingViolation(t tester, what string, err error) {
	t.Helper()
	if sharingViolation(err) {
		t.Skipf("%s while readers had the target open: %v: Windows refuses to replace a file that is open without FILE_SHARE_DELETE, as the readers' handles are (os.Open's)", what, err)
	}
}

// checkSymlinkMade skips the check if a symbolic link that Symlink
// reported making is not in its directory: a filesystem that cannot make
// links but does not say so (Wine's os.Symlink returns success and makes
// nothing).
func checkSymlinkMade(t tester, e *env, link string) {
	t.Helper()
	if !slices.Contains(names(t, e.fsys, filepath.Dir(link)), filepath.Base(link)) {
		t.Skipf("%s: Symlink %s reported success but made nothing there (as Wine's os.Symlink does): it cannot make symbolic links", describe(e.fsys), link)
	}
}

// osCreateWritable says why a file of the operating system's opened
// O_RDONLY|O_CREATE is writable on Windows.
const osCreateWritable = "on Windows, package os opens O_RDONLY|O_CREATE for writing too (syscall.Open adds GENERIC_WRITE to create)"
