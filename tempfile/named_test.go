package tempfile_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/faultfs"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

func TestNamedCloseRemoves(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithSuffix(".txt"))
		require.NoError(t, err)
		assert.Regexp(t, `^tmp`+randomPart+`\.txt$`, filepath.Base(f.Name()))
		fi, err := fsys.Stat(f.Name())
		require.NoError(t, err, "the file exists while open")
		assert.Equal(t, filePerm(t, fsys, dir, 0o600), fi.Mode().Perm())
		_, err = f.WriteString("data")
		require.NoError(t, err)
		require.NoError(t, f.Sync())
		assert.Equal(t, "data", readFile(t, fsys, f.Name()), "reopened by name")

		require.NoError(t, f.Close())
		assert.Empty(t, listDir(t, fsys, dir), "Close removes it")
		for range 2 {
			assert.ErrorIs(t, f.Close(), fs.ErrClosed, "a second Close")
		}
		assert.NoError(t, f.Remove(), "Remove of a removed file")
	})
}

func TestNamedKeep(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		f.Keep()
		require.NoError(t, f.Close())
		assert.Equal(t, []string{filepath.Base(f.Name())}, listDir(t, fsys, dir))
		require.NoError(t, f.Remove(), "Remove removes even a kept file")
		assert.Empty(t, listDir(t, fsys, dir))

		g, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithKeep())
		require.NoError(t, err)
		require.NoError(t, g.Close())
		assert.Equal(t, []string{filepath.Base(g.Name())}, listDir(t, fsys, dir))
	})
}

func TestNamedRemovedByUser(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireRenameOpen(t, fsys, dir)
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, fsys.Remove(f.Name()))
		assert.NoError(t, f.Close(), "a file the user removed is not an error")
	})
}

func TestNamedRemoveWhileOpen(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, f.Remove())
		assert.Empty(t, listDir(t, fsys, dir))
		_, err = f.Write([]byte("x"))
		assert.Error(t, err, "Remove closes the file")
		assert.ErrorIs(t, f.Close(), fs.ErrClosed)
	})
}

func TestNamedPersist(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireRenameOpen(t, fsys, dir)
		target := filepath.Join(dir, "target")
		writeFile(t, fsys, target, "old")

		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		tmp := f.Name()
		_, err = f.WriteString("new")
		require.NoError(t, err)
		require.NoError(t, f.Persist(target))
		assert.Equal(t, target, f.Name())
		assert.Equal(t, "new", readFile(t, fsys, target))
		_, err = fsys.Stat(tmp)
		assert.ErrorIs(t, err, fs.ErrNotExist)

		// Still open, and Close keeps it.
		_, err = f.Seek(0, io.SeekStart)
		require.NoError(t, err)
		b, err := io.ReadAll(f)
		require.NoError(t, err)
		assert.Equal(t, "new", string(b))
		require.NoError(t, f.Close())
		assert.Equal(t, []string{"target"}, listDir(t, fsys, dir))
		assert.ErrorIs(t, f.Persist(target+"2"), fs.ErrClosed)
	})
}

func TestNamedPersistNoClobber(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		target := filepath.Join(dir, "target")
		writeFile(t, fsys, target, "old")

		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		defer f.Close()
		tmp := f.Name()
		_, err = f.WriteString("new")
		require.NoError(t, err)

		err = f.PersistNoClobber(target)
		if errors.Is(err, errors.ErrUnsupported) {
			assert.Equal(t, "old", readFile(t, fsys, target))
			assert.Equal(t, tmp, f.Name())
			t.Skipf("%s cannot rename without replacing", fsys.Name())
		}
		assert.ErrorIs(t, err, fs.ErrExist)
		assert.Equal(t, "old", readFile(t, fsys, target), "the target is untouched")
		assert.Equal(t, tmp, f.Name(), "the file keeps its name")
		assert.Equal(t, "new", readFile(t, fsys, tmp))

		free := filepath.Join(dir, "free")
		require.NoError(t, f.PersistNoClobber(free))
		assert.Equal(t, free, f.Name())
		require.NoError(t, f.Close())
		assert.Equal(t, "new", readFile(t, fsys, free))
		assert.Equal(t, []string{"free", "target"}, listDir(t, fsys, dir))
	})
}

func TestNamedPersistFailureKeepsFile(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireStrictParents(t, fsys, dir)
		requireRenameOpen(t, fsys, dir) // else the rename fails for the open file first
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		tmp := f.Name()
		err = f.Persist(filepath.Join(dir, "missing", "target"))
		assert.ErrorIs(t, err, fs.ErrNotExist)
		assert.Equal(t, tmp, f.Name())
		require.NoError(t, f.Close())
		assert.Empty(t, listDir(t, fsys, dir), "a failed Persist leaves the file to Close")
	})
}

// Persist renames before it syncs the directory: if only the directory
// sync fails, the file is at its new name and the error matches
// ErrDirNotSynced.
func TestNamedPersistDirSyncFails(t *testing.T) {
	t.Parallel()
	for _, noClobber := range []bool{false, true} {
		t.Run(fmt.Sprintf("noClobber=%v", noClobber), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			fsys := faultfs.New(osbackend.New())
			f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
			require.NoError(t, err)
			defer f.Close()
			_, err = f.WriteString("new")
			require.NoError(t, err)
			target := filepath.Join(dir, "target")

			fsys.FailFrom(faultfs.Sync, fsys.Calls(faultfs.Sync)+2, syscall.EIO) // the file's sync passes, the directory's fails
			if noClobber {
				err = f.PersistNoClobber(target)
			} else {
				err = f.Persist(target)
			}
			assert.ErrorIs(t, err, tempfile.ErrDirNotSynced)
			assert.ErrorIs(t, err, syscall.EIO)
			var pe *fs.PathError
			if assert.ErrorAs(t, err, &pe) {
				assert.Equal(t, target, pe.Path)
			}
			assert.Equal(t, target, f.Name())
			require.NoError(t, f.Close())
			got, err := os.ReadFile(target)
			require.NoError(t, err)
			assert.Equal(t, "new", string(got))
			assert.Equal(t, []string{"target"}, listDir(t, fsys, dir), "the persisted file stays after Close")
		})
	}
}

func TestAnonymous(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		named := anonymousRefused(t, fsys, dir) != ""
		f, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		if !named {
			assert.Empty(t, listDir(t, fsys, dir), "no name refers to the file")
		}
		_, err = f.WriteString("anonymous data")
		require.NoError(t, err)
		b := make([]byte, 9)
		_, err = f.ReadAt(b, 5)
		require.NoError(t, err)
		assert.Equal(t, "mous data", string(b))
		require.NoError(t, f.Close())
		assert.Empty(t, listDir(t, fsys, dir))
	})
}

// TestAnonymousHasNoName: the directory can be removed while the file is
// open (Python's test_has_no_name).
func TestAnonymousHasNoName(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		if why := anonymousRefused(t, fsys, dir); why != "" {
			t.Skip(why)
		}
		sub := filepath.Join(dir, "sub")
		require.NoError(t, fsys.Mkdir(sub, 0o700))
		f, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(sub))
		require.NoError(t, err)
		defer f.Close()
		require.NoError(t, fsys.Remove(sub), "an empty directory")
		_, err = f.WriteString("still usable")
		assert.NoError(t, err)
	})
}

func TestAnonymousMissingDir(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireStrictParents(t, fsys, dir)
		_, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(filepath.Join(dir, "missing")))
		assert.ErrorIs(t, err, fs.ErrNotExist)
		assert.Empty(t, listDir(t, fsys, dir))
	})
}
