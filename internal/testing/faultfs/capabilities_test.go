package faultfs_test

import (
	"errors"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/capcheck"
	"github.com/tempvfs/tempvfs/internal/testing/faultfs"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// FS is the package's only filesystem type, and it forwards every
// capability of vfs's list, as its documentation says.
func TestForwardsEveryCapability(t *testing.T) {
	t.Parallel()
	types, err := capcheck.Types(".")
	require.NoError(t, err)
	assert.Equal(t, []string{"FS"}, types, "a new filesystem type here is checked below too")

	base := membackend.New()
	require.NoError(t, capcheck.Check(base, nil), "the base has every capability")
	assert.NoError(t, capcheck.Check(faultfs.New(base), nil))
	// Forwarded through the helpers, so whatever the base lacks.
	assert.NoError(t, capcheck.Check(faultfs.New(afero.NewMemMapFs()), nil))
}

func TestRemoveTreeCountsAsRemove(t *testing.T) {
	t.Parallel()
	base := membackend.New()
	require.NoError(t, base.MkdirAll("/d/e", 0o755))
	require.NoError(t, afero.WriteFile(base, "/d/e/f", []byte("x"), 0o600))
	fsys := faultfs.New(base)

	fsys.FailAt(faultfs.Remove, 1, syscall.EIO)
	err := vfs.RemoveTree(fsys, "/d")
	assert.ErrorIs(t, err, syscall.EIO)
	_, err = base.Stat("/d/e/f")
	assert.NoError(t, err, "an injected failure removes nothing")

	require.NoError(t, vfs.RemoveTree(fsys, "/d"))
	_, err = base.Stat("/d")
	assert.ErrorIs(t, err, syscall.ENOENT)
	assert.Equal(t, 2, fsys.Calls(faultfs.Remove))

	// Forwarded to a base without the capability: the helper's error.
	err = vfs.RemoveTree(faultfs.New(afero.NewMemMapFs()), "/d")
	assert.ErrorIs(t, err, errors.ErrUnsupported)
}

func TestGetwdForwarded(t *testing.T) {
	t.Parallel()
	base := membackend.New()
	require.NoError(t, base.Mkdir("/w", 0o755))
	require.NoError(t, base.Chdir("/w"))
	wd, err := vfs.Getwd(faultfs.New(base))
	require.NoError(t, err)
	assert.Equal(t, "/w", wd)

	_, err = vfs.Getwd(faultfs.New(afero.NewMemMapFs()))
	assert.ErrorIs(t, err, errors.ErrUnsupported, "as the helper says of a base without a working directory")
}
