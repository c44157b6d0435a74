package tempfile_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// The TestNetFS tests run tempfile with osbackend on a network
// filesystem: the directory that TEMPVFS_NETFS_DIR names, which
// .ci/sshfs/run mounts with sshfs. There, removing an open file leaves a
// hidden .fuse_hidden* file until it is closed, and for a moment after
// (the kernel tells sshfs of the close after close(2) returns), and a
// rename over a file that someone has open is two renames.

// netfsDir returns a fresh directory on the network filesystem, removed
// at the end of the test, or skips the test when there is none.
func netfsDir(t *testing.T) string {
	t.Helper()
	root := os.Getenv("TEMPVFS_NETFS_DIR")
	if root == "" {
		t.Skip("TEMPVFS_NETFS_DIR is not set: bash .ci/sshfs/run mounts sshfs and runs this test there")
	}
	dir, err := os.MkdirTemp(root, "tempfile-netfs-")
	require.NoError(t, err)
	t.Cleanup(func() {
		// Give a late .fuse_hidden* file the time to go, then report
		// what is left.
		emptySoon(t, dir)
		assert.NoError(t, os.Remove(dir), "the test's directory on the network filesystem")
	})
	return dir
}

// settle is how long a hidden file may outlive the Close of its last
// handle on sshfs.
const settle = 2 * time.Second

// emptySoon asserts that dir is empty, or becomes so within settle, and
// stays so.
func emptySoon(t *testing.T, dir string) {
	t.Helper()
	namesSoon(t, dir)
}

// namesSoon asserts that dir holds want (sorted), or comes to within
// settle, and still does a moment later.
func namesSoon(t *testing.T, dir string, want ...string) {
	t.Helper()
	start := time.Now()
	names := netfsNames(t, dir)
	first := names
	for !slices.Equal(names, want) && time.Since(start) < settle {
		time.Sleep(2 * time.Millisecond)
		names = netfsNames(t, dir)
	}
	took := time.Since(start)
	if !assert.Equal(t, want, names, "%s, %v after the last Close", dir, took) {
		return
	}
	if !slices.Equal(first, want) {
		t.Logf("%v were in %s after the last Close, for %v", first, filepath.Base(dir), took.Round(time.Millisecond))
	}
	time.Sleep(20 * time.Millisecond)
	assert.Equal(t, want, netfsNames(t, dir), "%s, a moment later", dir)
}

func TestNetFSNamed(t *testing.T) {
	t.Parallel()
	dir := netfsDir(t)
	fsys := osbackend.New()
	for range 20 {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		_, err = f.Write([]byte("named"))
		require.NoError(t, err)
		// Listing the directory while the file is open is what makes a
		// hidden file outlive Close, where one appears.
		assert.Equal(t, []string{filepath.Base(f.Name())}, netfsNames(t, dir))
		require.NoError(t, f.Close())
		emptySoon(t, dir)
	}
}

func TestNetFSAnonymous(t *testing.T) {
	t.Parallel()
	dir := netfsDir(t)
	fsys := osbackend.New()
	f, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(dir), tempfile.WithPrefix("anon-"))
	require.NoError(t, err)
	// osbackend refuses to remove the name of an open file here (it would
	// stay as .fuse_hidden* until Close): the file is a named one, which
	// Close removes.
	nf, ok := f.(*tempfile.File)
	require.True(t, ok, "NewAnonymous on a filesystem that silly-renames returns a *tempfile.File, not %T", f)
	assert.True(t, strings.HasPrefix(filepath.Base(nf.Name()), "anon-"), nf.Name())
	assert.Equal(t, []string{filepath.Base(nf.Name())}, netfsNames(t, dir))
	_, err = f.Write([]byte("anonymous"))
	require.NoError(t, err)
	got := make([]byte, 9)
	_, err = f.ReadAt(got, 0)
	require.NoError(t, err)
	assert.Equal(t, "anonymous", string(got))
	require.NoError(t, f.Close())
	emptySoon(t, dir)
}

func TestNetFSSpooled(t *testing.T) {
	t.Parallel()
	dir := netfsDir(t)
	s, err := tempfile.NewSpooled(osbackend.New(), 16, tempfile.WithDir(dir))
	require.NoError(t, err)
	_, err = s.Write([]byte("0123456789"))
	require.NoError(t, err)
	assert.False(t, s.Rolled())
	assert.Empty(t, netfsNames(t, dir), "nothing on the filesystem before the rollover")
	_, err = s.Write([]byte("abcdefghij"))
	require.NoError(t, err)
	require.True(t, s.Rolled(), "a write past maxSize rolls over")
	assert.Len(t, netfsNames(t, dir), 1, "the rolled-over file is a named one here")
	_, err = s.Seek(0, io.SeekStart)
	require.NoError(t, err)
	data, err := io.ReadAll(s)
	require.NoError(t, err)
	assert.Equal(t, "0123456789abcdefghij", string(data))
	require.NoError(t, s.Close())
	emptySoon(t, dir)
}

func TestNetFSDirCleanup(t *testing.T) {
	t.Parallel()
	dir := netfsDir(t)
	fsys := osbackend.New()
	for range 5 {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, d.WriteTree(map[string]string{"a": "1", "sub/b": "2", "sub/deeper/c": "3", "empty/": ""}))
		// A file read and closed just before Cleanup: its close reaches
		// sshfs a moment after close(2) returns.
		data, err := os.ReadFile(filepath.Join(d.Path(), "sub", "b"))
		require.NoError(t, err)
		assert.Equal(t, "2", string(data))
		require.NoError(t, d.Cleanup())
		_, err = os.Lstat(d.Path())
		assert.ErrorIs(t, err, fs.ErrNotExist)
		emptySoon(t, dir)
	}
}

// A file still open inside the directory is removed, but the filesystem
// keeps it under a hidden name until it is closed, and the directory
// cannot go before that. Cleanup waits for it a while, as it does on
// Windows; then it fails, and a later Cleanup, once the file is closed,
// removes the directory.
func TestNetFSDirCleanupOpenFile(t *testing.T) {
	t.Parallel()
	dir := netfsDir(t)
	fsys := osbackend.New()

	t.Run("closed while Cleanup waits", func(t *testing.T) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, d.WriteFile("sub/f", []byte("x")))
		held, err := os.Open(filepath.Join(d.Path(), "sub", "f"))
		require.NoError(t, err)
		go func() {
			time.Sleep(200 * time.Millisecond)
			held.Close()
		}()
		assert.NoError(t, d.Cleanup())
		_, err = os.Lstat(d.Path())
		assert.ErrorIs(t, err, fs.ErrNotExist)
	})

	t.Run("still open", func(t *testing.T) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, d.WriteFile("f", []byte("x")))
		held, err := os.Open(filepath.Join(d.Path(), "f"))
		require.NoError(t, err)
		start := time.Now()
		err = d.Cleanup()
		t.Logf("Cleanup with a file open inside: after %v: %v", time.Since(start).Round(time.Millisecond), err)
		assert.ErrorIs(t, err, syscall.ENOTEMPTY)
		if assert.Error(t, err) {
			assert.Contains(t, err.Error(), "still open")
		}
		// What is left is the hidden file, which sshfs's listing may not
		// show while it caches the directory.
		for _, n := range netfsNames(t, d.Path()) {
			assert.True(t, strings.HasPrefix(n, ".fuse_hidden"), "left in the directory: %s", n)
		}
		// The open file still reads.
		data, err := io.ReadAll(held)
		assert.NoError(t, err)
		assert.Equal(t, "x", string(data))
		require.NoError(t, held.Close())
		assert.NoError(t, d.Cleanup(), "Cleanup once the file is closed")
		_, err = os.Lstat(d.Path())
		assert.ErrorIs(t, err, fs.ErrNotExist)
	})
}

// WriteFile replaces a file that readers open and read in a loop. They
// never see a mix of old and new or a partial file. On sshfs, a rename
// over a file that is open is two renames (the old file to a hidden name,
// then the new one into place), so a reader that opens the name between
// them gets ENOENT: the test counts those and reports them, and fails on
// any other error.
func TestNetFSWriteFileReaders(t *testing.T) {
	t.Parallel()
	dir := netfsDir(t)
	fsys := osbackend.New()
	target := filepath.Join(dir, "target")
	versions := [][]byte{bytes.Repeat([]byte("a"), 64<<10), bytes.Repeat([]byte("b"), 64<<10)}
	require.NoError(t, tempfile.WriteFile(fsys, target, versions[0], 0o644))

	var stop atomic.Bool
	var reads, missing atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				data, err := os.ReadFile(target)
				switch {
				case errors.Is(err, fs.ErrNotExist):
					missing.Add(1)
					continue
				case err != nil:
					t.Errorf("read %s: %v", target, err)
					return
				}
				reads.Add(1)
				if !bytes.Equal(data, versions[0]) && !bytes.Equal(data, versions[1]) {
					t.Errorf("read %s: %d bytes that are neither version", target, len(data))
					return
				}
			}
		})
	}
	for i := range 30 {
		require.NoError(t, tempfile.WriteFile(fsys, target, versions[(i+1)%2], 0o644))
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d whole reads; %d opens found no %s while WriteFile renamed over it (sshfs: not atomic for readers)", reads.Load(), missing.Load(), filepath.Base(target))
	assert.Positive(t, reads.Load())
	data, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, versions[0], data, "the last version written")
	require.NoError(t, os.Remove(target))
}

func TestNetFSPersist(t *testing.T) {
	t.Parallel()
	dir := netfsDir(t)
	fsys := osbackend.New()
	target := filepath.Join(dir, "target")

	f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
	require.NoError(t, err)
	_, err = f.Write([]byte("persisted"))
	require.NoError(t, err)
	require.NoError(t, f.Persist(target))
	require.NoError(t, f.Close())
	assert.Equal(t, "persisted", readOS(t, target))
	assert.Equal(t, []string{"target"}, netfsNames(t, dir))

	// Onto an existing file: PersistNoClobber refuses and leaves both.
	g, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
	require.NoError(t, err)
	_, err = g.Write([]byte("second"))
	require.NoError(t, err)
	assert.ErrorIs(t, g.PersistNoClobber(target), fs.ErrExist)
	assert.Equal(t, "persisted", readOS(t, target))
	// Onto a free name it moves the file. sshfs has no RENAME_NOREPLACE,
	// so osbackend links, then removes the old name: that of an open
	// file, which sshfs hides as .fuse_hidden* until the file is closed.
	free := filepath.Join(dir, "free")
	require.NoError(t, g.PersistNoClobber(free))
	for _, n := range netfsNames(t, dir) {
		assert.True(t, n == "free" || n == "target" || strings.HasPrefix(n, ".fuse_hidden"), "after PersistNoClobber: %s", n)
	}
	require.NoError(t, g.Close())
	assert.Equal(t, "second", readOS(t, free))
	namesSoon(t, dir, "free", "target")

	// Persist over the existing target replaces it.
	h, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
	require.NoError(t, err)
	_, err = h.Write([]byte("third"))
	require.NoError(t, err)
	require.NoError(t, h.Persist(target))
	require.NoError(t, h.Close())
	assert.Equal(t, "third", readOS(t, target))
	require.NoError(t, os.Remove(target))
	require.NoError(t, os.Remove(free))
}

// TempDir's probe (create, write, read back, remove) works on the
// network filesystem when TMPDIR names it.
func TestNetFSTempDir(t *testing.T) {
	dir := netfsDir(t)
	fsys := osbackend.New() // a value of its own: nothing cached for it
	t.Setenv("TMPDIR", dir)
	got, err := tempfile.TempDir(fsys)
	require.NoError(t, err)
	assert.Equal(t, dir, got)
	emptySoon(t, dir)
}

// netfsNames returns the names in dir, sorted.
func netfsNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func readOS(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(data)
}
