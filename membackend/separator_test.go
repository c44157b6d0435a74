package membackend_test

import (
	"io/fs"
	"runtime"
	"slices"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// On Windows a backslash separates too, in names and in the targets of
// symbolic links, and names are reported as given; elsewhere it is an
// ordinary character of a name, as on Linux.
func TestBackslash(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	require.NoError(t, fsys.MkdirAll("/a/b", 0o755))
	require.NoError(t, afero.WriteFile(fsys, "/a/b/f", []byte("data"), 0o600))
	f, err := fsys.Open(`\a\b/f`)
	if runtime.GOOS != "windows" {
		assert.ErrorIs(t, err, fs.ErrNotExist, `\a\b is a name of its own on Unix`)
		require.NoError(t, afero.WriteFile(fsys, `/a/b\c`, nil, 0o600))
		assert.Equal(t, []string{"b", `b\c`}, readDirNames(t, fsys, "/a"))
		return
	}
	require.NoError(t, err)
	assert.Equal(t, `\a\b/f`, f.Name(), "the Name as given")
	require.NoError(t, f.Close())
	_, err = fsys.Stat(`\a\missing`)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, `\a\missing`, pe.Path, "errors name the path as given")

	require.NoError(t, fsys.SymlinkIfPossible(`\a\b`, "/abs"))
	require.NoError(t, fsys.SymlinkIfPossible(`b\f`, "/a/rel"))
	target, err := vfs.Readlink(fsys, "/abs")
	require.NoError(t, err)
	assert.Equal(t, `\a\b`, target, "the target as given")
	for _, name := range []string{`/abs/f`, `\abs\f`, "/a/rel"} {
		b, err := afero.ReadFile(fsys, name)
		if assert.NoError(t, err, name) {
			assert.Equal(t, "data", string(b), name)
		}
	}
	require.NoError(t, fsys.Chdir(`\a`))
	wd, err := fsys.Getwd()
	require.NoError(t, err)
	assert.Equal(t, "/a", wd, "Getwd separates with a slash")
	_, err = fsys.Stat(`C:\a`)
	assert.ErrorIs(t, err, fs.ErrNotExist, "no volumes: C: is an entry of the working directory")
	_, err = fsys.Stat(`b\f`)
	assert.NoError(t, err, "relative to the working directory")
}

func readDirNames(t *testing.T, fsys vfs.Fs, dir string) []string {
	t.Helper()
	d, err := fsys.Open(dir)
	require.NoError(t, err)
	defer d.Close()
	names, err := d.Readdirnames(-1)
	require.NoError(t, err)
	slices.Sort(names)
	return names
}
