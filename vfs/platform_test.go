package vfs_test

import (
	"errors"
	"os"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/wine"
)

// symlink makes link, pointing at target, with os.Symlink, or skips the
// test where no usable link can be made: on Windows without the
// privilege (ERROR_PRIVILEGE_NOT_HELD), and under Wine, whose os.Symlink
// reports success but makes nothing.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	err := os.Symlink(target, link)
	if runtime.GOOS != "windows" {
		require.NoError(t, err)
		return
	}
	if errors.Is(err, syscall.Errno(1314)) {
		t.Skipf("symbolic links need a privilege on Windows: %v", err)
	}
	require.NoError(t, err)
	if _, err := os.Lstat(link); err != nil {
		if v, ok := wine.Version(); ok {
			t.Skipf("Wine %s: os.Symlink reports success but makes no usable link", v)
		}
		t.Fatalf("os.Symlink %s -> %s succeeded, but Lstat fails: %v", link, target, err)
	}
}
