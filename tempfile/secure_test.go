package tempfile_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/faultfs"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// secret is more than one overwrite chunk (64 KiB) of non-zero bytes.
var secret = bytes.Repeat([]byte("top secret "), 20000)

// zeroCountFS counts the zero bytes written through its files at an
// offset (WriteAt), which is how an overwrite writes.
type zeroCountFS struct {
	vfs.Fs
	zeros atomic.Int64
}

type zeroCountFile struct {
	vfs.File
	fsys *zeroCountFS
}

func (z *zeroCountFS) OpenFile(name string, flag int, perm os.FileMode) (vfs.File, error) {
	f, err := z.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &zeroCountFile{f, z}, nil
}

func (f *zeroCountFile) WriteAt(p []byte, off int64) (int, error) {
	n, err := f.File.WriteAt(p, off)
	if !bytes.ContainsFunc(p[:n], func(r rune) bool { return r != 0 }) {
		f.fsys.zeros.Add(int64(n))
	}
	return n, err
}

// The overwrite goes through the file itself: a second link to it reads
// zeros after Close, over the file's whole length.
func TestSecureRemoveNamedOverwrites(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		for _, remove := range []bool{false, true} {
			f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithSecureRemove())
			require.NoError(t, err)
			_, err = f.Write(secret)
			require.NoError(t, err)
			witness := filepath.Join(dir, "witness")
			if err := vfs.Link(fsys, f.Name(), witness); errors.Is(err, errors.ErrUnsupported) {
				f.Close()
				t.Skipf("%s has no hard links", fsys.Name())
			} else {
				require.NoError(t, err)
			}
			if remove {
				require.NoError(t, f.Remove())
			} else {
				require.NoError(t, f.Close())
			}
			got := []byte(readFile(t, fsys, witness))
			assert.Len(t, got, len(secret))
			assert.Equal(t, -1, bytes.IndexFunc(got, func(r rune) bool { return r != 0 }), "every byte is zero")
			assert.Equal(t, []string{"witness"}, listDir(t, fsys, dir), "the temp name is gone")
			require.NoError(t, fsys.Remove(witness))
		}
	})
}

// A kept or persisted file is left alone: only what is being removed is
// overwritten.
func TestSecureRemoveLeavesKeptFiles(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireRenameOpen(t, fsys, dir)
		kept, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithSecureRemove(), tempfile.WithKeep())
		require.NoError(t, err)
		_, err = kept.Write(secret)
		require.NoError(t, err)
		require.NoError(t, kept.Close())
		assert.Equal(t, string(secret), readFile(t, fsys, kept.Name()))

		p, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithSecureRemove())
		require.NoError(t, err)
		_, err = p.Write(secret)
		require.NoError(t, err)
		target := filepath.Join(dir, "target")
		require.NoError(t, p.Persist(target))
		require.NoError(t, p.Close())
		assert.Equal(t, string(secret), readFile(t, fsys, target))
	})
}

// Counting the zero bytes written: a named file, a rolled-over spooled
// file and pooled files (on Put and when closed) are overwritten in full;
// without the option nothing is.
func TestSecureRemoveWritesZeros(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, base vfs.Fs, dir string) {
		n := int64(len(secret))
		for _, tc := range []struct {
			name string
			run  func(fsys vfs.Fs, opts ...tempfile.Option) error
		}{
			{"Named", func(fsys vfs.Fs, opts ...tempfile.Option) error {
				f, err := tempfile.NewNamed(fsys, opts...)
				if err != nil {
					return err
				}
				_, err = f.Write(secret)
				return errors.Join(err, f.Close())
			}},
			{"Spooled", func(fsys vfs.Fs, opts ...tempfile.Option) error {
				s, err := tempfile.NewSpooled(fsys, 1024, opts...)
				if err != nil {
					return err
				}
				_, err = s.Write(secret)
				if err == nil && !s.Rolled() {
					err = errors.New("not rolled over")
				}
				return errors.Join(err, s.Close())
			}},
			{"PoolPut", func(fsys vfs.Fs, opts ...tempfile.Option) error {
				p, err := tempfile.NewPool(fsys, opts...)
				if err != nil {
					return err
				}
				f, err := p.Get()
				if err != nil {
					return err
				}
				_, err = f.Write(secret)
				return errors.Join(err, p.Put(f), p.Close())
			}},
			{"PoolHandleClose", func(fsys vfs.Fs, opts ...tempfile.Option) error {
				p, err := tempfile.NewPool(fsys, opts...)
				if err != nil {
					return err
				}
				f, err := p.Get()
				if err != nil {
					return err
				}
				_, err = f.Write(secret)
				return errors.Join(err, f.Close(), p.Close())
			}},
		} {
			for _, secure := range []bool{false, true} {
				fsys := &zeroCountFS{Fs: base}
				opts := []tempfile.Option{tempfile.WithDir(dir)}
				if secure {
					opts = append(opts, tempfile.WithSecureRemove())
				}
				require.NoError(t, tc.run(fsys, opts...), tc.name)
				want := int64(0)
				if secure {
					want = n
				}
				assert.Equal(t, want, fsys.zeros.Load(), "%s secure=%v", tc.name, secure)
				assert.Empty(t, listDir(t, base, dir), tc.name)
			}
		}
	})
}

// A failed overwrite does not stop the removal: the error is returned and
// the file is gone.
func TestSecureRemoveFaults(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		for _, op := range []faultfs.Op{faultfs.Write, faultfs.Sync, faultfs.Close, faultfs.Remove} {
			t.Run(b.name+"/"+string(op), func(t *testing.T) {
				t.Parallel()
				base, dir := b.newFS(t)
				fsys := faultfs.New(base)
				f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithSecureRemove())
				require.NoError(t, err)
				_, err = f.Write(secret)
				require.NoError(t, err)
				fsys.FailFrom(op, fsys.Calls(op)+1, syscall.EIO)
				err = f.Close()
				assert.ErrorIs(t, err, syscall.EIO)
				if op == faultfs.Remove {
					// The one failure that leaves the file: the removal itself.
					// It has been overwritten, and Remove tries again.
					assert.Equal(t, make([]byte, len(secret)), []byte(readFile(t, base, f.Name())))
					fsys.Reset()
					require.NoError(t, f.Remove())
				}
				assert.Empty(t, listDir(t, base, dir))
				assert.ErrorIs(t, f.Close(), fs.ErrClosed)
			})
		}
	}
}

// Persist and PersistNoClobber under faults: either the target has the
// complete new data and no temp file remains, or the call failed, the
// target is as it was and, once the file is closed, no temp file
// remains.
func TestPersistFaults(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		for _, noClobber := range []bool{false, true} {
			for _, op := range []faultfs.Op{faultfs.Write, faultfs.Sync, faultfs.Rename, faultfs.Close, faultfs.Chmod} {
				for _, after := range []int{1, 2} {
					name := b.name + "/" + map[bool]string{false: "Persist", true: "PersistNoClobber"}[noClobber] + "/" + string(op) + "/" + string(rune('0'+after))
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						base, dir := b.newFS(t)
						requireRenameOpen(t, base, dir)
						fsys := faultfs.New(base)
						target := filepath.Join(dir, "target")
						var old []string
						if !noClobber {
							writeFile(t, base, target, "old content")
							old = []string{"target"}
						}
						f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
						require.NoError(t, err)
						fsys.FailFrom(op, fsys.Calls(op)+after, syscall.EIO)
						var perr error
						_, werr := f.Write([]byte("new "))
						if werr == nil {
							_, werr = f.Write([]byte("content"))
						}
						if werr == nil {
							if noClobber {
								perr = f.PersistNoClobber(target)
							} else {
								perr = f.Persist(target)
							}
						}
						_ = f.Close()
						switch {
						case werr == nil && perr == nil:
							assert.Equal(t, "new content", readFile(t, base, target))
							assert.Equal(t, []string{"target"}, listDir(t, base, dir))
						case perr != nil && errors.Is(perr, errors.ErrUnsupported), perr != nil && errors.Is(perr, syscall.EIO) && f.Name() != target, werr != nil:
							if !noClobber {
								assert.Equal(t, "old content", readFile(t, base, target))
							}
							assert.Equal(t, old, nilIfEmpty(listDir(t, base, dir)), "no temp file remains")
						default:
							// Only the directory sync failed: the file is in place.
							assert.ErrorIs(t, perr, syscall.EIO)
							assert.Equal(t, "new content", readFile(t, base, target))
							assert.Equal(t, []string{"target"}, listDir(t, base, dir))
						}
					})
				}
			}
		}
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// Shrinking a file with WithSecureRemove overwrites the bytes cut off, so
// that the final overwrite, which covers only the remaining size, misses
// nothing.
func TestSecureRemoveTruncate(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, base vfs.Fs, dir string) {
		n := int64(len(secret))
		fsys := &zeroCountFS{Fs: base}
		opts := []tempfile.Option{tempfile.WithDir(dir), tempfile.WithSecureRemove()}

		f, err := tempfile.NewNamed(fsys, opts...)
		require.NoError(t, err)
		_, err = f.Write(secret)
		require.NoError(t, err)
		require.NoError(t, f.Truncate(100))
		assert.Equal(t, n-100, fsys.zeros.Load())
		assert.Equal(t, string(secret[:100]), readFile(t, base, f.Name()), "what stays is intact")
		require.NoError(t, f.Close())
		assert.Equal(t, n, fsys.zeros.Load())

		fsys.zeros.Store(0)
		s, err := tempfile.NewSpooled(fsys, 0, opts...)
		require.NoError(t, err)
		_, err = s.Write(secret)
		require.NoError(t, err)
		require.NoError(t, s.Rollover())
		require.NoError(t, s.Truncate(100))
		assert.Equal(t, n-100, fsys.zeros.Load())
		require.NoError(t, s.Close())
		assert.Equal(t, n, fsys.zeros.Load())

		fsys.zeros.Store(0)
		p, err := tempfile.NewPool(fsys, opts...)
		require.NoError(t, err)
		pf, err := p.Get()
		require.NoError(t, err)
		_, err = pf.Write(secret)
		require.NoError(t, err)
		require.NoError(t, pf.Truncate(100))
		assert.Equal(t, n-100, fsys.zeros.Load())
		require.NoError(t, p.Put(pf))
		assert.Equal(t, n, fsys.zeros.Load())
		require.NoError(t, p.Close())
		assert.Empty(t, listDir(t, base, dir))
	})
}

// waitForLeak runs the garbage collector until the leak hook reports on
// reported, and returns the Entry.
func waitForLeak(t *testing.T, reported <-chan tempfile.Entry) tempfile.Entry {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		runtime.GC()
		select {
		case e := <-reported:
			return e
		case <-deadline:
			require.FailNow(t, "the leaked object was never reported")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// A tracked file dropped without Close is overwritten before the tracker
// lets it go, as Close would overwrite it: a second link to a named file
// reads zeros, and every byte of a rolled-over spooled file is
// overwritten. A kept named file is left alone.
func TestSecureRemoveLeakedFiles(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, base vfs.Fs, dir string) {
		for _, tc := range []struct {
			name string
			keep bool
			make func(fsys vfs.Fs, opts ...tempfile.Option) (name string)
		}{
			{"Named", false, func(fsys vfs.Fs, opts ...tempfile.Option) string {
				f, err := tempfile.NewNamed(fsys, opts...)
				require.NoError(t, err)
				_, err = f.Write(secret)
				require.NoError(t, err)
				return f.Name()
			}},
			{"NamedKept", true, func(fsys vfs.Fs, opts ...tempfile.Option) string {
				f, err := tempfile.NewNamed(fsys, append(opts, tempfile.WithKeep())...)
				require.NoError(t, err)
				_, err = f.Write(secret)
				require.NoError(t, err)
				return f.Name()
			}},
			{"Spooled", false, func(fsys vfs.Fs, opts ...tempfile.Option) string {
				s, err := tempfile.NewSpooled(fsys, 1024, opts...)
				require.NoError(t, err)
				_, err = s.Write(secret)
				require.NoError(t, err)
				require.True(t, s.Rolled())
				return ""
			}},
		} {
			fsys := &zeroCountFS{Fs: base}
			reported := make(chan tempfile.Entry, 1)
			tr := tempfile.NewTracker(tempfile.WithLeakHook(func(e tempfile.Entry) { reported <- e }))
			witness := filepath.Join(dir, "witness")
			linked := false
			var name string
			func() {
				name = tc.make(fsys, tempfile.WithDir(dir), tempfile.WithSecureRemove(), tempfile.WithTracker(tr))
				if name != "" {
					err := vfs.Link(base, name, witness)
					if !errors.Is(err, errors.ErrUnsupported) {
						require.NoError(t, err, tc.name)
						linked = true
					}
				}
			}() // dropped without Close
			waitForLeak(t, reported)

			if tc.keep {
				assert.Zero(t, fsys.zeros.Load(), "%s: a kept file is not overwritten", tc.name)
			} else {
				assert.Equal(t, int64(len(secret)), fsys.zeros.Load(), "%s: every byte is overwritten", tc.name)
			}
			if name != "" {
				_, err := base.Stat(name)
				if tc.keep {
					assert.NoError(t, err, "%s: a kept file stays", tc.name)
				} else {
					assert.ErrorIs(t, err, fs.ErrNotExist, "%s: the temp name is gone", tc.name)
				}
			}
			if linked {
				got := []byte(readFile(t, base, witness))
				assert.Len(t, got, len(secret), tc.name)
				allZero := !bytes.ContainsFunc(got, func(r rune) bool { return r != 0 })
				assert.Equal(t, !tc.keep, allZero, "%s: the other link reads zeros unless the file is kept", tc.name)
			}
			for _, name := range listDir(t, base, dir) {
				require.NoError(t, base.Remove(filepath.Join(dir, name)))
			}
		}
	})
}
