package tempfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// closeFailFS hands out files whose Close fails (after really closing).
type closeFailFS struct {
	vfs.Fs
	dirs []string
}

func (c *closeFailFS) TempDirs() []string { return c.dirs }

var errClose = errors.New("close failed")

type closeFailFile struct{ vfs.File }

func (f closeFailFile) Close() error {
	f.File.Close()
	return &fs.PathError{Op: "close", Path: f.Name(), Err: errClose}
}

func (c *closeFailFS) OpenFile(name string, flag int, perm os.FileMode) (vfs.File, error) {
	f, err := c.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return closeFailFile{f}, nil
}

// TestTempDirProbeLeavesNothing: a candidate whose probe file fails to
// close is rejected, and the probe file is removed anyway (Python's
// test_no_files_left_behind).
func TestTempDirProbeLeavesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := &closeFailFS{osbackend.New(), []string{dir}}
	_, err := tempfile.TempDir(fsys)
	assert.ErrorIs(t, err, tempfile.ErrNoTempDir)
	assert.ErrorIs(t, err, errClose)
	assert.Contains(t, err.Error(), dir)
	assert.Empty(t, listDir(t, fsys, dir))
}

// TestNamedCloseErrorStillRemoves: a failing Close still removes the file
// and reports the failure.
func TestNamedCloseErrorStillRemoves(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := &closeFailFS{osbackend.New(), nil}
	f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
	require.NoError(t, err)
	assert.ErrorIs(t, f.Close(), errClose)
	assert.Empty(t, listDir(t, fsys, dir))
}

// TestNamedConcurrentClose: of many concurrent Close calls exactly one
// succeeds; the file is removed once.
func TestNamedConcurrentClose(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		var ok atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if f.Close() == nil {
					ok.Add(1)
				}
				_ = f.Name()
			}()
		}
		wg.Wait()
		assert.Equal(t, int32(1), ok.Load())
		assert.Empty(t, listDir(t, fsys, dir))
	})
}

func TestNamedKeepAfterClose(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, f.Close())
		f.Keep()
		_, err = fsys.Stat(f.Name())
		assert.ErrorIs(t, err, fs.ErrNotExist, "Keep cannot bring a removed file back")
	})
}

// TestDirConcurrentCleanup: concurrent Cleanup calls all succeed and the
// tree is removed once.
func TestDirConcurrentCleanup(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, d.WriteTree(map[string]string{"a/b/c": "1", "a/d": "2", "e/": ""}))
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- d.Cleanup()
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			assert.NoError(t, err)
		}
		assert.Empty(t, listDir(t, fsys, dir))
	})
}

// TestDirModesOptions: WithDirMode and WithFileMode apply to the directory
// and to what the helpers make in it.
func TestDirModesOptions(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithDirMode(0o750), tempfile.WithFileMode(0o640))
		require.NoError(t, err)
		defer d.Cleanup()
		require.NoError(t, d.WriteFile("sub/f", []byte("x")))
		assert.Equal(t, filepath.Base(d.Path()), listDir(t, fsys, dir)[0])
		skipWindowsModes(t, fsys, dir)
		for rel, want := range map[string]fs.FileMode{".": 0o750, "sub": 0o750, "sub/f": 0o640} {
			p, err := d.Join(rel)
			require.NoError(t, err)
			fi, err := fsys.Stat(p)
			require.NoError(t, err)
			// A umask may remove bits, never add them.
			assert.Zero(t, fi.Mode().Perm()&^want, "%s: %v", rel, fi.Mode())
			assert.NotZero(t, fi.Mode().Perm()&0o700, rel)
		}
	})
}
