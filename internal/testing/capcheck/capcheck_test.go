package capcheck_test

import (
	"io/fs"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/capcheck"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// symlinks is afero's three, which plainFS keeps.
var symlinks = []string{"afero.Lstater", "afero.Linker", "afero.LinkReader"}

// plainFS keeps only the symbolic links of what it wraps.
type plainFS struct{ afero.Fs }

func (p plainFS) LstatIfPossible(name string) (fs.FileInfo, bool, error) {
	return p.Fs.(afero.Lstater).LstatIfPossible(name)
}

func (p plainFS) SymlinkIfPossible(oldname, newname string) error {
	return vfs.Symlink(p.Fs, oldname, newname)
}

func (p plainFS) ReadlinkIfPossible(name string) (string, error) { return vfs.Readlink(p.Fs, name) }

func TestCheck(t *testing.T) {
	t.Parallel()
	all := len(vfs.Capabilities())
	for _, tc := range []struct {
		name   string
		fsys   vfs.Fs
		hidden capcheck.Hidden
		errs   []string // each a part of the error; none: no error
	}{
		{"Full", membackend.New(), nil, nil},
		{"Declared", plainFS{membackend.New()}, capcheck.HideAllBut("only links", symlinks...), nil},
		{"Missing", plainFS{membackend.New()}, capcheck.HideAllBut("only links", symlinks...).Without("vfs.RemoveTreeFS"),
			[]string{"capcheck_test.plainFS does not implement vfs.RemoveTreeFS (tree removal that follows no link)"}},
		{"Stale", membackend.New(), capcheck.Hide("no links", "vfs.LinkFS"),
			[]string{`*membackend.FS implements vfs.LinkFS, which it is said to hide ("no links")`}},
		{"Unknown", membackend.New(), capcheck.Hide("typo", "vfs.LinkFs"), []string{`"vfs.LinkFs" is hidden but is no capability`}},
		{"NoReason", plainFS{membackend.New()}, capcheck.HideAllBut(" ", symlinks...), []string{"hides vfs.ExclusiveFS with no reason"}},
		{"Bare", afero.NewMemMapFs(), capcheck.HideAllBut("MemMapFs has Lstat only", "afero.Lstater"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := capcheck.Check(tc.fsys, tc.hidden)
			if len(tc.errs) == 0 {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, e := range tc.errs {
				assert.Contains(t, err.Error(), e)
			}
		})
	}
	assert.Len(t, capcheck.HideAllBut("r"), all)
	assert.Len(t, capcheck.HideAllBut("r", symlinks...).With("r", "afero.Linker"), all-2)
}

func TestTypes(t *testing.T) {
	t.Parallel()
	got, err := capcheck.Types("testdata/wrappers")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"embedsAfero", "embedsBackend", "embedsEmbedsWrapper", "embedsOsFs", "embedsVfs",
		"embedsWrapper", "named", "windowsOnly",
	}, got)

	_, err = capcheck.Types("testdata/missing")
	assert.Error(t, err)
}
