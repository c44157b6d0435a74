package tempfile_test

import (
	"errors"
	"io"
	"io/fs"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/faultfs"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

func newPool(t *testing.T, fsys vfs.Fs, dir string, opts ...tempfile.Option) *tempfile.Pool {
	t.Helper()
	p, err := tempfile.NewPool(fsys, append([]tempfile.Option{tempfile.WithDir(dir)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { p.Close() })
	return p
}

func readAll(t *testing.T, f vfs.File) string {
	t.Helper()
	_, err := f.Seek(0, io.SeekStart)
	require.NoError(t, err)
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	return string(b)
}

// A file from Get is empty, private (nothing in the directory) and works;
// after Put it is reused, empty again, with its offset at 0.
func TestPoolGetPutReuse(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		p := newPool(t, fsys, dir)
		f, err := p.Get()
		require.NoError(t, err)
		fi, err := f.Stat()
		require.NoError(t, err)
		assert.Zero(t, fi.Size())
		if why := anonymousRefused(t, fsys, dir); why == "" {
			assert.Empty(t, listDir(t, fsys, dir), "a pooled file has no name")
		} else {
			t.Log(why)
		}
		_, err = f.WriteString("secret of the first user")
		require.NoError(t, err)
		assert.Equal(t, "secret of the first user", readAll(t, f))
		require.NoError(t, p.Put(f))
		assert.Equal(t, 1, p.Idle())

		g, err := p.Get()
		require.NoError(t, err)
		assert.Zero(t, p.Idle(), "the idle file was reused")
		off, err := g.Seek(0, io.SeekCurrent)
		require.NoError(t, err)
		assert.Zero(t, off)
		fi, err = g.Stat()
		require.NoError(t, err)
		assert.Zero(t, fi.Size(), "a reused file is empty")
		n, err := g.Read(make([]byte, 8))
		assert.Zero(t, n)
		assert.ErrorIs(t, err, io.EOF)
		require.NoError(t, p.Put(g))
	})
}

// A handle that was put back is dead: every method fails with
// fs.ErrClosed, and it cannot reach the file's next user.
func TestPoolPutInvalidatesHandle(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		p := newPool(t, fsys, dir)
		old, err := p.Get()
		require.NoError(t, err)
		require.NoError(t, p.Put(old))
		next, err := p.Get()
		require.NoError(t, err)
		_, err = next.WriteString("the next user's data")
		require.NoError(t, err)

		buf := make([]byte, 64)
		calls := map[string]error{}
		_, calls["Read"] = old.Read(buf)
		_, calls["ReadAt"] = old.ReadAt(buf, 0)
		_, calls["Write"] = old.Write([]byte("x"))
		_, calls["WriteAt"] = old.WriteAt([]byte("x"), 0)
		_, calls["WriteString"] = old.WriteString("x")
		_, calls["Seek"] = old.Seek(0, io.SeekStart)
		_, calls["Stat"] = old.Stat()
		calls["Sync"] = old.Sync()
		calls["Truncate"] = old.Truncate(0)
		_, calls["Readdir"] = old.Readdir(-1)
		_, calls["Readdirnames"] = old.Readdirnames(-1)
		calls["Close"] = old.Close()
		for name, err := range calls {
			assert.ErrorIs(t, err, fs.ErrClosed, name)
			var pe *fs.PathError
			assert.ErrorAs(t, err, &pe, name)
		}
		assert.Equal(t, "the next user's data", readAll(t, next), "the old handle changed nothing")
		require.NoError(t, p.Put(next))
	})
}

// Put of a foreign file, a file from another pool, or a file put back
// twice is an error matching fs.ErrInvalid that changes nothing.
func TestPoolPutRejectsForeignFiles(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		p := newPool(t, fsys, dir)
		other := newPool(t, fsys, dir)
		anon, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		defer anon.Close()
		theirs, err := other.Get()
		require.NoError(t, err)
		mine, err := p.Get()
		require.NoError(t, err)
		_, err = mine.WriteString("kept")
		require.NoError(t, err)

		assert.ErrorIs(t, p.Put(nil), fs.ErrInvalid)
		assert.ErrorIs(t, p.Put(anon), fs.ErrInvalid)
		assert.ErrorIs(t, p.Put(theirs), fs.ErrInvalid)
		assert.Equal(t, "kept", readAll(t, mine))
		_, err = theirs.WriteString("still mine")
		assert.NoError(t, err, "a rejected Put leaves the file usable")

		require.NoError(t, p.Put(mine))
		assert.ErrorIs(t, p.Put(mine), fs.ErrInvalid, "put twice")
		assert.Equal(t, 1, p.Idle())
		require.NoError(t, theirs.Close())
		assert.ErrorIs(t, other.Put(theirs), fs.ErrInvalid, "put after close")
	})
}

// The pool keeps at most WithMaxIdle files; Close closes them, Get after
// Close fails with fs.ErrClosed and Put after Close closes the file.
func TestPoolBoundAndClose(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		p, err := tempfile.NewPool(fsys, tempfile.WithDir(dir), tempfile.WithMaxIdle(2))
		require.NoError(t, err)
		var files []vfs.File
		for range 4 {
			f, err := p.Get()
			require.NoError(t, err)
			files = append(files, f)
		}
		for _, f := range files[:3] {
			require.NoError(t, p.Put(f))
		}
		assert.Equal(t, 2, p.Idle())
		require.NoError(t, p.Close())
		assert.Zero(t, p.Idle())
		assert.ErrorIs(t, p.Close(), fs.ErrClosed)
		_, err = p.Get()
		assert.ErrorIs(t, err, fs.ErrClosed)
		_, err = files[3].WriteString("handed out before Close")
		assert.NoError(t, err, "a handed-out file outlives Close")
		assert.NoError(t, p.Put(files[3]))
		assert.Zero(t, p.Idle())
		_, err = files[3].Stat()
		assert.ErrorIs(t, err, fs.ErrClosed)
		assert.Empty(t, listDir(t, fsys, dir))
	})
}

func TestPoolMaxIdleZero(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		p := newPool(t, fsys, dir, tempfile.WithMaxIdle(0))
		f, err := p.Get()
		require.NoError(t, err)
		require.NoError(t, p.Put(f))
		assert.Zero(t, p.Idle())
	})
}

func TestNewPoolRejectsBadOptions(t *testing.T) {
	t.Parallel()
	fsys, dir := backends[0].newFS(t)
	for name, opts := range map[string][]tempfile.Option{
		"negative max idle": {tempfile.WithMaxIdle(-1)},
		"max idle twice":    {tempfile.WithMaxIdle(1), tempfile.WithMaxIdle(2)},
		"keep":              {tempfile.WithKeep()},
		"nil tracker":       {tempfile.WithTracker(nil)},
		"bad prefix":        {tempfile.WithPrefix("../x")},
	} {
		p, err := tempfile.NewPool(fsys, append(opts, tempfile.WithDir(dir))...)
		if name == "bad prefix" {
			// The prefix is checked when a file is made.
			require.NoError(t, err, name)
			_, err = p.Get()
			p.Close()
		}
		assert.ErrorIs(t, err, fs.ErrInvalid, name)
	}
	for _, o := range []tempfile.Option{tempfile.WithMaxIdle(1)} {
		_, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), o)
		assert.ErrorIs(t, err, fs.ErrInvalid, "NewNamed does not take WithMaxIdle")
	}
	assert.Empty(t, listDir(t, fsys, dir))
}

// Many goroutines sharing a pool each see only their own data; run with
// -race.
func TestPoolConcurrent(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		p := newPool(t, fsys, dir, tempfile.WithMaxIdle(3))
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				want := strings.Repeat(string(rune('a'+g)), 100+g)
				for range 20 {
					f, err := p.Get()
					if err != nil {
						errs <- err
						return
					}
					if _, err := f.WriteString(want); err != nil {
						errs <- err
						return
					}
					got := make([]byte, len(want)+1)
					n, _ := f.ReadAt(got, 0)
					if string(got[:n]) != want {
						errs <- errors.New("saw another user's data: " + string(got[:n]))
						return
					}
					if err := p.Put(f); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			assert.NoError(t, err)
		}
		assert.LessOrEqual(t, p.Idle(), 3)
	})
}

// Using a handle while another goroutine puts it back: every call either
// works on the file before Put or fails with fs.ErrClosed.
func TestPoolPutRacesWithUse(t *testing.T) {
	t.Parallel()
	fsys, dir := backends[0].newFS(t)
	p := newPool(t, fsys, dir)
	for range 20 {
		f, err := p.Get()
		require.NoError(t, err)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if _, err := f.WriteString("x"); err != nil {
					assert.ErrorIs(t, err, fs.ErrClosed)
					return
				}
			}
		}()
		require.NoError(t, p.Put(f))
		wg.Wait()
		g, err := p.Get()
		require.NoError(t, err)
		fi, err := g.Stat()
		require.NoError(t, err)
		assert.Zero(t, fi.Size(), "no write landed after Put")
		require.NoError(t, p.Put(g))
	}
}

// Failures while emptying a returned file close it and report the error;
// nothing is left in the directory and the pool keeps working.
func TestPoolFaults(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		for _, tc := range []struct {
			name   string
			op     faultfs.Op
			secure bool
			putErr bool
		}{
			{"TruncateFails", faultfs.Truncate, false, true},
			{"WriteFailsSecure", faultfs.Write, true, true},
			{"SyncFailsSecure", faultfs.Sync, true, true},
			{"CloseFails", faultfs.Close, false, false},
			{"ChmodFails", faultfs.Chmod, false, false},
			{"RenameFails", faultfs.Rename, false, false},
		} {
			t.Run(b.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				base, dir := b.newFS(t)
				fsys := faultfs.New(base)
				opts := []tempfile.Option{tempfile.WithDir(dir), tempfile.WithMaxIdle(1)}
				if tc.secure {
					opts = append(opts, tempfile.WithSecureRemove())
				}
				p, err := tempfile.NewPool(fsys, opts...)
				require.NoError(t, err)
				f, err := p.Get()
				require.NoError(t, err)
				_, err = f.WriteString("data")
				require.NoError(t, err)
				fsys.FailFrom(tc.op, fsys.Calls(tc.op)+1, syscall.EIO)
				err = p.Put(f)
				if tc.putErr {
					assert.ErrorIs(t, err, syscall.EIO)
					assert.Zero(t, p.Idle(), "a file that could not be emptied is not reused")
				} else {
					assert.NoError(t, err)
				}
				fsys.Reset()
				g, err := p.Get()
				require.NoError(t, err)
				fi, err := g.Stat()
				require.NoError(t, err)
				assert.Zero(t, fi.Size())
				require.NoError(t, p.Put(g))
				fsys.FailFrom(tc.op, fsys.Calls(tc.op)+1, syscall.EIO)
				cerr := p.Close()
				// Idle files are empty: closing them has nothing to
				// overwrite or sync, only files to close.
				if tc.op == faultfs.Close {
					assert.ErrorIs(t, cerr, syscall.EIO)
				} else {
					assert.NoError(t, cerr)
				}
				assert.Empty(t, listDir(t, base, dir), "nothing is left behind")
			})
		}
	}
}
