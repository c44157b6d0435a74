package tempfile_test

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// A swap attack on Dir.Cleanup: an attacker running as the same user
// replaces a directory of the tree with a symbolic link to a directory
// outside it while Cleanup runs. Nothing outside may be opened, changed or
// removed.

// attackBackend is a filesystem with a work directory and a directory
// outside it, both empty.
type attackBackend struct {
	name  string
	newFS func(t *testing.T) (fsys vfs.Fs, work, outside string)
}

// attackBackends have symbolic links and vfs.RemoveTreeFS.
var attackBackends = []attackBackend{
	{"osbackend", func(t *testing.T) (vfs.Fs, string, string) {
		return osbackend.New(), t.TempDir(), t.TempDir()
	}},
	{"membackend", func(t *testing.T) (vfs.Fs, string, string) {
		fsys := membackend.New()
		require.NoError(t, fsys.Mkdir("/outside", 0o755))
		return fsys, "/tmp", "/outside"
	}},
	{"membackend-user", func(t *testing.T) (vfs.Fs, string, string) {
		// An emulated user who is not root, so that permissions hold.
		fsys := membackend.New(membackend.WithUser(1000, 1000))
		require.NoError(t, fsys.Mkdir("/tmp/work", 0o700))
		require.NoError(t, fsys.Mkdir("/tmp/outside", 0o755))
		return fsys, "/tmp/work", "/tmp/outside"
	}},
}

// outsideState is what a test records of the outside directory.
type outsideState map[string]string

// fillOutside puts 60 files of distinct contents and modes, and a
// read-only directory, in outside, and returns what is there.
func fillOutside(t *testing.T, fsys vfs.Fs, outside string) outsideState {
	t.Helper()
	for i := range 60 {
		p := filepath.Join(outside, fmt.Sprintf("f%02d", i))
		require.NoError(t, afero.WriteFile(fsys, p, []byte(fmt.Sprintf("outside file %d\n", i)), 0o600))
		require.NoError(t, fsys.Chmod(p, fs.FileMode(0o400+i%4*0o20)))
	}
	require.NoError(t, fsys.Mkdir(filepath.Join(outside, "rodir"), 0o700))
	writeFile(t, fsys, filepath.Join(outside, "rodir", "kept"), "kept")
	require.NoError(t, fsys.Chmod(filepath.Join(outside, "rodir"), 0o500))
	require.NoError(t, fsys.Chmod(outside, 0o555))
	return snapshotOutside(t, fsys, outside)
}

// snapshotOutside records every entry below outside with its mode, and
// the contents of files.
func snapshotOutside(t *testing.T, fsys vfs.Fs, outside string) outsideState {
	t.Helper()
	s := outsideState{}
	var walk func(p string)
	walk = func(p string) {
		fi, err := vfs.Lstat(fsys, p)
		require.NoError(t, err)
		rel, err := filepath.Rel(outside, p)
		require.NoError(t, err)
		s[rel] = fi.Mode().String()
		if fi.Mode().IsRegular() {
			b, err := afero.ReadFile(fsys, p)
			require.NoError(t, err)
			s[rel] += " " + string(b)
		}
		if fi.IsDir() {
			for _, n := range listDir(t, fsys, p) {
				walk(filepath.Join(p, n))
			}
		}
	}
	walk(outside)
	return s
}

// assertOutsideIntact checks that outside holds what it held, byte for
// byte and mode for mode, and nothing else.
func assertOutsideIntact(t *testing.T, fsys vfs.Fs, outside string, want outsideState) {
	t.Helper()
	got := snapshotOutside(t, fsys, outside)
	assert.Len(t, got, 63, "outside itself, 60 files, rodir and rodir/kept")
	assert.Equal(t, want, got, "nothing outside the tree is changed or removed")
}

// restoreOutside makes outside removable again for the test's cleanup.
func restoreOutside(t *testing.T, fsys vfs.Fs, outside string) {
	t.Cleanup(func() {
		_ = fsys.Chmod(outside, 0o755)
		_ = fsys.Chmod(filepath.Join(outside, "rodir"), 0o755)
	})
}

// swapFS swaps directory target for a symbolic link to outside at the
// first Open of target, as an attacker racing the walk would. It offers
// symbolic links but not vfs.RemoveTreeFS, whatever its base has.
type swapFS struct {
	vfs.Fs
	target, outside string
	swapped         atomic.Bool
	err             error // of the swap
}

func (s *swapFS) Open(name string) (vfs.File, error) {
	if name == s.target && s.swapped.CompareAndSwap(false, true) {
		s.err = errors.Join(
			s.Fs.Rename(s.target, s.target+"-moved"),
			vfs.Symlink(s.Fs, s.outside, s.target))
	}
	return s.Fs.Open(name)
}

func (s *swapFS) LstatIfPossible(name string) (fs.FileInfo, bool, error) {
	fi, err := vfs.Lstat(s.Fs, name)
	return fi, true, err
}

func (s *swapFS) SymlinkIfPossible(oldname, newname string) error {
	return vfs.Symlink(s.Fs, oldname, newname)
}

func (s *swapFS) ReadlinkIfPossible(name string) (string, error) {
	return vfs.Readlink(s.Fs, name)
}

func (s *swapFS) CreateExclusive(name string, perm fs.FileMode) (vfs.File, error) {
	return vfs.CreateExclusive(s.Fs, name, perm)
}

// failingTreeFS is a swapFS whose RemoveTree fails with ENOTDIR, as
// os.RemoveAll did when an entry was swapped for a link under it.
type failingTreeFS struct{ *swapFS }

func (f failingTreeFS) RemoveTree(name string) error {
	return &fs.PathError{Op: "unlinkat", Path: name, Err: syscall.ENOTDIR}
}

var _ vfs.RemoveTreeFS = failingTreeFS{}

// buildSwapTree makes d/ro/sub/x in a new Dir, with d/ro read-only, and
// returns the Dir and the path of sub.
func buildSwapTree(t *testing.T, fsys vfs.Fs, work string) (*tempfile.Dir, string) {
	t.Helper()
	d, err := tempfile.NewDir(fsys, tempfile.WithDir(work))
	require.NoError(t, err)
	require.NoError(t, d.WriteFile("ro/sub/x", []byte("x")))
	require.NoError(t, d.WriteFile("ro/sub/deeper/y", []byte("y")))
	ro, err := d.Join("ro")
	require.NoError(t, err)
	sub, err := d.Join("ro/sub")
	require.NoError(t, err)
	require.NoError(t, fsys.Chmod(ro, 0o500))
	return d, sub
}

// TestAttackCleanupSwapAtOpen: the deterministic swap. When the
// race-free removal fails, Cleanup reports it and walks nothing; without
// the race-free removal, the walk sees that what it opened is not the
// directory it looked at.
func TestAttackCleanupSwapAtOpen(t *testing.T) {
	t.Parallel()
	for _, b := range attackBackends {
		for _, removeTreeFails := range []bool{true, false} {
			name := b.name + "/walk"
			if removeTreeFails {
				name = b.name + "/removetree-fails"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				base, work, outside := b.newFS(t)
				requireSymlinks(t, base, work)
				requireRemoveTree(t, base, work)
				want := fillOutside(t, base, outside)
				restoreOutside(t, base, outside)
				s := &swapFS{Fs: base, outside: outside}
				var fsys vfs.Fs = s
				if removeTreeFails {
					fsys = failingTreeFS{s}
				}
				d, sub := buildSwapTree(t, fsys, work)
				s.target = sub

				err := d.Cleanup()
				require.NoError(t, s.err, "the swap")
				assertOutsideIntact(t, base, outside, want)
				if removeTreeFails {
					assert.ErrorIs(t, err, syscall.ENOTDIR, "the race-free removal's error is reported")
					assert.False(t, s.swapped.Load(), "no walk by path after the race-free removal failed")
					_, lerr := vfs.Lstat(base, d.Path())
					assert.NoError(t, lerr, "the tree is left for another try")
					require.NoError(t, vfs.RemoveTree(base, d.Path()), "the real RemoveTree removes it")
					return
				}
				assert.True(t, s.swapped.Load(), "the walk opened the directory that was swapped")
				if err == nil {
					_, lerr := vfs.Lstat(base, d.Path())
					assert.ErrorIs(t, lerr, fs.ErrNotExist, "a Cleanup that returns nil removed the tree")
				}
			})
		}
	}
}

// TestAttackCleanupSwapRace: a goroutine swaps a subdirectory of the tree
// for a link to outside, and back, for two seconds while Cleanup after
// Cleanup runs. Nothing outside changes.
func TestAttackCleanupSwapRace(t *testing.T) {
	t.Parallel()
	for _, b := range attackBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fsys, work, outside := b.newFS(t)
			requireSymlinks(t, fsys, work)
			want := fillOutside(t, fsys, outside)
			restoreOutside(t, fsys, outside)
			deadline := time.Now().Add(2 * time.Second)
			rounds, swaps := 0, 0
			for time.Now().Before(deadline) {
				d, sub := buildSwapTree(t, fsys, work)
				ro := filepath.Dir(sub)
				require.NoError(t, fsys.Chmod(ro, 0o700)) // the attacker renames in it
				require.NoError(t, fsys.Chmod(sub, 0o500))
				hold := filepath.Join(ro, "hold")
				stop, swapped := make(chan struct{}), make(chan struct{})
				var once sync.Once
				var wg sync.WaitGroup
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer once.Do(func() { close(swapped) })
					for tries := 0; ; tries++ {
						select {
						case <-stop:
							return
						default:
						}
						if fsys.Rename(sub, hold) != nil {
							if tries == 1000 {
								once.Do(func() { close(swapped) }) // no swap to wait for
							}
							continue
						}
						if vfs.Symlink(fsys, outside, sub) == nil {
							swaps++
						}
						_ = fsys.Remove(sub)
						_ = fsys.Rename(hold, sub)
						once.Do(func() { close(swapped) })
					}
				}()
				<-swapped // Cleanup starts while the swaps go on
				err := d.Cleanup()
				close(stop)
				wg.Wait()
				rounds++
				if err != nil {
					// The attacker may win every try at an entry; whatever
					// is left goes once it stops.
					require.NoError(t, d.Cleanup(), "after the attack: %v", err)
				}
				_, lerr := vfs.Lstat(fsys, d.Path())
				require.ErrorIs(t, lerr, fs.ErrNotExist)
			}
			assertOutsideIntact(t, fsys, outside, want)
			t.Logf("%d rounds, %d swaps", rounds, swaps)
			require.Positive(t, swaps, "the attacker got to swap")
		})
	}
}
