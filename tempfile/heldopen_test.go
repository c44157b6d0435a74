package tempfile_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// sillyFS removes the name of a file that is open as NFS and sshfs do: it
// renames the file to a hidden .fuse_hidden name in the same directory,
// which goes only once the last handle is closed, lag after the Close.
type sillyFS struct {
	vfs.Fs
	lag    time.Duration
	refuse string // a base name whose Remove fails with EACCES

	mu    sync.Mutex
	open  map[string]*sillyNode // by current name
	count int
}

// A sillyNode is a file that sillyFS has handles on.
type sillyNode struct {
	name    string
	handles int
	hidden  bool
}

type sillyFile struct {
	vfs.File
	fsys *sillyFS
	node *sillyNode
	once sync.Once
}

func newSillyFS(lag time.Duration) *sillyFS {
	return &sillyFS{Fs: membackend.New(), lag: lag, open: map[string]*sillyNode{}}
}

func (s *sillyFS) OpenFile(name string, flag int, perm fs.FileMode) (vfs.File, error) {
	f, err := s.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || fi.IsDir() {
		return f, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.open[name]
	if n == nil {
		n = &sillyNode{name: name}
		s.open[name] = n
	}
	n.handles++
	return &sillyFile{File: f, fsys: s, node: n}, nil
}

func (s *sillyFS) Open(name string) (vfs.File, error) { return s.OpenFile(name, os.O_RDONLY, 0) }

func (s *sillyFS) Create(name string) (vfs.File, error) {
	return s.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// Remove of a name that is open hides the file, as libfuse does, even
// when the name is one it hid before.
func (s *sillyFS) Remove(name string) error {
	if s.refuse != "" && filepath.Base(name) == s.refuse {
		return &fs.PathError{Op: "remove", Path: name, Err: syscall.EACCES}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.open[name]
	if n == nil {
		return s.Fs.Remove(name)
	}
	s.count++
	hidden := filepath.Join(filepath.Dir(name), fmt.Sprintf(".fuse_hidden%08x%08x", 0x387, s.count))
	if err := s.Fs.Rename(name, hidden); err != nil {
		return err
	}
	delete(s.open, name)
	n.name, n.hidden = hidden, true
	s.open[hidden] = n
	return nil
}

func (f *sillyFile) Close() error {
	err := f.File.Close()
	f.once.Do(func() {
		s := f.fsys
		s.mu.Lock()
		defer s.mu.Unlock()
		if f.node.handles--; f.node.handles > 0 {
			return
		}
		// The filesystem learns of the last Close lag later (FUSE's
		// release is asynchronous): until then the file counts as open.
		time.AfterFunc(s.lag, func() { s.release(f.node) })
	})
	return err
}

func (s *sillyFS) release(n *sillyNode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n.handles > 0 {
		return // opened again meanwhile
	}
	delete(s.open, n.name)
	if n.hidden {
		_ = s.Fs.Remove(n.name)
	}
}

func sillyDir(t *testing.T, fsys *sillyFS) *tempfile.Dir {
	t.Helper()
	require.NoError(t, fsys.MkdirAll("/work", 0o700))
	d, err := tempfile.NewDir(fsys, tempfile.WithDir("/work"))
	require.NoError(t, err)
	require.NoError(t, d.WriteFile("sub/f", []byte("x")))
	require.NoError(t, d.WriteFile("g", []byte("y")))
	return d
}

// Dir.Cleanup on a filesystem that keeps a removed open file under a
// hidden name: it waits for the hidden name to go, once the file is
// closed and a moment after, and fails, saying why, while the file stays
// open.
func TestDirCleanupHiddenNames(t *testing.T) {
	t.Parallel()

	t.Run("closed before", func(t *testing.T) {
		t.Parallel()
		fsys := newSillyFS(30 * time.Millisecond)
		d := sillyDir(t, fsys)
		f, err := fsys.Open(filepath.Join(d.Path(), "sub", "f"))
		require.NoError(t, err)
		require.NoError(t, fsys.Remove(f.Name()))
		require.NoError(t, f.Close()) // the hidden name goes 30ms later
		assert.NoError(t, d.Cleanup())
		_, err = fsys.Stat(d.Path())
		assert.ErrorIs(t, err, fs.ErrNotExist)
	})

	t.Run("closed while Cleanup waits", func(t *testing.T) {
		t.Parallel()
		fsys := newSillyFS(10 * time.Millisecond)
		d := sillyDir(t, fsys)
		f, err := fsys.Open(filepath.Join(d.Path(), "sub", "f"))
		require.NoError(t, err)
		time.AfterFunc(200*time.Millisecond, func() { f.Close() })
		assert.NoError(t, d.Cleanup())
		_, err = fsys.Stat(d.Path())
		assert.ErrorIs(t, err, fs.ErrNotExist)
	})

	t.Run("still open", func(t *testing.T) {
		t.Parallel()
		fsys := newSillyFS(0)
		d := sillyDir(t, fsys)
		f, err := fsys.Open(filepath.Join(d.Path(), "sub", "f"))
		require.NoError(t, err)
		start := time.Now()
		err = d.Cleanup()
		took := time.Since(start)
		require.Error(t, err)
		assert.ErrorIs(t, err, syscall.ENOTEMPTY)
		assert.Contains(t, err.Error(), "nothing is left but files removed while still open")
		assert.Contains(t, err.Error(), filepath.Join(d.Path(), "sub", ".fuse_hidden"), "the error names the hidden file")
		assert.Greater(t, took, time.Second, "Cleanup waited")
		_, err = fsys.Stat(filepath.Join(d.Path(), "g"))
		assert.ErrorIs(t, err, fs.ErrNotExist, "the rest is gone")

		require.NoError(t, f.Close())
		assert.NoError(t, d.Cleanup(), "Cleanup once the file is closed")
		_, err = fsys.Stat(d.Path())
		assert.ErrorIs(t, err, fs.ErrNotExist)
	})

	t.Run("other leftovers end it at once", func(t *testing.T) {
		t.Parallel()
		fsys := newSillyFS(0)
		fsys.refuse = "stuck"
		d := sillyDir(t, fsys)
		require.NoError(t, d.WriteFile("sub/stuck", []byte("z")))
		f, err := fsys.Open(filepath.Join(d.Path(), "sub", "f"))
		require.NoError(t, err)
		defer f.Close()
		start := time.Now()
		err = d.Cleanup()
		assert.ErrorIs(t, err, syscall.EACCES)
		assert.NotContains(t, fmt.Sprint(err), "nothing is left but files removed while still open")
		assert.Less(t, time.Since(start), time.Second, "no waiting for what waiting cannot cure")
	})
}
