//go:build unix

package tempfile_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// A FIFO put at the name makes neither Reopen nor a Path's Remove or
// Persist block: the open does not wait for a writer or a reader, and
// the FIFO is not the file.
func TestReopenFIFO(t *testing.T) {
	t.Parallel()
	fsys, dir := osbackend.New(), t.TempDir()
	for _, flag := range []int{os.O_RDONLY, os.O_WRONLY, os.O_RDWR} {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, os.Remove(f.Name()))
		require.NoError(t, syscall.Mkfifo(f.Name(), 0o600))
		done := make(chan error, 1)
		go func() {
			h, err := f.Reopen(flag)
			if err == nil {
				h.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			// O_WRONLY on a FIFO with no reader fails with ENXIO.
			assert.True(t, errors.Is(err, tempfile.ErrReplaced) || errors.Is(err, syscall.ENXIO), "flag %#x: %v", flag, err)
		case <-time.After(10 * time.Second):
			t.Fatalf("Reopen(%#x) blocked on a FIFO", flag)
		}
		require.NoError(t, f.Close(), "Close removes the FIFO at the name, as it removes any entry")
	}
}

// The handle Reopen returns is in blocking mode, as os.OpenFile returns
// a regular file, whatever Reopen opened it with.
func TestReopenBlocking(t *testing.T) {
	t.Parallel()
	fsys, dir := osbackend.New(), t.TempDir()
	f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
	require.NoError(t, err)
	defer f.Close()
	h, err := f.Reopen(os.O_RDWR)
	require.NoError(t, err)
	defer h.Close()
	sc, ok := h.(syscall.Conn)
	require.True(t, ok)
	rc, err := sc.SyscallConn()
	require.NoError(t, err)
	var fl int
	var ferr error
	require.NoError(t, rc.Control(func(fd uintptr) { fl, ferr = unix.FcntlInt(fd, unix.F_GETFL, 0) }))
	require.NoError(t, ferr)
	assert.Zero(t, fl&unix.O_NONBLOCK)
}

// TestReopenNoLeakedDescriptors counts the process's descriptors around
// Reopen, Path and Symlink, on their success and error paths (Linux only;
// not parallel, since other tests open descriptors).
func TestReopenNoLeakedDescriptors(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("counts /proc/self/fd")
	}
	fsys, dir := osbackend.New(), t.TempDir()
	countFDs := func() int {
		ents, err := os.ReadDir("/proc/self/fd")
		require.NoError(t, err)
		return len(ents)
	}
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o700))
	before := countFDs()
	for range 50 {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		h, err := f.Reopen(os.O_RDWR)
		require.NoError(t, err)
		require.NoError(t, h.Close())
		other := filepath.Join(dir, "other")
		writeFile(t, fsys, other, "x")
		require.NoError(t, os.Rename(other, f.Name()))
		_, err = f.Reopen(os.O_RDWR | os.O_TRUNC)
		require.ErrorIs(t, err, tempfile.ErrReplaced)

		p, err := f.CloseToPath()
		require.NoError(t, err)
		_, err = p.Reopen(os.O_RDONLY)
		require.ErrorIs(t, err, tempfile.ErrReplaced)
		require.ErrorIs(t, p.Persist(filepath.Join(dir, "target")), tempfile.ErrReplaced)
		require.ErrorIs(t, p.Remove(), tempfile.ErrReplaced)
		require.NoError(t, os.Remove(f.Name()))

		g, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithSecureRemove())
		require.NoError(t, err)
		q, err := g.CloseToPath()
		require.NoError(t, err)
		require.NoError(t, q.Persist(filepath.Join(dir, "target")))
		require.NoError(t, os.Remove(q.Name()))

		require.NoError(t, tempfile.Symlink(fsys, "x", filepath.Join(dir, "link")))
		require.Error(t, tempfile.Symlink(fsys, "x", filepath.Join(dir, "sub")))
	}
	assert.Equal(t, before, countFDs())
	assert.Equal(t, []string{"link", "sub"}, listDir(t, fsys, dir))
}
