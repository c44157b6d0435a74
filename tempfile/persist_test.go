package tempfile_test

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// devicesFS is membackend where /a and /b are two devices: a rename or
// link between them fails with EXDEV, as between a tmpfs /tmp and a disk.
type devicesFS struct{ *membackend.FS }

func device(name string) string {
	return strings.SplitN(strings.TrimPrefix(filepath.ToSlash(name), "/"), "/", 2)[0]
}

func (d devicesFS) cross(op, oldname, newname string) error {
	if device(oldname) != device(newname) {
		return &os.LinkError{Op: op, Old: oldname, New: newname, Err: syscall.EXDEV}
	}
	return nil
}

func (d devicesFS) Rename(oldname, newname string) error {
	if err := d.cross("rename", oldname, newname); err != nil {
		return err
	}
	return d.FS.Rename(oldname, newname)
}

func (d devicesFS) RenameNoReplace(oldname, newname string) error {
	if err := d.cross("rename", oldname, newname); err != nil {
		return err
	}
	return d.FS.RenameNoReplace(oldname, newname)
}

func (d devicesFS) Link(oldname, newname string) error {
	if err := d.cross("link", oldname, newname); err != nil {
		return err
	}
	return d.FS.Link(oldname, newname)
}

func newDevicesFS(t *testing.T, opts ...membackend.Option) devicesFS {
	fsys := devicesFS{membackend.New(opts...)}
	require.NoError(t, fsys.Mkdir("/a", 0o755))
	require.NoError(t, fsys.Mkdir("/b", 0o755))
	return fsys
}

// TestPersistAcrossDevices: Persist and PersistNoClobber to another
// device copy into place; the File goes on as the copy.
func TestPersistAcrossDevices(t *testing.T) {
	t.Parallel()
	fsys := newDevicesFS(t)
	f, err := tempfile.NewNamed(fsys, tempfile.WithDir("/a"))
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Write([]byte("hello, world"))
	require.NoError(t, err)
	_, err = f.Seek(7, io.SeekStart)
	require.NoError(t, err)
	writeFile(t, fsys, "/b/target", "old")
	require.NoError(t, f.Persist("/b/target", tempfile.WithFileMode(0o644)))
	assert.Equal(t, "/b/target", f.Name())
	assert.Empty(t, listDir(t, fsys, "/a"), "the temporary file is gone")
	assert.Equal(t, []string{"target"}, listDir(t, fsys, "/b"), "nothing but the target")
	assert.Equal(t, "hello, world", readFile(t, fsys, "/b/target"))
	assert.Equal(t, fs.FileMode(0o644), modeOf(t, fsys, "/b/target"))
	_, err = f.Write([]byte("there"))
	require.NoError(t, err, "the File goes on, as the copy, at its offset")
	require.NoError(t, f.Close())
	assert.Equal(t, "hello, there", readFile(t, fsys, "/b/target"), "Close keeps a persisted file")

	g, err := tempfile.NewNamed(fsys, tempfile.WithDir("/a"))
	require.NoError(t, err)
	defer g.Close()
	_, err = g.Write([]byte("new"))
	require.NoError(t, err)
	err = g.PersistNoClobber("/b/target")
	assert.ErrorIs(t, err, fs.ErrExist)
	assert.Equal(t, "hello, there", readFile(t, fsys, "/b/target"), "the target is untouched")
	assert.Equal(t, []string{"target"}, listDir(t, fsys, "/b"))
	assert.Equal(t, "new", readFile(t, fsys, g.Name()), "the temporary file keeps its name and contents")
	require.NoError(t, g.PersistNoClobber("/b/fresh"))
	assert.Equal(t, "new", readFile(t, fsys, "/b/fresh"))
	assert.Equal(t, fs.FileMode(0o600), modeOf(t, fsys, "/b/fresh"), "without WithFileMode the file keeps its mode")
}

// TestPersistAcrossDevicesFull: when the target's device fills up, the
// error is ENOSPC, the target is untouched, the temporary file keeps its
// name and contents, and nothing is left beside the target.
func TestPersistAcrossDevicesFull(t *testing.T) {
	t.Parallel()
	fsys := newDevicesFS(t, membackend.WithCapacity(1<<20+1<<19))
	writeFile(t, fsys, "/b/target", "old")
	f, err := tempfile.NewNamed(fsys, tempfile.WithDir("/a"))
	require.NoError(t, err)
	defer f.Close()
	data := bytes.Repeat([]byte("x"), 1<<20)
	_, err = f.Write(data)
	require.NoError(t, err)
	err = f.Persist("/b/target")
	require.Error(t, err)
	assert.ErrorIs(t, err, syscall.ENOSPC)
	assert.Equal(t, "old", readFile(t, fsys, "/b/target"))
	assert.Equal(t, []string{"target"}, listDir(t, fsys, "/b"))
	assert.True(t, strings.HasPrefix(filepath.ToSlash(f.Name()), "/a/"), "still the temporary file: %s", f.Name())
	b, err := afero.ReadFile(fsys, f.Name())
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, b), "the temporary file keeps its contents")
}

// TestPersistAcrossRealDevices: from /dev/shm (tmpfs) to the test's
// directory on another filesystem, with a reader that must see the old
// file or the new one, never a mix.
func TestPersistAcrossRealDevices(t *testing.T) {
	t.Parallel()
	shm := "/dev/shm"
	dst := t.TempDir()
	if !differentDevices(t, shm, dst) {
		t.Skipf("%s and %s are on one filesystem here", shm, dst)
	}
	src, err := os.MkdirTemp(shm, "persist-test-")
	if err != nil {
		t.Skipf("no usable %s: %v", shm, err)
	}
	t.Cleanup(func() { os.RemoveAll(src) })
	for _, fsys := range []vfs.Fs{osbackend.New(), &plainFS{afero.NewOsFs()}} {
		target := filepath.Join(dst, "target")
		old := bytes.Repeat([]byte("o"), 1<<20)
		require.NoError(t, os.WriteFile(target, old, 0o644))
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(src))
		require.NoError(t, err)
		neu := bytes.Repeat([]byte("n"), 1<<20)
		_, err = f.Write(neu)
		require.NoError(t, err)

		stop := make(chan struct{})
		var wg sync.WaitGroup
		var mixed []string
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				b, err := os.ReadFile(target)
				if err != nil || !(bytes.Equal(b, old) || bytes.Equal(b, neu)) {
					mixed = append(mixed, "a read saw neither the old file nor the new one")
					return
				}
			}
		}()
		err = f.Persist(target)
		close(stop)
		wg.Wait()
		require.NoError(t, err, "%T", fsys)
		assert.Empty(t, mixed)
		got, err := os.ReadFile(target)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(neu, got))
		ents, err := os.ReadDir(src)
		require.NoError(t, err)
		assert.Empty(t, ents, "the temporary file is gone from %s", src)
		ents, err = os.ReadDir(dst)
		require.NoError(t, err)
		assert.Len(t, ents, 1, "nothing but the target in %s", dst)
		require.NoError(t, f.Close())
		require.NoError(t, os.Remove(target))
	}
}

// TestPersistAcrossMounts: the same, on membackend's own devices: a small
// mount that fills up gives ENOSPC and leaves everything as it was, a
// large one takes the file.
func TestPersistAcrossMounts(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(
		membackend.WithMount("/small", membackend.WithCapacity(1<<19)),
		membackend.WithMount("/large"))
	f, err := tempfile.NewNamed(fsys)
	require.NoError(t, err)
	defer f.Close()
	data := bytes.Repeat([]byte("m"), 1<<20)
	_, err = f.Write(data)
	require.NoError(t, err)
	tmp := f.Name()

	err = f.PersistNoClobber("/small/f")
	assert.ErrorIs(t, err, syscall.ENOSPC)
	assert.Empty(t, listDir(t, fsys, "/small"))
	assert.Equal(t, tmp, f.Name())

	require.NoError(t, f.Persist("/large/f"))
	b, err := afero.ReadFile(fsys, "/large/f")
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, b))
	_, err = fsys.Stat(tmp)
	assert.ErrorIs(t, err, fs.ErrNotExist, "the temporary file is gone from /tmp")
}
