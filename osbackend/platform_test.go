package osbackend_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/wine"
)

// errPrivilegeNotHeld is ERROR_PRIVILEGE_NOT_HELD, Windows' answer to a
// symbolic link made without SeCreateSymbolicLinkPrivilege.
const errPrivilegeNotHeld = syscall.Errno(1314)

// filePerm returns the permission bits that Stat reports for a file made
// (or changed) with perm: perm on Unix; on Windows, which has no Unix
// permission bits, 0o444 for a perm without the owner write bit (the
// read-only attribute) and 0o666 for any other, as package os maps them.
func filePerm(perm fs.FileMode) fs.FileMode {
	if runtime.GOOS != "windows" {
		return perm
	}
	if perm&0o200 == 0 {
		return 0o444
	}
	return 0o666
}

// skipIfNoUnixModes skips a test of Unix permission bits on Windows.
func skipIfNoUnixModes(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits: a mode keeps only the read-only attribute")
	}
}

// symlink makes link, pointing at target, with os.Symlink, or skips the
// test where no usable link can be made: on Windows without the
// privilege, and under Wine, whose os.Symlink reports success but makes
// nothing.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	skip, err := trySymlink(target, link)
	if skip != "" {
		t.Skip(skip)
	}
	require.NoError(t, err, "setup: symlink %s -> %s", link, target)
}

// trySymlink makes link, pointing at target, with os.Symlink. Where no
// usable link can be made it returns why, for a skip; otherwise the
// error, if any.
func trySymlink(target, link string) (skip string, err error) {
	err = os.Symlink(target, link)
	if runtime.GOOS != "windows" {
		return "", err
	}
	if errors.Is(err, errPrivilegeNotHeld) {
		return fmt.Sprintf("symbolic links need a privilege on Windows: %v", err), nil
	}
	if err != nil {
		return "", err
	}
	if _, lerr := os.Lstat(link); lerr != nil {
		if v, ok := wine.Version(); ok {
			return fmt.Sprintf("Wine %s: os.Symlink reports success but makes no usable link", v), nil
		}
		return "", fmt.Errorf("os.Symlink %s -> %s succeeded, but Lstat fails: %w", link, target, lerr)
	}
	return "", nil
}

// rootSymlink makes link, pointing at target, through r, or skips the
// test where symbolic links cannot be made (see symlink).
func rootSymlink(t *testing.T, r interface{ SymlinkIfPossible(string, string) error }, target, link string) {
	t.Helper()
	err := r.SymlinkIfPossible(target, link)
	skipIfNoSymlink(t, err)
	require.NoError(t, err, "setup: symlink %s -> %s", link, target)
}

// skipIfNoSymlink skips the test if err is Windows' refusal to make a
// symbolic link: the missing privilege, or under Wine, whose os.Root
// cannot set a reparse point, ERROR_NOT_SUPPORTED.
func skipIfNoSymlink(t *testing.T, err error) {
	t.Helper()
	if runtime.GOOS != "windows" || err == nil {
		return
	}
	if errors.Is(err, errPrivilegeNotHeld) {
		t.Skipf("symbolic links need a privilege on Windows: %v", err)
	}
	if v, ok := wine.Version(); ok && errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("Wine %s: making a symbolic link through os.Root fails with %v (Wine cannot set a reparse point)", v, err)
	}
}
