package tempfile_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// NewPath joins the entry points checked with a nil filesystem.
func init() {
	nilFSCases["NewPath"] = nilFSCase{"newpath", "/d/f", func() error {
		_, err := tempfile.NewPath(nil, "/d/f")
		return err
	}}
}

// newPath makes a File in dir holding data and turns it into a Path.
func newPath(t *testing.T, fsys vfs.Fs, dir, data string, opts ...tempfile.Option) (*tempfile.Path, *tempfile.File) {
	t.Helper()
	f, err := tempfile.NewNamed(fsys, append([]tempfile.Option{tempfile.WithDir(dir)}, opts...)...)
	require.NoError(t, err)
	_, err = f.WriteString(data)
	require.NoError(t, err)
	p, err := f.CloseToPath()
	require.NoError(t, err)
	return p, f
}

// requirePersisted requires err, from a Persist, to be nil, or on Windows
// to say only that the directory was not synced: vfs.SyncDir's fallback,
// for a filesystem that cannot sync a directory itself, syncs an opened
// directory, and Windows denies that.
func requirePersisted(t *testing.T, err error) {
	t.Helper()
	if runtime.GOOS == "windows" && errors.Is(err, tempfile.ErrDirNotSynced) {
		return
	}
	require.NoError(t, err)
}

// exists reports whether anything, a link included, is at name.
func exists(t *testing.T, fsys vfs.Fs, name string) bool {
	t.Helper()
	_, err := vfs.Lstat(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	require.NoError(t, err)
	return true
}

// CloseToPath closes the file and leaves it in place; the File has
// nothing left to do, and the Path's Remove removes the file, once.
func TestCloseToPath(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		p, f := newPath(t, fsys, dir, "data")
		assert.Equal(t, f.Name(), p.Name())
		assert.Equal(t, "data", readFile(t, fsys, p.Name()), "the file stays, with its content")

		assert.ErrorIs(t, f.Close(), fs.ErrClosed)
		assert.NoError(t, f.Remove(), "the File's Remove does nothing")
		_, err := f.CloseToPath()
		assert.ErrorIs(t, err, fs.ErrClosed)
		assert.ErrorIs(t, f.Persist(filepath.Join(dir, "x")), fs.ErrClosed)
		assert.True(t, exists(t, fsys, p.Name()))

		require.NoError(t, p.Remove())
		assert.False(t, exists(t, fsys, p.Name()))
		assert.NoError(t, p.Remove(), "idempotent")
		assert.Empty(t, listDir(t, fsys, dir))

		_, err = p.Reopen(os.O_RDONLY)
		assert.ErrorIs(t, err, fs.ErrClosed, "a finished Path")
		assert.ErrorIs(t, p.Persist(filepath.Join(dir, "x")), fs.ErrClosed)
		assert.ErrorIs(t, p.PersistNoClobber(filepath.Join(dir, "x")), fs.ErrClosed)
		assert.Empty(t, listDir(t, fsys, dir))
	})
}

// A name already gone is not an error for Remove.
func TestPathRemoveGone(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		p, _ := newPath(t, fsys, dir, "data")
		require.NoError(t, fsys.Remove(p.Name()))
		assert.NoError(t, p.Remove())
		assert.NoError(t, p.Remove())
	})
}

// CloseToPath of a closed or removed File fails; of a kept one, it gives a
// kept Path.
func TestCloseToPathStates(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		closed, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, closed.Close())
		_, err = closed.CloseToPath()
		assert.ErrorIs(t, err, fs.ErrClosed)

		removed, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, removed.Remove())
		_, err = removed.CloseToPath()
		assert.ErrorIs(t, err, fs.ErrClosed)

		var zero tempfile.File
		_, err = zero.CloseToPath()
		assert.ErrorIs(t, err, fs.ErrInvalid)

		kept, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithKeep())
		require.NoError(t, err)
		p, err := kept.CloseToPath()
		require.NoError(t, err)
		require.NoError(t, p.Remove())
		assert.True(t, exists(t, fsys, p.Name()), "a kept File gives a kept Path")

		if _, plain := fsys.(*plainFS); plain && runtime.GOOS == "windows" {
			return // File.Persist cannot rename a file afero's OsFs holds open there
		}
		persisted, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		target := filepath.Join(dir, "target")
		requirePersisted(t, persisted.Persist(target))
		p, err = persisted.CloseToPath()
		require.NoError(t, err)
		assert.Equal(t, target, p.Name())
		require.NoError(t, p.Remove())
		assert.True(t, exists(t, fsys, target), "a persisted File gives a kept Path")

		assert.Empty(t, listDir(t, fsys, dir)[2:], "nothing but the kept and persisted files")
	})
}

// Keep makes Remove leave the file; Reopen and Persist still work.
func TestPathKeep(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		p, _ := newPath(t, fsys, dir, "data")
		p.Keep()
		p.Keep()
		require.NoError(t, p.Remove())
		assert.Equal(t, "data", readFile(t, fsys, p.Name()))
		target := filepath.Join(dir, "target")
		requirePersisted(t, p.Persist(target))
		assert.Equal(t, target, p.Name())
		require.NoError(t, p.Remove())
		assert.Equal(t, []string{"target"}, listDir(t, fsys, dir))
	})
}

// Persist moves the file into place and keeps the Path, so that a
// deferred Remove leaves it; a failed PersistNoClobber changes nothing.
func TestPathPersist(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		target := filepath.Join(dir, "target")
		writeFile(t, fsys, target, "old")

		p, _ := newPath(t, fsys, dir, "new")
		tmp := p.Name()
		err := p.PersistNoClobber(target)
		if errors.Is(err, errors.ErrUnsupported) {
			t.Logf("%s cannot rename without replacing", fsys.Name())
		} else {
			assert.ErrorIs(t, err, fs.ErrExist)
		}
		assert.Equal(t, tmp, p.Name())
		assert.Equal(t, "old", readFile(t, fsys, target))
		assert.Equal(t, "new", readFile(t, fsys, tmp))

		if runtime.GOOS == "windows" {
			requirePersisted(t, p.Persist(target)) // a mode is one read-only bit
		} else {
			require.NoError(t, p.Persist(target, tempfile.WithFileMode(0o640)))
			fi, err := fsys.Stat(target)
			require.NoError(t, err)
			assert.Equal(t, fs.FileMode(0o640), fi.Mode().Perm())
		}
		assert.Equal(t, target, p.Name())
		assert.Equal(t, "new", readFile(t, fsys, target))
		require.NoError(t, p.Remove(), "a persisted Path is kept")
		assert.Equal(t, []string{"target"}, listDir(t, fsys, dir))

		assert.ErrorIs(t, p.Persist(target, tempfile.WithKeep()), fs.ErrInvalid, "an option Persist does not take")

		q, _ := newPath(t, fsys, dir, "fresh")
		fresh := filepath.Join(dir, "fresh")
		err = q.PersistNoClobber(fresh)
		if errors.Is(err, errors.ErrUnsupported) {
			require.NoError(t, q.Remove())
		} else {
			require.NoError(t, err)
			assert.Equal(t, "fresh", readFile(t, fsys, fresh))
			require.NoError(t, fsys.Remove(fresh))
		}
		assert.Equal(t, []string{"target"}, listDir(t, fsys, dir))
	})
}

// Persist to another device copies into place and removes the original,
// as File.Persist does.
func TestPathPersistAcrossDevices(t *testing.T) {
	t.Parallel()
	fsys := newDevicesFS(t)
	p, _ := newPath(t, fsys, "/a", "moved across")
	writeFile(t, fsys, "/b/target", "old")
	require.NoError(t, p.Persist("/b/target"))
	assert.Equal(t, "/b/target", p.Name())
	assert.Equal(t, "moved across", readFile(t, fsys, "/b/target"))
	assert.Empty(t, listDir(t, fsys, "/a"))
	assert.Equal(t, []string{"target"}, listDir(t, fsys, "/b"))
	require.NoError(t, p.Remove())
	assert.True(t, exists(t, fsys, "/b/target"))

	// The Path knows the copy: Reopen checks against it.
	h, err := p.Reopen(os.O_RDONLY)
	require.NoError(t, err)
	b, err := io.ReadAll(h)
	require.NoError(t, err)
	assert.Equal(t, "moved across", string(b))
	require.NoError(t, h.Close())

	q, _ := newPath(t, fsys, "/a", "no clobber")
	assert.ErrorIs(t, q.PersistNoClobber("/b/target"), fs.ErrExist)
	assert.Equal(t, "moved across", readFile(t, fsys, "/b/target"))
	require.NoError(t, q.Remove())
	assert.Empty(t, listDir(t, fsys, "/a"))
}

// Path.Reopen checks identity as File.Reopen does.
func TestPathReopen(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		_, err = f.WriteString("data")
		require.NoError(t, err)
		known := identityKnown(t, f)
		p, err := f.CloseToPath()
		require.NoError(t, err)
		defer p.Remove()

		_, err = p.Reopen(os.O_RDWR | os.O_CREATE)
		assert.ErrorIs(t, err, fs.ErrInvalid)
		h, err := p.Reopen(os.O_RDONLY)
		if !known {
			assert.ErrorIs(t, err, errors.ErrUnsupported)
			return
		}
		require.NoError(t, err)
		b, err := io.ReadAll(h)
		require.NoError(t, err)
		assert.Equal(t, "data", string(b))
		require.NoError(t, h.Close())

		writeFile(t, fsys, filepath.Join(dir, "other"), "other")
		require.NoError(t, fsys.Rename(filepath.Join(dir, "other"), p.Name()))
		_, err = p.Reopen(os.O_RDWR | os.O_TRUNC)
		assert.ErrorIs(t, err, tempfile.ErrReplaced)
		assert.Equal(t, "other", readFile(t, fsys, p.Name()))
	})
}

// A name taken by another file, or by a symbolic link to one, is left
// alone by Remove, Persist and the Path's Reopen, which report
// ErrReplaced; where the filesystem gives no identity, Remove removes
// whatever has the name.
func TestPathReplaced(t *testing.T) {
	t.Parallel()
	for _, sw := range swaps {
		t.Run(sw.name, func(t *testing.T) {
			t.Parallel()
			forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
				if sw.symlinks {
					requireSymlinks(t, fsys, dir)
				}
				if sw.reuses {
					t.Skip("a file made after the Path's file is gone may reuse its inode number (see Path)")
				}
				f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
				require.NoError(t, err)
				known := identityKnown(t, f)
				p, err := f.CloseToPath()
				require.NoError(t, err)
				name := p.Name()
				other := sw.plant(t, fsys, dir, name)
				if !known {
					require.NoError(t, p.Remove())
					assert.False(t, exists(t, fsys, name), "without identity, whatever has the name is removed")
					return
				}
				target := filepath.Join(dir, "target")
				err = p.Persist(target)
				assert.ErrorIs(t, err, tempfile.ErrReplaced)
				var le *os.LinkError
				if assert.ErrorAs(t, err, &le) {
					assert.Equal(t, "persist", le.Op)
				}
				assert.ErrorIs(t, p.PersistNoClobber(target), tempfile.ErrReplaced)
				assert.False(t, exists(t, fsys, target), "nothing moved")

				err = p.Remove()
				assert.ErrorIs(t, err, tempfile.ErrReplaced)
				var pe *fs.PathError
				if assert.ErrorAs(t, err, &pe) {
					assert.Equal(t, "remove", pe.Op)
					assert.Equal(t, name, pe.Path)
				}
				assert.True(t, exists(t, fsys, name), "what took the name stays")
				assert.Equal(t, "other", readFile(t, fsys, other))
				assert.NoError(t, p.Remove(), "the Path is finished")
				assert.True(t, exists(t, fsys, name))
			})
		})
	}
}

// NewPath takes charge of an existing file, made absolute; directories,
// missing names and options it does not take are refused.
func TestNewPath(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.CreateTemp(fsys, dir, "")
		require.NoError(t, err)
		require.NoError(t, f.Close())
		p, err := tempfile.NewPath(fsys, f.Name())
		require.NoError(t, err)
		assert.Equal(t, f.Name(), p.Name())
		require.NoError(t, p.Remove())
		assert.Empty(t, listDir(t, fsys, dir))

		_, err = tempfile.NewPath(fsys, filepath.Join(dir, "missing"))
		assert.ErrorIs(t, err, fs.ErrNotExist)
		_, err = tempfile.NewPath(fsys, dir)
		assert.ErrorIs(t, err, fs.ErrInvalid)
		writeFile(t, fsys, filepath.Join(dir, "f"), "x")
		_, err = tempfile.NewPath(fsys, filepath.Join(dir, "f"), tempfile.WithKeep())
		assert.ErrorIs(t, err, fs.ErrInvalid)
		_, err = tempfile.NewPath(nil, filepath.Join(dir, "f"))
		assert.ErrorIs(t, err, fs.ErrInvalid)
		require.NoError(t, fsys.Remove(filepath.Join(dir, "f")))

		// A symbolic link is removed as itself, not its target.
		if runtime.GOOS == "windows" {
			return // links need a privilege, and Wine's are not usable
		}
		if errors.Is(vfs.Symlink(fsys, "target", filepath.Join(dir, "link")), errors.ErrUnsupported) {
			return
		}
		writeFile(t, fsys, filepath.Join(dir, "target"), "x")
		p, err = tempfile.NewPath(fsys, filepath.Join(dir, "link"))
		require.NoError(t, err)
		require.NoError(t, p.Remove())
		assert.Equal(t, []string{"target"}, listDir(t, fsys, dir))
	})
}

// A relative name is resolved against the filesystem's working directory
// once, so the Path keeps naming the file after a Chdir.
func TestNewPathRelative(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	require.NoError(t, fsys.MkdirAll("/work/sub", 0o755))
	require.NoError(t, fsys.Chdir("/work"))
	writeFile(t, fsys, "/work/rel", "x")
	p, err := tempfile.NewPath(fsys, "rel")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("/work", "rel"), p.Name())
	require.NoError(t, fsys.Chdir("/work/sub"))
	require.NoError(t, p.Remove())
	assert.False(t, exists(t, fsys, "/work/rel"))
}

// The zero Path is inert and reports ErrInvalid.
func TestPathZero(t *testing.T) {
	t.Parallel()
	var p tempfile.Path
	assert.Empty(t, p.Name())
	p.Keep()
	assert.ErrorIs(t, p.Remove(), fs.ErrInvalid)
	assert.ErrorIs(t, p.Persist("/x"), fs.ErrInvalid)
	assert.ErrorIs(t, p.PersistNoClobber("/x"), fs.ErrInvalid)
	_, err := p.Reopen(os.O_RDONLY)
	assert.ErrorIs(t, err, fs.ErrInvalid)
}

// A Path from a File made with WithSecureRemove overwrites the file
// before removing it: another link to it reads zeros.
func TestPathSecureRemove(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		p, _ := newPath(t, fsys, dir, "secret", tempfile.WithSecureRemove())
		if runtime.GOOS == "windows" {
			require.NoError(t, p.Remove())
			assert.False(t, exists(t, fsys, p.Name()))
			return // no other handle can watch: Windows cannot remove an open file
		}
		other, err := fsys.Open(p.Name())
		require.NoError(t, err)
		defer other.Close()
		require.NoError(t, p.Remove())
		assert.False(t, exists(t, fsys, p.Name()))
		if fsys.Name() == "MemMapFS" {
			return // a removed MemMapFs file keeps no data for old handles
		}
		b := make([]byte, 6)
		_, err = other.ReadAt(b, 0)
		require.NoError(t, err)
		assert.Equal(t, make([]byte, 6), b)
	})
}

// leakPaths makes Paths and drops them: one plain, one kept, one tracked.
//
//go:noinline
func leakPaths(t *testing.T, fsys vfs.Fs, dir string, tr *tempfile.Tracker) (plain, kept, tracked string) {
	p, _ := newPath(t, fsys, dir, "plain")
	k, _ := newPath(t, fsys, dir, "kept")
	k.Keep()
	tp, _ := newPath(t, fsys, dir, "tracked", tempfile.WithTracker(tr))
	return p.Name(), k.Name(), tp.Name()
}

// An unreachable Path that was neither removed, kept nor persisted is
// removed by the garbage collector, with or without a tracker; a tracked
// one is reported to the leak hook as a KindPath.
func TestPathFinalizer(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		var mu sync.Mutex
		var leaked []tempfile.Entry
		tr := tempfile.NewTracker(tempfile.WithLeakHook(func(e tempfile.Entry) {
			mu.Lock()
			leaked = append(leaked, e)
			mu.Unlock()
		}))
		plain, kept, tracked := leakPaths(t, fsys, dir, tr)
		gone := func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(leaked) == 1 && !exists(t, fsys, plain) && !exists(t, fsys, tracked)
		}
		for i := 0; i < 1000 && !gone(); i++ {
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
		require.True(t, gone(), "both unreachable Paths are removed and the tracked one reported")
		mu.Lock()
		assert.Equal(t, tempfile.KindPath, leaked[0].Kind)
		assert.Equal(t, tracked, leaked[0].Path)
		mu.Unlock()
		assert.Empty(t, tr.Live())
		assert.Equal(t, []string{filepath.Base(kept)}, listDir(t, fsys, dir), "only the kept file remains")
	})
}

// Paths removed, kept or persisted in time are never removed later or
// reported.
func TestPathFinalizerQuiet(t *testing.T) {
	t.Parallel()
	fsys, dir := backends[0].newFS(t)
	var reports int
	var mu sync.Mutex
	tr := tempfile.NewTracker(tempfile.WithLeakHook(func(tempfile.Entry) { mu.Lock(); reports++; mu.Unlock() }))
	target := filepath.Join(dir, "target")
	func() {
		p, _ := newPath(t, fsys, dir, "x", tempfile.WithTracker(tr))
		require.NoError(t, p.Remove())
		k, _ := newPath(t, fsys, dir, "x", tempfile.WithTracker(tr))
		k.Keep()
		writeFile(t, fsys, k.Name()+".again", "")
		require.NoError(t, fsys.Rename(k.Name()+".again", k.Name())) // replaced: a kept Path never checks
		q, _ := newPath(t, fsys, dir, "x", tempfile.WithTracker(tr))
		requirePersisted(t, q.Persist(target))
	}()
	for range 20 {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	assert.Zero(t, reports)
	mu.Unlock()
	assert.Len(t, listDir(t, fsys, dir), 2, "the kept file and the target")
	assert.True(t, exists(t, fsys, target))
}

// A tracked File's Path takes its place in the tracker until it is
// removed; CleanupAll removes a live Path's file.
func TestPathTracked(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		tr := tempfile.NewTracker()
		p, _ := newPath(t, fsys, dir, "x", tempfile.WithTracker(tr))
		live := tr.Live()
		require.Len(t, live, 1)
		assert.Equal(t, tempfile.KindPath, live[0].Kind)
		assert.Equal(t, p.Name(), live[0].Path)
		require.NoError(t, p.Remove())
		assert.Empty(t, tr.Live())

		q, _ := newPath(t, fsys, dir, "x", tempfile.WithTracker(tr))
		k, _ := newPath(t, fsys, dir, "x", tempfile.WithTracker(tr))
		k.Keep()
		assert.Len(t, tr.Live(), 1, "a kept Path is not listed")
		require.NoError(t, tr.CleanupAll())
		assert.Empty(t, tr.Live())
		assert.False(t, exists(t, fsys, q.Name()))
		assert.Equal(t, []string{filepath.Base(k.Name())}, listDir(t, fsys, dir))
		assert.NoError(t, q.Remove())

		// An attached tracker lists NewPath's Paths with no option.
		at := tempfile.NewTracker()
		detach, err := at.Attach(fsys)
		if err != nil {
			return // afero's OsFs cannot be told apart from another
		}
		defer detach()
		n, err := tempfile.NewPath(fsys, k.Name())
		require.NoError(t, err)
		require.Len(t, at.Live(), 1)
		assert.Equal(t, tempfile.KindPath, at.Live()[0].Kind)
		require.NoError(t, n.Remove())
		assert.Empty(t, at.Live())
		assert.Empty(t, listDir(t, fsys, dir))
	})
}
