package sftpbackend_test

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// TestTempfile runs tempfile's main jobs on an FS, and looks at the
// result on the server's disk (this machine's) with package os.
func TestTempfile(t *testing.T) {
	t.Parallel()
	t.Run("NewNamedPersist", func(t *testing.T) {
		t.Parallel()
		fsys, dir := newFS(t)
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithPrefix("report-"), tempfile.WithSuffix(".csv"))
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(filepath.Base(f.Name()), "report-"), f.Name())
		fi, err := os.Lstat(f.Name())
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm(), "a named temporary file's mode on the server")
		_, err = io.WriteString(f, "a,b,c\n")
		require.NoError(t, err)
		target := join(dir, "report.csv")
		require.NoError(t, os.WriteFile(target, []byte("old"), 0o644))
		require.NoError(t, f.Persist(target))
		got, err := os.ReadFile(target)
		require.NoError(t, err)
		assert.Equal(t, "a,b,c\n", string(got))
		assert.NoError(t, f.Close())
		assert.Equal(t, []string{"report.csv"}, localNames(t, dir), "Persist then Close")

		g, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		err = g.PersistNoClobber(target)
		assert.ErrorIs(t, err, fs.ErrExist, "PersistNoClobber onto an existing name")
		require.NoError(t, g.Close())
		assert.Equal(t, []string{"report.csv"}, localNames(t, dir), "a refused PersistNoClobber, then Close")
	})
	t.Run("NamedClose", func(t *testing.T) {
		t.Parallel()
		fsys, dir := newFS(t)
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, f.Close())
		assert.Empty(t, localNames(t, dir), "Close of a named temporary file removes it")
	})
	t.Run("WriteFile", func(t *testing.T) {
		t.Parallel()
		fsys, dir := newFS(t)
		name := join(dir, "settings.json")
		require.NoError(t, tempfile.WriteFile(fsys, name, []byte(`{"v":1}`), 0o640))
		fi, err := os.Stat(name)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o640), fi.Mode().Perm(), "a new file gets perm less the umask 022")
		require.NoError(t, os.Chmod(name, 0o604))
		require.NoError(t, tempfile.WriteFile(fsys, name, []byte(`{"v":2}`), 0o600))
		got, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.Equal(t, `{"v":2}`, string(got))
		fi, err = os.Stat(name)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o604), fi.Mode().Perm(), "WriteFile keeps the mode of the file it replaces")
		assert.Equal(t, []string{"settings.json"}, localNames(t, dir), "no temporary file is left")
		assert.ErrorIs(t, tempfile.WriteFile(fsys, name, []byte("x"), 0o600, tempfile.WithNoClobber()), fs.ErrExist)
	})
	t.Run("DirCleanup", func(t *testing.T) {
		t.Parallel()
		fsys, dir := newFS(t)
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		fi, err := os.Lstat(d.Path())
		require.NoError(t, err)
		assert.Equal(t, fs.ModeDir|0o700, fi.Mode(), "a temporary directory's mode on the server")
		require.NoError(t, d.WriteTree(map[string]string{"a/b/c.txt": "c", "d.txt": "d"}))
		outside := join(dir, "outside")
		require.NoError(t, os.Mkdir(outside, 0o700))
		require.NoError(t, os.WriteFile(join(outside, "keep"), []byte("keep"), 0o600))
		require.NoError(t, os.Symlink(outside, join(d.Path(), "a", "link")))
		require.NoError(t, os.Chmod(join(d.Path(), "a", "b"), 0o500))
		require.NoError(t, d.Cleanup())
		assert.Equal(t, []string{"outside"}, localNames(t, dir), "Cleanup removes the whole tree")
		assert.Equal(t, []string{"keep"}, localNames(t, outside), "Cleanup does not follow a link out of the tree")
		assert.NoError(t, d.Cleanup(), "a second Cleanup")
	})
	t.Run("SpooledRollover", func(t *testing.T) {
		t.Parallel()
		fsys, dir := newFS(t)
		s, err := tempfile.NewSpooled(fsys, 1024, tempfile.WithDir(dir))
		require.NoError(t, err)
		defer s.Close()
		small := bytes.Repeat([]byte("a"), 1000)
		_, err = s.Write(small)
		require.NoError(t, err)
		assert.False(t, s.Rolled(), "1000 bytes stay in memory")
		assert.Empty(t, localNames(t, dir))
		_, err = s.Write(bytes.Repeat([]byte("b"), 100))
		require.NoError(t, err)
		assert.True(t, s.Rolled(), "a write past 1024 bytes rolls over")
		assert.Empty(t, localNames(t, dir), "the rolled-over file has no name")
		pos, err := s.Seek(0, io.SeekCurrent)
		require.NoError(t, err)
		assert.Equal(t, int64(1100), pos, "the offset survives rollover")
		buf := make([]byte, 1100)
		n, err := s.ReadAt(buf, 0)
		require.NoError(t, err)
		assert.Equal(t, append(small, bytes.Repeat([]byte("b"), 100)...), buf[:n])
		require.NoError(t, s.Close())
		assert.Empty(t, localNames(t, dir))
	})
	t.Run("TempDir", func(t *testing.T) {
		t.Parallel()
		fsys, _ := newFS(t)
		d, err := tempfile.TempDir(fsys)
		require.NoError(t, err)
		assert.Equal(t, "/tmp", d, "the server's /tmp is the first candidate")
	})
	t.Run("Anonymous", func(t *testing.T) {
		t.Parallel()
		fsys, dir := newFS(t)
		// FS is no vfs.AnonymousFS: vfs's fallback creates the file
		// exclusively and removes its name at once, which a POSIX server
		// allows while the handle stays open.
		_, ok := vfs.Fs(fsys).(vfs.AnonymousFS)
		require.False(t, ok)
		f, err := vfs.CreateAnonymous(fsys, dir, 0o600)
		require.NoError(t, err)
		defer f.Close()
		assert.Empty(t, localNames(t, dir), "an anonymous file has no name")
		_, err = f.Write([]byte("data"))
		require.NoError(t, err)
		buf := make([]byte, 4)
		_, err = f.ReadAt(buf, 0)
		require.NoError(t, err)
		assert.Equal(t, "data", string(buf))
	})
}

// localNames lists dir on this machine, which is the server's.
func localNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := []string{}
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}
