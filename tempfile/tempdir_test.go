package tempfile_test

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

func TestTempDirFirstUsableCandidate(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	missing := filepath.Join(root, "missing")
	file := filepath.Join(root, "file")
	good := filepath.Join(root, "good")
	fsys := osbackend.New(osbackend.WithTempDirs(missing, file, good))
	writeFile(t, fsys, file, "x")
	require.NoError(t, fsys.Mkdir(good, 0o700))

	d, err := tempfile.TempDir(fsys)
	require.NoError(t, err)
	assert.Equal(t, good, d)
	assert.Empty(t, listDir(t, fsys, good), "the probe leaves nothing behind")
	assert.Equal(t, "x", readFile(t, fsys, file))

	// Cached: it is the answer even once the directory is gone ...
	require.NoError(t, fsys.Remove(good))
	d, err = tempfile.TempDir(fsys)
	require.NoError(t, err)
	assert.Equal(t, good, d)

	// ... until ResetTempDir.
	tempfile.ResetTempDir(fsys)
	_, err = tempfile.TempDir(fsys)
	require.ErrorIs(t, err, tempfile.ErrNoTempDir)
	for _, c := range []string{missing, file, good} {
		assert.Contains(t, err.Error(), c, "the error names every candidate")
	}
	assert.Contains(t, err.Error(), "not a directory")

	// A directory that appears later is found after a reset; failures are
	// not cached.
	require.NoError(t, fsys.Mkdir(missing, 0o700))
	d, err = tempfile.TempDir(fsys)
	require.NoError(t, err)
	assert.Equal(t, missing, d)
}

func TestTempDirDefault(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New(osbackend.WithTempDirs(dir))

	f, err := tempfile.CreateTemp(fsys, "", "")
	require.NoError(t, err)
	assert.Equal(t, dir, filepath.Dir(f.Name()), "an empty dir means TempDir")
	require.NoError(t, f.Close())

	d, err := tempfile.MkdirTemp(fsys, "", "")
	require.NoError(t, err)
	assert.Equal(t, dir, filepath.Dir(d))

	n, err := tempfile.NewNamed(fsys)
	require.NoError(t, err)
	assert.Equal(t, dir, filepath.Dir(n.Name()))
	require.NoError(t, n.Close())
	assert.Len(t, listDir(t, fsys, dir), 2)
}

func TestTempDirNoCandidates(t *testing.T) {
	t.Parallel()
	fsys := osbackend.New(osbackend.WithTempDirs())
	_, err := tempfile.TempDir(fsys)
	assert.ErrorIs(t, err, tempfile.ErrNoTempDir)
	_, err = tempfile.CreateTemp(fsys, "", "")
	assert.ErrorIs(t, err, tempfile.ErrNoTempDir)
	_, err = tempfile.TempDir(nil)
	assert.ErrorIs(t, err, tempfile.ErrNoTempDir)
}

// uncomparableFS is a filesystem value that cannot be a map key.
type uncomparableFS struct {
	*osbackend.FS
	_ []int
}

// TestTempDirUncomparable: a filesystem that is not a pointer is probed on
// every call, never used as a map key (which could panic).
func TestTempDirUncomparable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var fsys vfs.Fs = uncomparableFS{FS: osbackend.New(osbackend.WithTempDirs(dir))}
	assert.NotPanics(t, func() {
		d, err := tempfile.TempDir(fsys)
		require.NoError(t, err)
		assert.Equal(t, dir, d)
		tempfile.ResetTempDir(fsys)
	})
}

// TestTempDirMemMapFs: afero's MemMapFs has no candidates of its own, so
// the defaults apply (and MemMapFs makes them on demand).
func TestTempDirMemMapFs(t *testing.T) {
	t.Parallel()
	fsys := afero.NewMemMapFs()
	require.NoError(t, fsys.MkdirAll(vfs.DefaultTempDirs()[0], 0o700))
	d, err := tempfile.TempDir(fsys)
	require.NoError(t, err)
	assert.Equal(t, vfs.DefaultTempDirs()[0], d)
	assert.Empty(t, listDir(t, fsys, d))
}

// TestTempDirConcurrent: TempDir and ResetTempDir from many goroutines
// agree and do not race.
func TestTempDirConcurrent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New(osbackend.WithTempDirs(dir))
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				d, err := tempfile.TempDir(fsys)
				assert.NoError(t, err)
				assert.Equal(t, dir, d)
				if i%4 == 0 {
					tempfile.ResetTempDir(fsys)
				}
			}
		}()
	}
	wg.Wait()
	assert.Empty(t, listDir(t, fsys, dir))
}
