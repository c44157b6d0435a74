package tempfile_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// identityKnown reports whether fsys's file information carries a file
// identity, judged on the open file f.
func identityKnown(t *testing.T, f vfs.File) bool {
	t.Helper()
	fi, err := f.Stat()
	require.NoError(t, err)
	_, known := vfs.SameFile(fi, fi)
	return known
}

// Reopen gives an independent handle to the same file; where the
// filesystem gives no identity it refuses with ErrUnsupported.
func TestFileReopen(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		defer f.Close()
		_, err = f.WriteString("hello")
		require.NoError(t, err)

		h, err := f.Reopen(os.O_RDONLY)
		if !identityKnown(t, f) {
			assert.ErrorIs(t, err, errors.ErrUnsupported)
			assert.Nil(t, h)
			var pe *fs.PathError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "reopen", pe.Op)
			return
		}
		require.NoError(t, err)
		b, err := io.ReadAll(h)
		require.NoError(t, err)
		assert.Equal(t, "hello", string(b), "a handle of its own, at offset 0")
		require.NoError(t, h.Close())
		_, err = f.WriteString(", world")
		require.NoError(t, err, "closing the new handle leaves the File open")

		h, err = f.Reopen(os.O_WRONLY | os.O_APPEND)
		require.NoError(t, err)
		_, err = h.Write([]byte("!"))
		require.NoError(t, err)
		require.NoError(t, h.Close())
		assert.Equal(t, "hello, world!", readFile(t, fsys, f.Name()))

		h, err = f.Reopen(os.O_RDWR | os.O_TRUNC)
		require.NoError(t, err)
		require.NoError(t, h.Close())
		fi, err := f.Stat()
		require.NoError(t, err)
		assert.Zero(t, fi.Size(), "O_TRUNC truncates the file itself")

		// The handle outlives the File and its name.
		_, err = f.WriteAt([]byte("kept data"), 0)
		require.NoError(t, err)
		h, err = f.Reopen(os.O_RDONLY)
		require.NoError(t, err)
		defer h.Close()
		require.NoError(t, f.Close())
		if runtime.GOOS != "windows" {
			b, err = io.ReadAll(h)
			require.NoError(t, err)
			assert.Equal(t, "kept data", string(b))
		}
		_, err = f.Reopen(os.O_RDONLY)
		assert.ErrorIs(t, err, fs.ErrClosed)
	})
}

// Flags that would create a file, or truncate one opened read-only, are
// refused before anything is opened, on every backend.
func TestFileReopenFlags(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		defer f.Close()
		_, err = f.WriteString("data")
		require.NoError(t, err)
		for _, flag := range []int{os.O_RDWR | os.O_CREATE, os.O_RDWR | os.O_CREATE | os.O_EXCL, os.O_RDWR | os.O_EXCL, os.O_RDONLY | os.O_TRUNC} {
			h, err := f.Reopen(flag)
			assert.ErrorIs(t, err, fs.ErrInvalid, "flag %#x", flag)
			assert.Nil(t, h)
		}
		assert.Equal(t, "data", readFile(t, fsys, f.Name()))
	})
}

// Reopen of a File that is closed, removed or kept and closed fails with
// ErrClosed; after Persist it opens the new name.
func TestFileReopenStates(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		closed, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, closed.Close())
		_, err = closed.Reopen(os.O_RDONLY)
		assert.ErrorIs(t, err, fs.ErrClosed)

		removed, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, removed.Remove())
		_, err = removed.Reopen(os.O_RDONLY)
		assert.ErrorIs(t, err, fs.ErrClosed)

		kept, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithKeep())
		require.NoError(t, err)
		require.NoError(t, kept.Close())
		_, err = kept.Reopen(os.O_RDONLY)
		assert.ErrorIs(t, err, fs.ErrClosed)
		require.NoError(t, fsys.Remove(kept.Name()))

		var zero tempfile.File
		_, err = zero.Reopen(os.O_RDONLY)
		assert.ErrorIs(t, err, fs.ErrInvalid)

		if runtime.GOOS == "windows" {
			return // Reopen refuses there, and File.Persist fails on osbackend-plain
		}
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		_, err = f.WriteString("persisted")
		require.NoError(t, err)
		target := filepath.Join(dir, "target")
		require.NoError(t, f.Persist(target))
		h, err := f.Reopen(os.O_RDONLY)
		if identityKnown(t, f) {
			require.NoError(t, err)
			b, err := io.ReadAll(h)
			require.NoError(t, err)
			assert.Equal(t, "persisted", string(b))
			require.NoError(t, h.Close())
		} else {
			assert.ErrorIs(t, err, errors.ErrUnsupported)
		}
		require.NoError(t, f.Close())
		assert.Equal(t, []string{"target"}, listDir(t, fsys, dir))
	})
}

// swap is an attack on a temporary file's name between its creation and a
// reopen: it leaves something else at name.
type swap struct {
	name     string
	symlinks bool
	// reuses is set when the replacement is made after the file is
	// removed, so that, if nothing holds the file open, it may get the
	// file's inode number and pass for it.
	reuses bool
	// plant replaces the file at name; other is the file it puts there
	// (or links to), with the content "other".
	plant func(t *testing.T, fsys vfs.Fs, dir, name string) (other string)
}

var swaps = []swap{
	{"another file", false, true, func(t *testing.T, fsys vfs.Fs, dir, name string) string {
		require.NoError(t, fsys.Remove(name))
		writeFile(t, fsys, name, "other")
		return name
	}},
	{"moved away, another file in its place", false, false, func(t *testing.T, fsys vfs.Fs, dir, name string) string {
		require.NoError(t, fsys.Rename(name, filepath.Join(dir, "moved")))
		writeFile(t, fsys, name, "other")
		return name
	}},
	{"another file renamed over it", false, false, func(t *testing.T, fsys vfs.Fs, dir, name string) string {
		other := filepath.Join(dir, "other")
		writeFile(t, fsys, other, "other")
		require.NoError(t, fsys.Rename(other, name))
		return name
	}},
	{"a symlink to another file", true, false, func(t *testing.T, fsys vfs.Fs, dir, name string) string {
		other := filepath.Join(dir, "other")
		writeFile(t, fsys, other, "other")
		require.NoError(t, fsys.Remove(name))
		require.NoError(t, vfs.Symlink(fsys, other, name))
		return other
	}},
	{"a relative symlink to another file", true, false, func(t *testing.T, fsys vfs.Fs, dir, name string) string {
		other := filepath.Join(dir, "other")
		writeFile(t, fsys, other, "other")
		require.NoError(t, fsys.Remove(name))
		require.NoError(t, vfs.Symlink(fsys, "other", name))
		return other
	}},
}

// A name swapped for another file, or for a symbolic link to one, between
// creation and Reopen gives ErrReplaced with every flag, and the other
// file is neither returned nor truncated.
func TestFileReopenReplaced(t *testing.T) {
	t.Parallel()
	for _, sw := range swaps {
		t.Run(sw.name, func(t *testing.T) {
			t.Parallel()
			forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
				if sw.symlinks {
					requireSymlinks(t, fsys, dir)
				}
				f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
				require.NoError(t, err)
				defer f.Close()
				if !identityKnown(t, f) {
					t.Skipf("%s gives no file identity", fsys.Name())
				}
				_, err = f.WriteString("mine")
				require.NoError(t, err)
				other := sw.plant(t, fsys, dir, f.Name())
				for _, flag := range []int{os.O_RDONLY, os.O_WRONLY, os.O_RDWR | os.O_TRUNC, os.O_WRONLY | os.O_APPEND} {
					h, err := f.Reopen(flag)
					assert.ErrorIs(t, err, tempfile.ErrReplaced, "flag %#x", flag)
					assert.Nil(t, h)
					var pe *fs.PathError
					if assert.ErrorAs(t, err, &pe) {
						assert.Equal(t, "reopen", pe.Op)
						assert.Equal(t, f.Name(), pe.Path)
					}
				}
				assert.Equal(t, "other", readFile(t, fsys, other), "the other file is untouched")
				b := make([]byte, 4)
				_, err = f.ReadAt(b, 0)
				require.NoError(t, err)
				assert.Equal(t, "mine", string(b), "the File still holds its own file")
			})
		})
	}
}

// A name that is gone gives the error of the open, matching
// fs.ErrNotExist; a symbolic link to the file itself is the file.
func TestFileReopenGoneOrLinked(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		defer f.Close()
		if !identityKnown(t, f) {
			t.Skipf("%s gives no file identity", fsys.Name())
		}
		name := f.Name()
		moved := filepath.Join(dir, "moved")
		require.NoError(t, fsys.Rename(name, moved))
		_, err = f.Reopen(os.O_RDONLY)
		assert.ErrorIs(t, err, fs.ErrNotExist)

		if errors.Is(vfs.Symlink(fsys, moved, name), errors.ErrUnsupported) {
			return
		}
		h, err := f.Reopen(os.O_RDONLY)
		require.NoError(t, err, "a link to the File's own file")
		require.NoError(t, h.Close())
		require.NoError(t, fsys.Remove(moved))
	})
}
