package tempfile_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
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

// Symlink joins the entry points checked with a nil filesystem.
func init() {
	nilFSCases["Symlink"] = nilFSCase{"symlink", "/d/l", func() error {
		return tempfile.Symlink(nil, "x", "/d/l")
	}}
}

func readlink(t *testing.T, fsys vfs.Fs, name string) string {
	t.Helper()
	s, err := vfs.Readlink(fsys, name)
	require.NoError(t, err)
	return s
}

// Symlink creates a link, replaces a link, a file or a link to a
// directory (not the directory), and leaves no temporary name.
func TestSymlink(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireSymlinks(t, fsys, dir)
		link := filepath.Join(dir, "current")
		require.NoError(t, tempfile.Symlink(fsys, "v1", link))
		assert.Equal(t, "v1", readlink(t, fsys, link))
		require.NoError(t, tempfile.Symlink(fsys, "v2", link))
		assert.Equal(t, "v2", readlink(t, fsys, link), "a dangling link replaced")

		file := filepath.Join(dir, "file")
		writeFile(t, fsys, file, "x")
		require.NoError(t, tempfile.Symlink(fsys, "v1", file))
		assert.Equal(t, "v1", readlink(t, fsys, file), "a file replaced")

		sub := filepath.Join(dir, "sub")
		require.NoError(t, fsys.Mkdir(sub, 0o755))
		writeFile(t, fsys, filepath.Join(sub, "inside"), "x")
		require.NoError(t, tempfile.Symlink(fsys, "sub", link))
		require.NoError(t, tempfile.Symlink(fsys, "v3", link))
		assert.Equal(t, "v3", readlink(t, fsys, link), "a link to a directory is replaced, not followed")
		assert.Equal(t, []string{"inside"}, listDir(t, fsys, sub))

		assert.Equal(t, []string{"current", "file", "sub"}, listDir(t, fsys, dir), "no temporary link left")
	})
}

// A directory at newname is not replaced: the error says so, and the
// temporary link is gone.
func TestSymlinkOverDirectory(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireSymlinks(t, fsys, dir)
		sub := filepath.Join(dir, "sub")
		require.NoError(t, fsys.Mkdir(sub, 0o755))
		for _, opts := range [][]tempfile.Option{nil, {tempfile.WithNoClobber()}} {
			err := tempfile.Symlink(fsys, "target", sub, opts...)
			assert.True(t, errors.Is(err, fs.ErrExist) || errors.Is(err, syscall.EISDIR), "%v", err)
			var le *os.LinkError
			if assert.ErrorAs(t, err, &le) {
				assert.Equal(t, "symlink", le.Op)
				assert.Equal(t, "target", le.Old)
				assert.Equal(t, sub, le.New)
			}
			fi, err := vfs.Lstat(fsys, sub)
			require.NoError(t, err)
			assert.True(t, fi.IsDir(), "the directory stays")
			assert.Equal(t, []string{"sub"}, listDir(t, fsys, dir), "no temporary link left")
		}
	})
}

// WithNoClobber creates the link only where nothing is.
func TestSymlinkNoClobber(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireSymlinks(t, fsys, dir)
		link := filepath.Join(dir, "link")
		require.NoError(t, tempfile.Symlink(fsys, "v1", link, tempfile.WithNoClobber()))
		assert.Equal(t, "v1", readlink(t, fsys, link))
		assert.ErrorIs(t, tempfile.Symlink(fsys, "v2", link, tempfile.WithNoClobber()), fs.ErrExist)
		assert.Equal(t, "v1", readlink(t, fsys, link))
		file := filepath.Join(dir, "file")
		writeFile(t, fsys, file, "x")
		assert.ErrorIs(t, tempfile.Symlink(fsys, "v2", file, tempfile.WithNoClobber()), fs.ErrExist)
		assert.Equal(t, "x", readFile(t, fsys, file))
		assert.Equal(t, []string{"file", "link"}, listDir(t, fsys, dir))
	})
}

// Bad arguments are refused before anything is made.
func TestSymlinkInvalid(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		cases := map[string]error{
			"empty":          tempfile.Symlink(fsys, "x", ""),
			"trailing slash": tempfile.Symlink(fsys, "x", dir+"/"),
			"nil fs":         tempfile.Symlink(nil, "x", filepath.Join(dir, "l")),
			"other option":   tempfile.Symlink(fsys, "x", filepath.Join(dir, "l"), tempfile.WithKeep()),
			"twice":          tempfile.Symlink(fsys, "x", filepath.Join(dir, "l"), tempfile.WithNoClobber(), tempfile.WithNoClobber()),
		}
		for name, err := range cases {
			assert.ErrorIs(t, err, fs.ErrInvalid, name)
		}
		assert.Empty(t, listDir(t, fsys, dir))
	})
}

// A missing directory is reported as itself.
func TestSymlinkMissingDir(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireSymlinks(t, fsys, dir)
		requireStrictParents(t, fsys, dir)
		err := tempfile.Symlink(fsys, "x", filepath.Join(dir, "missing", "link"))
		assert.ErrorIs(t, err, fs.ErrNotExist)
		assert.Contains(t, err.Error(), filepath.Join(dir, "missing"))
	})
}

// Without symbolic links the call fails with ErrUnsupported and leaves
// nothing.
func TestSymlinkUnsupported(t *testing.T) {
	t.Parallel()
	fsys := afero.NewMemMapFs()
	require.NoError(t, fsys.MkdirAll("/tmp", 0o755))
	for _, opts := range [][]tempfile.Option{nil, {tempfile.WithNoClobber()}} {
		err := tempfile.Symlink(fsys, "x", "/tmp/link", opts...)
		assert.ErrorIs(t, err, errors.ErrUnsupported)
		var le *os.LinkError
		if assert.ErrorAs(t, err, &le) {
			assert.Equal(t, "/tmp/link", le.New)
		}
	}
	assert.Empty(t, listDir(t, fsys, "/tmp"))
}

// A failed rename leaves newname as it was and removes the temporary
// link; a failed directory sync leaves the new link, and says so.
func TestSymlinkFailures(t *testing.T) {
	t.Parallel()
	base := membackend.New()
	require.NoError(t, base.MkdirAll("/d", 0o755))
	require.NoError(t, vfs.Symlink(base, "old", "/d/link"))

	fsys := faultfs.New(base)
	fsys.FailFrom(faultfs.Rename, 1, syscall.EIO)
	err := tempfile.Symlink(fsys, "new", "/d/link")
	assert.ErrorIs(t, err, syscall.EIO)
	assert.Equal(t, "old", readlink(t, base, "/d/link"))
	assert.Equal(t, []string{"link"}, listDir(t, base, "/d"))

	fsys = faultfs.New(base)
	fsys.FailFrom(faultfs.Sync, 1, syscall.EIO)
	err = tempfile.Symlink(fsys, "new", "/d/link")
	assert.ErrorIs(t, err, tempfile.ErrDirNotSynced)
	assert.ErrorIs(t, err, syscall.EIO)
	assert.Equal(t, "new", readlink(t, base, "/d/link"))
	assert.Equal(t, []string{"link"}, listDir(t, base, "/d"))

	err = tempfile.Symlink(fsys, "newer", "/d/other", tempfile.WithNoClobber())
	assert.ErrorIs(t, err, tempfile.ErrDirNotSynced)
	assert.Equal(t, "newer", readlink(t, base, "/d/other"))
}

// Readers of newname never find it missing while it is replaced over and
// over: each replacement is one rename.
func TestSymlinkConcurrentReaders(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireSymlinks(t, fsys, dir)
		link := filepath.Join(dir, "current")
		require.NoError(t, tempfile.Symlink(fsys, "v0", link))
		var stop atomic.Bool
		var missing, reads atomic.Int64
		var wg, started sync.WaitGroup
		for range 2 {
			wg.Add(1)
			started.Add(1)
			go func() {
				defer wg.Done()
				for first := true; !stop.Load(); first = false {
					if _, err := vfs.Readlink(fsys, link); errors.Is(err, fs.ErrNotExist) {
						missing.Add(1)
					}
					if _, err := vfs.Lstat(fsys, link); errors.Is(err, fs.ErrNotExist) {
						missing.Add(1)
					}
					reads.Add(1)
					if first {
						started.Done()
					}
				}
			}()
		}
		started.Wait()
		for i := range 200 {
			require.NoError(t, tempfile.Symlink(fsys, fmt.Sprintf("v%d", i+1), link))
		}
		during := reads.Load()
		stop.Store(true)
		wg.Wait()
		assert.Zero(t, missing.Load(), "newname was missing during a replacement")
		assert.Greater(t, during, int64(2), "readers ran during the replacements")
		assert.Equal(t, "v200", readlink(t, fsys, link))
		assert.Equal(t, []string{"current"}, listDir(t, fsys, dir))
	})
}
