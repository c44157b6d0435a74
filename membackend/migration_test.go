package membackend_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
)

// TestMigrationGuide checks each entry of the package doc's "Migrating
// from afero.MemMapFs": what MemMapFs does, what membackend does instead,
// and that the one-line fix it gives works on membackend, so that the
// guide cannot go stale. The subtests are named after the entries.
func TestMigrationGuide(t *testing.T) {
	t.Parallel()
	mem := func() afero.Fs { return afero.NewMemMapFs() }

	t.Run("Mkdir without its parent", func(t *testing.T) {
		t.Parallel()
		m := mem()
		require.NoError(t, m.Mkdir("/a/b", 0o755), "MemMapFs makes the parent")
		_, err := m.Stat("/a")
		require.NoError(t, err)

		fsys := membackend.New()
		assertPathErr(t, fsys.Mkdir("/a/b", 0o755), "mkdir", syscall.ENOENT)
		require.NoError(t, fsys.MkdirAll("/a/b", 0o755), "the fix")
	})

	t.Run("a file without its directory", func(t *testing.T) {
		t.Parallel()
		m := mem()
		require.NoError(t, afero.WriteFile(m, "/a/b/f", []byte("x"), 0o644), "MemMapFs makes the parents")
		fi, err := m.Stat("/a/b")
		require.NoError(t, err)
		assert.Equal(t, fs.ModeDir, fi.Mode(), "with no permission bits")

		fsys := membackend.New()
		err = afero.WriteFile(fsys, "/a/b/f", []byte("x"), 0o644)
		assertPathErr(t, err, "open", syscall.ENOENT)
		require.NoError(t, fsys.MkdirAll(filepath.Dir("/a/b/f"), 0o755), "the fix")
		require.NoError(t, afero.WriteFile(fsys, "/a/b/f", []byte("x"), 0o644))
	})

	t.Run("the umask", func(t *testing.T) {
		t.Parallel()
		m := mem()
		require.NoError(t, afero.WriteFile(m, "/f", nil, 0o666))
		require.NoError(t, m.Mkdir("/d", 0o777))
		assertModes(t, m, 0o666, 0o777) // MemMapFs ignores the umask

		fsys := membackend.New()
		require.NoError(t, afero.WriteFile(fsys, "/f", nil, 0o666))
		require.NoError(t, fsys.Mkdir("/d", 0o777))
		assertModes(t, fsys, 0o644, 0o755) // 0o022, as a process has

		fixed := membackend.New(membackend.WithUmask(0)) // the fix
		require.NoError(t, afero.WriteFile(fixed, "/f", nil, 0o666))
		require.NoError(t, fixed.Mkdir("/d", 0o777))
		assertModes(t, fixed, 0o666, 0o777)
	})

	t.Run("the ready-made /tmp", func(t *testing.T) {
		t.Parallel()
		m := mem()
		_, err := m.Stat("/tmp")
		assert.ErrorIs(t, err, fs.ErrNotExist, "MemMapFs starts empty")
		require.NoError(t, m.Mkdir("/tmp", 0o700))

		fsys := membackend.New()
		fi, err := fsys.Stat("/tmp")
		require.NoError(t, err)
		assert.Equal(t, fs.ModeDir|fs.ModeSticky|0o777, fi.Mode())
		assertPathErr(t, fsys.Mkdir("/tmp", 0o700), "mkdir", syscall.EEXIST)
		assert.Equal(t, []string{"tmp"}, rootNames(t, fsys))
		require.NoError(t, fsys.MkdirAll("/tmp", 0o700), "the fix: nothing to make")
	})

	t.Run("relative names", func(t *testing.T) {
		t.Parallel()
		m := mem()
		require.NoError(t, afero.WriteFile(m, "rel", []byte("r"), 0o644))
		_, err := m.Stat("/rel")
		assert.ErrorIs(t, err, fs.ErrNotExist, `MemMapFs keeps "rel" apart from "/rel"`)
		assert.Contains(t, rootNames(t, m), "rel", "yet lists it in /")

		fsys := membackend.New()
		writeFile(t, fsys, "rel", "r")
		assert.Equal(t, "r", readFile(t, fsys, "/rel"), `"rel" is "/rel": the working directory is "/"`)
		require.NoError(t, fsys.MkdirAll("/work", 0o755))
		require.NoError(t, fsys.Chdir("/work"), "the fix, for names relative to a directory")
		writeFile(t, fsys, "rel", "w")
		assert.Equal(t, "w", readFile(t, fsys, "/work/rel"))
	})

	t.Run("seeking and reading past the end", func(t *testing.T) {
		t.Parallel()
		m := mem()
		require.NoError(t, afero.WriteFile(m, "/f", []byte("hello"), 0o644))
		f, err := m.Open("/f")
		require.NoError(t, err)
		pos, err := f.Seek(-1, io.SeekStart)
		require.NoError(t, err, "MemMapFs seeks before the start")
		assert.Equal(t, int64(-1), pos)
		_, err = f.Seek(10, io.SeekStart)
		require.NoError(t, err)
		_, err = f.Read(make([]byte, 3))
		assert.Equal(t, io.ErrUnexpectedEOF, err, "MemMapFs: not io.EOF past the end")
		_, err = f.Seek(10, io.SeekStart)
		require.NoError(t, err)
		_, err = io.ReadAll(f)
		assert.Error(t, err, "so io.ReadAll fails")
		require.NoError(t, f.Close())

		fsys := membackend.New()
		writeFile(t, fsys, "/f", "hello")
		g, err := fsys.Open("/f")
		require.NoError(t, err)
		_, err = g.Seek(-1, io.SeekStart)
		assertPathErr(t, err, "seek", syscall.EINVAL)
		_, err = g.Seek(10, io.SeekStart)
		require.NoError(t, err)
		n, err := g.Read(make([]byte, 3))
		assert.Zero(t, n)
		assert.True(t, errors.Is(err, io.EOF), "the fix: expect io.EOF, as from os")
		data, err := io.ReadAll(g)
		require.NoError(t, err)
		assert.Empty(t, data)
		require.NoError(t, g.Close())
	})

	t.Run("Remove of a directory with entries", func(t *testing.T) {
		t.Parallel()
		m := mem()
		require.NoError(t, m.MkdirAll("/d/sub", 0o755))
		require.NoError(t, m.Remove("/d"), "MemMapFs removes it, and leaves /d/sub behind")

		fsys := membackend.New()
		require.NoError(t, fsys.MkdirAll("/d/sub", 0o755))
		assertPathErr(t, fsys.Remove("/d"), "remove", syscall.ENOTEMPTY)
		require.NoError(t, fsys.RemoveAll("/d"), "the fix")
	})

	t.Run("writing through a read-only File", func(t *testing.T) {
		t.Parallel()
		m := mem()
		f, err := m.OpenFile("/f", os.O_RDONLY|os.O_CREATE, 0o644)
		require.NoError(t, err)
		_, err = f.Write([]byte("x"))
		require.NoError(t, err, "MemMapFs: O_RDONLY|O_CREATE is writable")
		require.NoError(t, f.Close())

		fsys := membackend.New()
		g, err := fsys.OpenFile("/f", os.O_RDONLY|os.O_CREATE, 0o644)
		require.NoError(t, err)
		_, err = g.Write([]byte("x"))
		assertPathErr(t, err, "write", syscall.EBADF)
		require.NoError(t, g.Close())
		h, err := fsys.OpenFile("/f", os.O_RDWR|os.O_CREATE, 0o644) // the fix
		require.NoError(t, err)
		_, err = h.Write([]byte("x"))
		require.NoError(t, err)
		require.NoError(t, h.Close())
	})

	t.Run("a closed File", func(t *testing.T) {
		t.Parallel()
		m := mem()
		require.NoError(t, afero.WriteFile(m, "/f", []byte("x"), 0o644))
		f, err := m.Open("/f")
		require.NoError(t, err)
		require.NoError(t, f.Close())
		require.NoError(t, f.Close(), "MemMapFs: a second Close succeeds")
		_, err = f.Read(make([]byte, 1))
		assert.False(t, errors.Is(err, fs.ErrClosed), "MemMapFs: its own error, not fs.ErrClosed")

		fsys := membackend.New()
		writeFile(t, fsys, "/f", "x")
		g, err := fsys.Open("/f")
		require.NoError(t, err)
		require.NoError(t, g.Close())
		assert.ErrorIs(t, g.Close(), fs.ErrClosed, "as os: the second Close fails")
		_, err = g.Read(make([]byte, 1))
		assert.ErrorIs(t, err, fs.ErrClosed, "the fix: test with errors.Is(err, fs.ErrClosed)")
	})

	t.Run("the empty name", func(t *testing.T) {
		t.Parallel()
		m := mem()
		fi, err := m.Stat("")
		require.NoError(t, err, "MemMapFs takes it for /")
		assert.True(t, fi.IsDir())

		fsys := membackend.New()
		_, err = fsys.Stat("")
		assertPathErr(t, err, "stat", syscall.ENOENT)
		_, err = fsys.Stat("/") // the fix
		require.NoError(t, err)
	})

	t.Run("access times", func(t *testing.T) {
		t.Parallel()
		m := mem()
		require.NoError(t, afero.WriteFile(m, "/f", []byte("x"), 0o644))
		fi, err := m.Stat("/f")
		require.NoError(t, err)
		assert.Nil(t, fi.Sys(), "MemMapFs keeps no access time")

		fsys := membackend.New()
		writeFile(t, fsys, "/f", "x")
		set := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
		require.NoError(t, fsys.Chtimes("/f", set, set))
		_ = readFile(t, fsys, "/f")
		got := stat(t, fsys, "/f").Atime
		assert.True(t, set.Equal(got), "reads leave the access time as Chtimes set it (noatime): %v", got)
	})
}

func assertModes(t *testing.T, fsys afero.Fs, file, dir fs.FileMode) {
	t.Helper()
	fi, err := fsys.Stat("/f")
	require.NoError(t, err)
	assert.Equal(t, file, fi.Mode())
	fi, err = fsys.Stat("/d")
	require.NoError(t, err)
	assert.Equal(t, fs.ModeDir|dir, fi.Mode())
}

func rootNames(t *testing.T, fsys afero.Fs) []string {
	t.Helper()
	d, err := fsys.Open("/")
	require.NoError(t, err)
	defer d.Close()
	names, err := d.Readdirnames(-1)
	require.NoError(t, err)
	return names
}
