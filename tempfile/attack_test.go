package tempfile_test

import (
	"crypto/rand"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// TestAttackPlantedSymlink: an attacker plants a symbolic link at the name
// that will be tried next (forced here with the name source). Creation
// must skip it for the next name: the link is not followed, its target is
// neither created, written, truncated nor changed in mode.
func TestAttackPlantedSymlink(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		name   string
		create func(fsys vfs.Fs, dir string, src *names) (string, error)
	}{
		{"CreateTemp", func(fsys vfs.Fs, dir string, src *names) (string, error) {
			f, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithNameSource(src))
			if err != nil {
				return "", err
			}
			_, err = f.WriteString("victim")
			return f.Name(), joinErr(err, f.Close())
		}},
		{"NewNamed", func(fsys vfs.Fs, dir string, src *names) (string, error) {
			f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithNameSource(src), tempfile.WithKeep())
			if err != nil {
				return "", err
			}
			_, err = f.WriteString("victim")
			return f.Name(), joinErr(err, f.Close())
		}},
		{"MkdirTemp", func(fsys vfs.Fs, dir string, src *names) (string, error) {
			return tempfile.MkdirTemp(fsys, dir, "", tempfile.WithNameSource(src))
		}},
		{"NewDir", func(fsys vfs.Fs, dir string, src *names) (string, error) {
			d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithNameSource(src))
			if err != nil {
				return "", err
			}
			return d.Path(), nil
		}},
	}
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireSymlinks(t, fsys, dir)
		for _, k := range kinds {
			for _, dangling := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/dangling=%v", k.name, dangling), func(t *testing.T) {
					sub, err := tempfile.MkdirTemp(fsys, dir, "case")
					require.NoError(t, err)
					outside, err := tempfile.MkdirTemp(fsys, dir, "outside")
					require.NoError(t, err)
					target := filepath.Join(outside, "target")
					if !dangling {
						writeFile(t, fsys, target, "precious")
						require.NoError(t, fsys.Chmod(target, 0o644))
					}
					planted := filepath.Join(sub, "tmp"+rep('a'))
					require.NoError(t, vfs.Symlink(fsys, target, planted))

					src := newNames(rep('a'), rep('b'))
					got, err := k.create(fsys, sub, src)
					require.NoError(t, err)
					assert.Equal(t, filepath.Join(sub, "tmp"+rep('b')), got, "the next name is used")

					fi, err := vfs.Lstat(fsys, planted)
					require.NoError(t, err)
					assert.Equal(t, fs.ModeSymlink, fi.Mode().Type(), "the link is still a link")
					if dangling {
						_, err := fsys.Stat(target)
						assert.ErrorIs(t, err, fs.ErrNotExist, "the link's target was not created")
					} else {
						assert.Equal(t, "precious", readFile(t, fsys, target))
						fi, err := fsys.Stat(target)
						require.NoError(t, err)
						assert.Equal(t, fs.FileMode(0o644), fi.Mode().Perm())
					}
				})
			}
		}
	})
}

func joinErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// TestAttackPredictedNames: an attacker who saw earlier names pre-creates
// the names it guesses come next (neighbours of each seen name and a few
// hundred names of the right shape). Names carry 65 random bits, so every
// later creation still succeeds at a name of its own and nothing of the
// attacker's is touched.
func TestAttackPredictedNames(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		var seen []string
		for range 20 {
			f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
			require.NoError(t, err)
			seen = append(seen, filepath.Base(f.Name()))
			require.NoError(t, f.Close())
		}
		attacker := map[string]bool{}
		for _, s := range seen {
			// The first or the last random character changed.
			for _, i := range []int{3, len(s) - 1} {
				for _, c := range []byte(tempfile.Alphabet) {
					attacker[s[:i]+string(c)+s[i+1:]] = true
				}
			}
		}
		for len(attacker) < 20*2*32+300 {
			attacker["tmp"+strings.ToLower(rand.Text()[:13])] = true
		}
		for name := range attacker {
			writeFile(t, fsys, filepath.Join(dir, name), "attacker")
		}

		src := &countingReader{}
		for range 100 {
			f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithNameSource(src))
			require.NoError(t, err)
			assert.False(t, attacker[filepath.Base(f.Name())])
			_, err = f.WriteString("victim")
			require.NoError(t, err)
			require.NoError(t, f.Close())
		}
		assert.Equal(t, 100*13, src.n, "every name was free at the first try")
		left := listDir(t, fsys, dir)
		assert.Len(t, left, len(attacker))
		for _, name := range left {
			require.True(t, attacker[name])
			require.Equal(t, "attacker", readFile(t, fsys, filepath.Join(dir, name)))
		}
	})
}

// countingReader reads crypto/rand and counts the bytes read.
type countingReader struct {
	mu sync.Mutex
	n  int
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.mu.Lock()
	c.n += len(p)
	c.mu.Unlock()
	return rand.Read(p)
}

// TestAttackLongNames: a name too long for the filesystem is an error,
// returned after one try.
func TestAttackLongNames(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireStrictParents(t, fsys, dir) // MemMapFs has no length limit either
		src := &countingReader{}
		_, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithPrefix(strings.Repeat("p", 250)), tempfile.WithNameSource(src))
		assert.Error(t, err)
		assert.NotErrorIs(t, err, fs.ErrExist)
		assert.Equal(t, 13, src.n)
		_, err = tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithSuffix(strings.Repeat("s", 250)))
		assert.Error(t, err)
		assert.Empty(t, listDir(t, fsys, dir))
	})
}

// TestConcurrentNoCollision: many goroutines make named files at once;
// every name is distinct, every file holds what its creator wrote, and
// nothing is left behind. In memory: 1 000 goroutines x 100 files. On the
// OS backends: 50 x 20, because each create and remove costs tens of
// microseconds of kernel time on ext4 and the machine is shared; the
// uniqueness argument does not depend on the count. -short runs 100 x 100
// in memory.
func TestConcurrentNoCollision(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := b.newFS(t)
			goroutines, perG := 50, 20
			if !strings.HasPrefix(b.name, "osbackend") { // in memory
				goroutines, perG = 1000, 100
				if testing.Short() {
					goroutines = 100
				}
			}
			names := make([][]string, goroutines)
			errs := make(chan error, goroutines)
			var wg sync.WaitGroup
			for g := range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs <- func() error {
						for i := range perG {
							f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
							if err != nil {
								return err
							}
							want := fmt.Sprintf("%d/%d", g, i)
							if _, err := f.WriteString(want); err != nil {
								return err
							}
							got := make([]byte, len(want))
							if _, err := f.ReadAt(got, 0); err != nil {
								return err
							}
							if string(got) != want {
								return fmt.Errorf("%s holds %q, want %q", f.Name(), got, want)
							}
							names[g] = append(names[g], f.Name())
							if err := f.Close(); err != nil {
								return err
							}
						}
						return nil
					}()
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}
			seen := make(map[string]bool, goroutines*perG)
			for _, ns := range names {
				for _, n := range ns {
					require.False(t, seen[n], "name %s used twice", n)
					seen[n] = true
				}
			}
			assert.Len(t, seen, goroutines*perG)
			assert.Empty(t, listDir(t, fsys, dir), "nothing left behind")
		})
	}
}

// TestNoLeakedDescriptors counts the process's open descriptors around
// every constructor and its cleanup, error paths included (Linux only; not
// parallel, since other tests open descriptors).
func TestNoLeakedDescriptors(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("counts /proc/self/fd")
	}
	fsys, dir := backends[0].newFS(t)
	countFDs := func() int {
		ents, err := os.ReadDir("/proc/self/fd")
		require.NoError(t, err)
		return len(ents)
	}
	// Warm up whatever the runtime opens once.
	f, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(dir))
	require.NoError(t, err)
	require.NoError(t, f.Close())
	before := countFDs()
	for range 50 {
		f, err := tempfile.CreateTemp(fsys, dir, "")
		require.NoError(t, err)
		require.NoError(t, f.Close())
		require.NoError(t, fsys.Remove(f.Name()))

		n, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, n.Close())

		a, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, a.Close())

		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, d.WriteTree(map[string]string{"a/b/c": "x", "d/": ""}))
		require.NoError(t, d.Cleanup())

		p, err := tempfile.NewPool(fsys, tempfile.WithDir(dir), tempfile.WithMaxIdle(1), tempfile.WithSecureRemove())
		require.NoError(t, err)
		g1, err := p.Get()
		require.NoError(t, err)
		g2, err := p.Get()
		require.NoError(t, err)
		require.NoError(t, p.Put(g1))
		require.NoError(t, p.Put(g2)) // beyond the bound: closed
		g3, err := p.Get()
		require.NoError(t, err)
		require.NoError(t, g3.Close())
		g4, err := p.Get()
		require.NoError(t, err)
		require.NoError(t, p.Put(g4))
		require.NoError(t, p.Close())

		_, err = tempfile.CreateTemp(fsys, filepath.Join(dir, "missing"), "")
		require.Error(t, err)
		_, err = tempfile.NewAnonymous(fsys, tempfile.WithDir(filepath.Join(dir, "missing")))
		require.Error(t, err)
		_, err = tempfile.CreateTemp(fsys, dir, "../x")
		require.Error(t, err)
	}
	// Descriptors that other code in the process (a child process's pipes
	// from an earlier test, the runtime) closes on its own schedule may be
	// open for a moment: allow them time to go, never a surplus that stays.
	assert.Eventually(t, func() bool { return countFDs() <= before }, 5*time.Second, 10*time.Millisecond,
		"descriptors before: %d, after: %d", before, countFDs())
	assert.Empty(t, listDir(t, fsys, dir))
}
