package faultfs_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/faultfs"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

func TestFailFrom(t *testing.T) {
	t.Parallel()
	fsys := faultfs.New(afero.NewMemMapFs())
	fsys.FailFrom(faultfs.Write, 3, syscall.EIO)
	f, err := fsys.Create("/f")
	require.NoError(t, err)
	defer f.Close()
	for i := range 4 {
		_, err := f.Write([]byte("x"))
		if i < 2 {
			assert.NoError(t, err, "call %d", i+1)
		} else {
			assert.ErrorIs(t, err, syscall.EIO, "call %d", i+1)
			var pe *fs.PathError
			assert.ErrorAs(t, err, &pe)
		}
	}
	assert.Equal(t, 4, fsys.Calls(faultfs.Write))
	assert.Equal(t, 1, fsys.Calls(faultfs.Open))

	fsys.Reset()
	_, err = f.Write([]byte("x"))
	assert.NoError(t, err)
	assert.Equal(t, 1, fsys.Calls(faultfs.Write))
}

func TestLimitWritesShortWrite(t *testing.T) {
	t.Parallel()
	base := afero.NewMemMapFs()
	fsys := faultfs.New(base)
	fsys.LimitWrites(5)
	f, err := fsys.Create("/f")
	require.NoError(t, err)
	n, err := f.Write([]byte("abc"))
	assert.Equal(t, 3, n)
	assert.NoError(t, err)
	n, err = f.Write([]byte("defg"))
	assert.Equal(t, 2, n)
	assert.ErrorIs(t, err, syscall.ENOSPC)
	require.NoError(t, f.Close())
	got, err := afero.ReadFile(base, "/f")
	require.NoError(t, err)
	assert.Equal(t, "abcde", string(got), "exactly what was reported is written")
}

func TestForwardsCapabilities(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("publishing anonymous files needs Linux's O_TMPFILE")
	}
	t.Parallel()
	dir := t.TempDir()
	fsys := faultfs.New(osbackend.New())

	f, err := vfs.CreateAnonymous(fsys, dir, 0o600)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)

	p, err := vfs.CreatePublishable(fsys, dir, 0o600)
	require.NoError(t, err)
	defer p.Close()
	_, err = p.Write([]byte("pub"))
	require.NoError(t, err)
	require.NoError(t, vfs.Publish(fsys, p, filepath.Join(dir, "pub")))
	got, err := os.ReadFile(filepath.Join(dir, "pub"))
	require.NoError(t, err)
	assert.Equal(t, "pub", string(got))

	err = vfs.RenameNoReplace(fsys, filepath.Join(dir, "pub"), filepath.Join(dir, "moved"))
	require.NoError(t, err)
	assert.Equal(t, 2, fsys.Calls(faultfs.Rename))
	assert.Equal(t, 2, fsys.Calls(faultfs.Open))

	fsys.FailFrom(faultfs.Sync, 1, syscall.EIO)
	assert.ErrorIs(t, vfs.SyncDir(fsys, dir), syscall.EIO)
	assert.Equal(t, osbackend.New().TempDirs(), vfs.TempDirs(fsys))
}

func TestInjectedCloseStillReleasesTheFile(t *testing.T) {
	t.Parallel()
	fsys := faultfs.New(afero.NewMemMapFs())
	fsys.FailFrom(faultfs.Close, 1, syscall.EIO)
	f, err := fsys.Create("/f")
	require.NoError(t, err)
	assert.ErrorIs(t, f.Close(), syscall.EIO)
	inner := f.(*faultfs.File).Unwrap()
	_, err = inner.Write([]byte("x"))
	assert.Error(t, err, "the wrapped file was closed")
}

func TestFailAt(t *testing.T) {
	t.Parallel()
	fsys := faultfs.New(afero.NewMemMapFs())
	fsys.FailAt(faultfs.Remove, 2, syscall.EIO)
	for i := range 3 {
		require.NoError(t, afero.WriteFile(fsys, "/f", nil, 0o600))
		err := fsys.Remove("/f")
		if i == 1 {
			assert.ErrorIs(t, err, syscall.EIO, "call %d", i+1)
			require.NoError(t, fsys.Remove("/f"))
			continue
		}
		assert.NoError(t, err, "call %d", i+1)
	}
	assert.Equal(t, 4, fsys.Calls(faultfs.Remove))

	// FailFrom still applies alongside.
	fsys.FailFrom(faultfs.Remove, 5, syscall.EPERM)
	require.NoError(t, afero.WriteFile(fsys, "/f", nil, 0o600))
	assert.ErrorIs(t, fsys.Remove("/f"), syscall.EPERM)
	fsys.Reset()
	assert.NoError(t, fsys.Remove("/f"))
}
