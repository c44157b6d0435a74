package tempfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// chdirFS is a filesystem whose working directory a test can change.
type chdirFS interface {
	vfs.WorkingDirFS
	Chdir(dir string) error
}

// processFS is osbackend with Chdir changing the process's working
// directory for the length of the test.
type processFS struct {
	*osbackend.FS
	t *testing.T
}

func (p processFS) Chdir(dir string) error { p.t.Chdir(dir); return nil }

// TestRelativeDirNamesAreAbsolute: with a relative dir, the names of
// files and directories are absolute, so that Close and Cleanup remove
// them after the working directory changes (Python 3.12's mkstemp and
// mkdtemp, Rust's tempfile), where os.CreateTemp keeps dir as given.
// Not parallel: it changes the process's working directory.
func TestRelativeDirNamesAreAbsolute(t *testing.T) {
	for _, b := range []struct {
		name  string
		newFS func(t *testing.T) (chdirFS, string)
	}{
		{"osbackend", func(t *testing.T) (chdirFS, string) { return processFS{osbackend.New(), t}, t.TempDir() }},
		{"membackend", func(t *testing.T) (chdirFS, string) {
			m, ok := vfs.Fs(membackend.New()).(chdirFS)
			if !ok {
				t.Skip("membackend has no Chdir")
			}
			require.NoError(t, m.Mkdir("/work", 0o755))
			return m, "/work"
		}},
	} {
		t.Run(b.name, func(t *testing.T) {
			fsys, work := b.newFS(t)
			require.NoError(t, fsys.Mkdir(filepath.Join(work, "sub"), 0o755))
			require.NoError(t, fsys.Mkdir(filepath.Join(work, "elsewhere"), 0o755))
			require.NoError(t, fsys.Chdir(work))
			wd, err := fsys.Getwd()
			require.NoError(t, err)
			inSub := func(name string) {
				t.Helper()
				// On Windows a membackend name has no volume: one rooted at
				// a separator is absolute there.
				rooted := filepath.VolumeName(wd) == "" && strings.HasPrefix(filepath.ToSlash(name), "/")
				assert.True(t, filepath.IsAbs(name) || rooted, "%s is absolute", name)
				assert.Equal(t, filepath.Join(wd, "sub"), filepath.Dir(name))
			}

			f, err := tempfile.CreateTemp(fsys, "sub", "c*")
			require.NoError(t, err)
			inSub(f.Name())
			require.NoError(t, f.Close())
			require.NoError(t, fsys.Remove(f.Name()))
			m, err := tempfile.MkdirTemp(fsys, "./sub/", "m*")
			require.NoError(t, err)
			inSub(m)
			require.NoError(t, fsys.Remove(m))

			named, err := tempfile.NewNamed(fsys, tempfile.WithDir("sub"))
			require.NoError(t, err)
			inSub(named.Name())
			dir, err := tempfile.NewDir(fsys, tempfile.WithDir("sub"))
			require.NoError(t, err)
			inSub(dir.Path())
			require.NoError(t, dir.WriteFile("a/b", []byte("x")))

			require.NoError(t, fsys.Chdir(filepath.Join(work, "elsewhere")))
			require.NoError(t, named.Close())
			require.NoError(t, dir.Cleanup())
			assert.Empty(t, listDir(t, fsys, filepath.Join(work, "sub")), "removed after the working directory changed")
		})
	}
}

// TestRelativeDirWithoutWorkingDir: a filesystem that does not say how it
// resolves relative names (afero's MemMapFs) gets names as given.
func TestRelativeDirWithoutWorkingDir(t *testing.T) {
	t.Parallel()
	fsys := afero.NewMemMapFs()
	require.NoError(t, fsys.Mkdir("rel", 0o755))
	f, err := tempfile.CreateTemp(fsys, "rel", "")
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, "rel", filepath.Dir(f.Name()))
}

// TestMissingDir: a missing directory is reported as itself, as
// os.MkdirTemp reports it, not as the name tried in it.
func TestMissingDir(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireStrictParents(t, fsys, dir)
		missing := filepath.Join(dir, "missing")
		_, cerr := tempfile.CreateTemp(fsys, missing, "")
		_, merr := tempfile.MkdirTemp(fsys, missing, "")
		_, nerr := tempfile.NewNamed(fsys, tempfile.WithDir(missing))
		_, derr := tempfile.NewDir(fsys, tempfile.WithDir(missing))
		for _, err := range []error{cerr, merr, nerr, derr} {
			require.Error(t, err)
			assert.ErrorIs(t, err, fs.ErrNotExist)
			var pe *fs.PathError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, missing, pe.Path, "the error names the missing directory: %v", err)
		}
	})
}

// writeFailFS is a filesystem whose files in dir accept no writes, and
// whose temporary directory candidates are dir, then good.
type writeFailFS struct {
	vfs.Fs
	dir, good string
}

func (w writeFailFS) TempDirs() []string { return []string{w.dir, w.good} }

func (w writeFailFS) OpenFile(name string, flag int, perm fs.FileMode) (vfs.File, error) {
	f, err := w.Fs.OpenFile(name, flag, perm)
	if err == nil && filepath.Dir(name) == filepath.Clean(w.dir) {
		return noWriteFile{f}, nil
	}
	return f, err
}

type noWriteFile struct{ vfs.File }

func (noWriteFile) Write([]byte) (int, error) {
	return 0, &fs.PathError{Op: "write", Err: errors.New("no space")}
}

// TestTempDirProbeWrites: a candidate where a file can be created but not
// written is passed over, as Python's probe passes it over.
func TestTempDirProbeWrites(t *testing.T) {
	t.Parallel()
	base := membackend.New()
	require.NoError(t, base.Mkdir("/bad", 0o777))
	require.NoError(t, base.Mkdir("/good", 0o777))
	fsys := &writeFailFS{Fs: base, dir: "/bad", good: "/good"}
	d, err := tempfile.TempDir(fsys)
	require.NoError(t, err)
	assert.Equal(t, "/good", d)
	assert.Empty(t, listDir(t, base, "/bad"), "the probe removed its file")
}

// TestTempDirCacheDoesNotPin: a filesystem TempDir has seen is collected
// once dropped.
func TestTempDirCacheDoesNotPin(t *testing.T) {
	t.Parallel()
	w := func() weak.Pointer[membackend.FS] {
		fsys := membackend.New()
		_, err := tempfile.TempDir(fsys)
		require.NoError(t, err)
		d, err := tempfile.TempDir(fsys) // from the cache
		require.NoError(t, err)
		require.Equal(t, "/tmp", d)
		return weak.Make(fsys)
	}()
	for range 3 {
		runtime.GC()
	}
	assert.Nil(t, w.Value(), "the cache does not keep the filesystem alive")
	// The cache still answers for live filesystems, of any kind.
	_, err := tempfile.TempDir(afero.NewOsFs())
	assert.NoError(t, err)
	_, err = tempfile.TempDir(osbackend.New(osbackend.WithTempDirs(os.TempDir())))
	assert.NoError(t, err)
}
