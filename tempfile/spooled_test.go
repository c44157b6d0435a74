package tempfile_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/faultfs"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// spoolBackends are the backends the spooled file is checked on against
// an operating-system file: afero's MemMapFs is left out, since its files
// differ from the OS's (short ReadAt without an error, among others).
var spoolBackends = backends[:3]

func contents(t *testing.T, f io.ReaderAt, size int64) []byte {
	t.Helper()
	buf := make([]byte, size)
	n, err := f.ReadAt(buf, 0)
	if n < len(buf) {
		require.ErrorIs(t, err, io.EOF)
	}
	return buf[:n]
}

func errClass(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, io.EOF):
		return "EOF"
	case errors.Is(err, syscall.EINVAL), runtime.GOOS == "windows" && errors.Is(err, errNegativeSeek):
		return "EINVAL"
	default:
		return "other"
	}
}

// TestSpooledBehavesLikeAFile runs random operation sequences on a Spooled
// and on an operating-system file side by side, with a size limit small
// enough that the sequence crosses it, and compares every result.
func TestSpooledBehavesLikeAFile(t *testing.T) {
	t.Parallel()
	for _, b := range spoolBackends {
		for seed := range uint64(40) {
			t.Run(fmt.Sprintf("%s/seed%d", b.name, seed), func(t *testing.T) {
				t.Parallel()
				fsys, dir := b.newFS(t)
				rng := rand.New(rand.NewPCG(seed, 7))
				maxSize := int64(rng.IntN(300))
				s := newSpooled(t, fsys, dir, maxSize, nil)
				defer s.Close()
				ref, err := os.CreateTemp(t.TempDir(), "ref")
				require.NoError(t, err)
				defer ref.Close()

				for step := range 200 {
					var gotN, wantN int64
					var gotErr, wantErr error
					var op string
					switch rng.IntN(8) {
					case 0:
						p := randBytes(rng, rng.IntN(80))
						op = fmt.Sprintf("Write(%d)", len(p))
						n1, e1 := s.Write(p)
						n2, e2 := ref.Write(p)
						gotN, wantN, gotErr, wantErr = int64(n1), int64(n2), e1, e2
					case 1:
						p := randBytes(rng, rng.IntN(80))
						off := int64(rng.IntN(400))
						op = fmt.Sprintf("WriteAt(%d, %d)", len(p), off)
						n1, e1 := s.WriteAt(p, off)
						n2, e2 := ref.WriteAt(p, off)
						gotN, wantN, gotErr, wantErr = int64(n1), int64(n2), e1, e2
					case 2:
						n := rng.IntN(100)
						op = fmt.Sprintf("Read(%d)", n)
						p1, p2 := make([]byte, n), make([]byte, n)
						n1, e1 := s.Read(p1)
						n2, e2 := ref.Read(p2)
						gotN, wantN, gotErr, wantErr = int64(n1), int64(n2), e1, e2
						assert.Equal(t, p2[:n2], p1[:n1], "step %d %s: data", step, op)
					case 3:
						n, off := rng.IntN(100), int64(rng.IntN(400))
						op = fmt.Sprintf("ReadAt(%d, %d)", n, off)
						p1, p2 := make([]byte, n), make([]byte, n)
						n1, e1 := s.ReadAt(p1, off)
						n2, e2 := ref.ReadAt(p2, off)
						gotN, wantN, gotErr, wantErr = int64(n1), int64(n2), e1, e2
						assert.Equal(t, p2[:n2], p1[:n1], "step %d %s: data", step, op)
					case 4:
						whence := rng.IntN(3)
						off := int64(rng.IntN(500) - 150)
						op = fmt.Sprintf("Seek(%d, %d)", off, whence)
						gotN, gotErr = s.Seek(off, whence)
						wantN, wantErr = ref.Seek(off, whence)
						if wantErr != nil {
							// A failed seek leaves the offset alone on both.
							gotN, wantN = 0, 0
						}
					case 5:
						size := int64(rng.IntN(400))
						op = fmt.Sprintf("Truncate(%d)", size)
						gotErr, wantErr = s.Truncate(size), ref.Truncate(size)
					case 6:
						op = "Stat"
						fi1, e1 := s.Stat()
						fi2, e2 := ref.Stat()
						gotErr, wantErr = e1, e2
						if e1 == nil && e2 == nil {
							gotN, wantN = fi1.Size(), fi2.Size()
						}
					case 7:
						op = "Rollover"
						if rng.IntN(4) == 0 {
							gotErr = s.Rollover()
							assert.True(t, s.Rolled())
						}
					}
					require.Equal(t, errClass(wantErr), errClass(gotErr), "step %d %s: error %v vs %v", step, op, gotErr, wantErr)
					require.Equal(t, wantN, gotN, "step %d %s: result", step, op)

					fi, err := ref.Stat()
					require.NoError(t, err)
					require.Equal(t, contents(t, ref, fi.Size()), contents(t, s, fi.Size()+10), "step %d %s: contents", step, op)
					if !s.Rolled() && maxSize > 0 {
						require.LessOrEqual(t, fi.Size(), maxSize, "step %d %s: data past the limit is still in memory", step, op)
					}
				}
			})
		}
	}
}

func randBytes(rng *rand.Rand, n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte('a' + rng.IntN(26))
	}
	return p
}

func TestSpooledRollsOverOnTheWriteThatCrossesTheLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := newSpooled(t, osbackend.New(), dir, 10, nil)
	defer s.Close()

	_, err := s.Write([]byte("0123456789"))
	require.NoError(t, err)
	assert.False(t, s.Rolled(), "exactly maxSize stays in memory")
	assert.Equal(t, "", s.Name())
	fi, err := s.Stat()
	require.NoError(t, err)
	assert.EqualValues(t, 10, fi.Size())
	assert.Equal(t, fs.FileMode(0o600), fi.Mode())

	_, err = s.Write([]byte("a"))
	require.NoError(t, err)
	assert.True(t, s.Rolled())
	assert.NotEqual(t, "", s.Name())
	fi, err = s.Stat()
	require.NoError(t, err)
	assert.EqualValues(t, 11, fi.Size())
	assert.Equal(t, "0123456789a", string(contents(t, s, 11)))

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	if why := anonymousRefused(t, osbackend.New(), dir); why == "" {
		assert.Empty(t, entries, "the rolled-over file is anonymous")
	} else {
		assert.Len(t, entries, 1, "the rolled-over file is NewAnonymous's named file: %s", why)
	}
	require.NoError(t, s.Close())
	assert.ErrorIs(t, s.Close(), fs.ErrClosed)
}

func TestSpooledZeroMaxSizeNeverRollsOver(t *testing.T) {
	t.Parallel()
	s := newSpooled(t, osbackend.New(), t.TempDir(), 0, nil)
	defer s.Close()
	big := bytes.Repeat([]byte("x"), 3*tempfile.ChunkSize+5)
	_, err := s.Write(big)
	require.NoError(t, err)
	require.NoError(t, s.Truncate(5*tempfile.ChunkSize))
	assert.False(t, s.Rolled())
	got := contents(t, s, 5*tempfile.ChunkSize)
	assert.Equal(t, big, got[:len(big)])
	assert.Equal(t, make([]byte, len(got)-len(big)), got[len(big):], "growth reads as zeros")
}

// Memory reused from the chunk pool must never show its old contents.
func TestSpooledNeverShowsStaleChunkData(t *testing.T) {
	t.Parallel()
	fsys, dir := osbackend.New(), t.TempDir()
	for range 20 {
		s := newSpooled(t, fsys, dir, 0, nil)
		_, err := s.Write(bytes.Repeat([]byte{0xAA}, tempfile.ChunkSize+100))
		require.NoError(t, err)
		require.NoError(t, s.Close())
	}
	for _, shape := range []func(s *tempfile.Spooled) error{
		func(s *tempfile.Spooled) error { return s.Truncate(tempfile.ChunkSize + 50) },
		func(s *tempfile.Spooled) error { _, err := s.WriteAt([]byte("z"), tempfile.ChunkSize+49); return err },
		func(s *tempfile.Spooled) error {
			if _, err := s.Seek(tempfile.ChunkSize+49, io.SeekStart); err != nil {
				return err
			}
			_, err := s.Write([]byte("z"))
			return err
		},
		func(s *tempfile.Spooled) error {
			if _, err := s.Write(make([]byte, tempfile.ChunkSize+50)); err != nil {
				return err
			}
			if err := s.Truncate(10); err != nil {
				return err
			}
			return s.Truncate(tempfile.ChunkSize + 50)
		},
	} {
		s := newSpooled(t, fsys, dir, 0, nil)
		require.NoError(t, shape(s))
		got := contents(t, s, tempfile.ChunkSize+50)
		assert.NotContains(t, string(got), "\xAA")
		require.NoError(t, s.Close())
	}
}

func TestSpooledFailedRolloverLosesNothing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fault func(f *faultfs.FS)
	}{
		{"CreateFails", func(f *faultfs.FS) { f.FailFrom(faultfs.Open, 1, syscall.ENOSPC) }},
		{"DiskFullMidCopy", func(f *faultfs.FS) { f.LimitWrites(100) }},
		{"WriteFails", func(f *faultfs.FS) { f.FailFrom(faultfs.Write, 1, syscall.EIO) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			fsys := faultfs.New(osbackend.New())
			s := newSpooled(t, fsys, dir, 1000, nil)
			defer s.Close()
			data := bytes.Repeat([]byte("0123456789"), 100)
			_, err := s.Write(data)
			require.NoError(t, err)
			_, err = s.Seek(998, io.SeekStart)
			require.NoError(t, err)

			tc.fault(fsys)
			n, err := s.Write([]byte("more"))
			assert.Error(t, err)
			assert.Zero(t, n)
			assert.False(t, s.Rolled())
			assert.True(t, bytes.Equal(data, contents(t, s, 2000)), "every byte is still readable")
			off, err := s.Seek(0, io.SeekCurrent)
			require.NoError(t, err)
			assert.EqualValues(t, 998, off, "the offset is unchanged")

			assert.Error(t, s.Rollover())
			assert.Error(t, s.Truncate(5000))
			assert.True(t, bytes.Equal(data, contents(t, s, 2000)))
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "a failed rollover leaves no file")

			fsys.Reset()
			_, err = s.Write([]byte("more"))
			require.NoError(t, err)
			assert.True(t, s.Rolled())
			want := append(bytes.Clone(data[:998]), "more"...)
			assert.True(t, bytes.Equal(want, contents(t, s, 2000)), "the write lands after rollover")
		})
	}
}

func TestSpooledMemoryBudget(t *testing.T) {
	t.Parallel()
	budget, err := tempfile.NewMemoryBudget(100)
	require.NoError(t, err)
	fsys, dir := osbackend.New(), t.TempDir()

	a := newSpooled(t, fsys, dir, 0, budget)
	b := newSpooled(t, fsys, dir, 0, budget)
	_, err = a.Write(make([]byte, 80))
	require.NoError(t, err)
	assert.EqualValues(t, 80, budget.Used())
	_, err = b.Write(make([]byte, 30))
	require.NoError(t, err)
	assert.False(t, a.Rolled())
	assert.True(t, b.Rolled(), "past the shared budget, data goes to disk")
	assert.EqualValues(t, 80, budget.Used())

	require.NoError(t, a.Truncate(20))
	assert.EqualValues(t, 20, budget.Used(), "shrinking returns budget")
	require.NoError(t, a.Close())
	require.NoError(t, b.Close())
	assert.Zero(t, budget.Used())

	_, err = tempfile.NewMemoryBudget(-1)
	assert.ErrorIs(t, err, fs.ErrInvalid)
}

func TestSpooledClosedAndNotADirectory(t *testing.T) {
	t.Parallel()
	s := newSpooled(t, osbackend.New(), t.TempDir(), 0, nil)
	_, err := s.Readdir(-1)
	assert.ErrorIs(t, err, syscall.ENOTDIR)
	_, err = s.Readdirnames(-1)
	assert.ErrorIs(t, err, syscall.ENOTDIR)
	assert.NoError(t, s.Sync())
	require.NoError(t, s.Close())

	_, err = s.Write([]byte("x"))
	assert.ErrorIs(t, err, fs.ErrClosed)
	_, err = s.WriteAt([]byte("x"), 0)
	assert.ErrorIs(t, err, fs.ErrClosed)
	_, err = s.Read(make([]byte, 1))
	assert.ErrorIs(t, err, fs.ErrClosed)
	_, err = s.ReadAt(make([]byte, 1), 0)
	assert.ErrorIs(t, err, fs.ErrClosed)
	_, err = s.Seek(0, io.SeekStart)
	assert.ErrorIs(t, err, fs.ErrClosed)
	assert.ErrorIs(t, s.Truncate(0), fs.ErrClosed)
	_, err = s.Stat()
	assert.ErrorIs(t, err, fs.ErrClosed)
	assert.ErrorIs(t, s.Sync(), fs.ErrClosed)
	assert.ErrorIs(t, s.Rollover(), fs.ErrClosed)
	_, err = s.Readdir(-1)
	assert.ErrorIs(t, err, fs.ErrClosed)
}

func TestSpooledConcurrentUse(t *testing.T) {
	t.Parallel()
	s := newSpooled(t, osbackend.New(), t.TempDir(), 4096, nil)
	defer s.Close()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := bytes.Repeat([]byte{byte('a' + g)}, 100)
			for i := range 10 {
				_, err := s.WriteAt(p, int64((g*10+i)*100))
				assert.NoError(t, err)
				_, err = s.ReadAt(make([]byte, 50), int64(g*100))
				_ = err
			}
		}()
	}
	wg.Wait()
	assert.True(t, s.Rolled())
	got := contents(t, s, 8000)
	for g := range 8 {
		assert.Equal(t, bytes.Repeat([]byte{byte('a' + g)}, 1000), got[g*1000:(g+1)*1000])
	}
}

func TestSpooledRolloverDirMissing(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "missing")
	s := newSpooled(t, osbackend.New(), missing, 0, nil)
	defer s.Close()
	_, err := s.WriteString("kept")
	require.NoError(t, err)
	err = s.Rollover()
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Equal(t, "kept", string(contents(t, s, 10)))
}

// newSpooled returns a Spooled that rolls over into dir.
func newSpooled(t testing.TB, fsys vfs.Fs, dir string, maxSize int64, budget *tempfile.MemoryBudget) *tempfile.Spooled {
	t.Helper()
	opts := []tempfile.Option{tempfile.WithDir(dir)}
	if budget != nil {
		opts = append(opts, tempfile.WithMemoryBudget(budget))
	}
	s, err := tempfile.NewSpooled(fsys, maxSize, opts...)
	require.NoError(t, err)
	return s
}

func TestNewSpooledRejectsBadArguments(t *testing.T) {
	t.Parallel()
	fsys := osbackend.New()
	for name, call := range map[string]func() error{
		"NegativeMaxSize": func() error { _, err := tempfile.NewSpooled(fsys, -1); return err },
		"NilBudget":       func() error { _, err := tempfile.NewSpooled(fsys, 0, tempfile.WithMemoryBudget(nil)); return err },
		"KeepNotTaken":    func() error { _, err := tempfile.NewSpooled(fsys, 0, tempfile.WithKeep()); return err },
		"NoClobberNotTaken": func() error {
			_, err := tempfile.NewSpooled(fsys, 0, tempfile.WithNoClobber())
			return err
		},
	} {
		assert.ErrorIs(t, call(), fs.ErrInvalid, name)
	}
}

// Nothing touches the filesystem before rollover, so a spooled file that
// stays small needs no writable directory at all.
func TestSpooledInMemoryCreatesNothing(t *testing.T) {
	t.Parallel()
	fsys := faultfs.New(osbackend.New())
	s, err := tempfile.NewSpooled(fsys, 100, tempfile.WithDir("/nonexistent"))
	require.NoError(t, err)
	_, err = s.WriteString("small")
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.Zero(t, fsys.Calls(faultfs.Open))
	assert.Zero(t, fsys.Calls(faultfs.Write))
}

// A write whose end would overflow an int64 offset fails with EINVAL, as
// on Linux, writes nothing and leaves the data and offset as they were,
// whether the data is in memory or has rolled over.
func TestSpooledWritePastLargestOffset(t *testing.T) {
	t.Parallel()
	for _, b := range spoolBackends {
		for _, rolled := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/rolled=%v", b.name, rolled), func(t *testing.T) {
				t.Parallel()
				fsys, dir := b.newFS(t)
				for _, maxSize := range []int64{0, 1024} {
					s, err := tempfile.NewSpooled(fsys, maxSize, tempfile.WithDir(dir))
					require.NoError(t, err)
					defer s.Close()
					_, err = s.Write([]byte("data"))
					require.NoError(t, err)
					if rolled {
						require.NoError(t, s.Rollover())
					}

					var n int
					var pe *fs.PathError
					// A rolled-over file seeks as its backend does, and an
					// OS file refuses this offset.
					if _, err = s.Seek(math.MaxInt64, io.SeekStart); !rolled || err == nil {
						require.NoError(t, err)
						require.NotPanics(t, func() { n, err = s.Write([]byte("x")) })
						assert.Zero(t, n)
						assert.Error(t, err, "Write at the largest offset")
						if !rolled {
							assert.ErrorIs(t, err, syscall.EINVAL)
						}
						assert.ErrorAs(t, err, &pe)
					}

					require.NotPanics(t, func() { n, err = s.WriteAt([]byte("xy"), math.MaxInt64-1) })
					assert.Zero(t, n)
					assert.ErrorIs(t, err, syscall.EINVAL, "WriteAt ending past the largest offset")
					assert.ErrorAs(t, err, &pe)

					assert.Equal(t, rolled, s.Rolled())
					fi, err := s.Stat()
					require.NoError(t, err)
					assert.EqualValues(t, 4, fi.Size(), "nothing was written")
					assert.Equal(t, "data", string(contents(t, s, 4)))
				}
			})
		}
	}
}
