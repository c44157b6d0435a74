package tempfile_test

import (
	"errors"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/faultfs"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// A removal in vfs.CreateAnonymous's fallback that fails for any reason
// but an open file (here one EIO) is NewAnonymous's error: it does not
// quietly make a named file instead, whose name would stay in the
// directory while the file is open. Nothing is left behind.
func TestAnonymousRemoveFailsIsAnError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		base func() vfs.Fs
	}{
		{"membackend", func() vfs.Fs { return membackend.New() }},
		{"afero-memmap", func() vfs.Fs { return afero.NewMemMapFs() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := tc.base()
			require.NoError(t, base.MkdirAll("/d", 0o755))
			ffs := faultfs.New(base)
			ffs.FailAt(faultfs.Remove, 1, syscall.EIO)
			// bareFS hides the capabilities, so that CreateAnonymous takes
			// its create-then-remove fallback through the faults.
			fsys := bareFS{ffs}

			f, err := tempfile.NewAnonymous(fsys, tempfile.WithDir("/d"))
			assert.Nil(t, f, "no file, named or not")
			assert.ErrorIs(t, err, syscall.EIO)
			assert.NotErrorIs(t, err, errors.ErrUnsupported)
			assert.Equal(t, 1, ffs.Calls(faultfs.Open), "no second, named file is tried")
			names, rerr := afero.ReadDir(base, "/d")
			require.NoError(t, rerr)
			assert.Empty(t, names, "nothing is left in the directory")
		})
	}
}
