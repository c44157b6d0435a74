//go:build unix

package unixat

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// outside makes a directory of 20 files outside the tree and returns it
// and a function that checks it is as it was.
func outside(t *testing.T) (string, func()) {
	t.Helper()
	dir := t.TempDir()
	for i := range 20 {
		p := filepath.Join(dir, fmt.Sprintf("f%02d", i))
		require.NoError(t, os.WriteFile(p, []byte(strconv.Itoa(i)), 0o600))
		require.NoError(t, os.Chmod(p, fs.FileMode(0o400+i%4*0o20)))
	}
	require.NoError(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	snap := func() map[string]string {
		m := map[string]string{}
		fi, err := os.Lstat(dir)
		require.NoError(t, err)
		m["."] = fi.Mode().String()
		ents, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range ents {
			p := filepath.Join(dir, e.Name())
			fi, err := os.Lstat(p)
			require.NoError(t, err)
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			m[e.Name()] = fi.Mode().String() + " " + string(b)
		}
		return m
	}
	want := snap()
	require.Len(t, want, 21)
	return dir, func() {
		t.Helper()
		assert.Equal(t, want, snap(), "nothing outside the tree changes")
	}
}

// tree makes top/a/sub/{x,deeper/y} and returns top.
func tree(t *testing.T) string {
	t.Helper()
	top := filepath.Join(t.TempDir(), "top")
	require.NoError(t, os.MkdirAll(filepath.Join(top, "a", "sub", "deeper"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(top, "a", "sub", "x"), []byte("x"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(top, "a", "sub", "deeper", "y"), []byte("y"), 0o600))
	return top
}

// setHook sets a test hook for the length of the test.
func setHook(t *testing.T, hook *func(int, string), f func(int, string)) {
	*hook = f
	t.Cleanup(func() { *hook = nil })
}

// swapAt replaces the entry base of dfd with a symbolic link to target,
// moving the directory aside in the same parent.
func swapAt(t *testing.T, dfd int, base, target string) {
	t.Helper()
	require.NoError(t, unix.Renameat(dfd, base, dfd, base+"-moved"))
	require.NoError(t, unix.Symlinkat(target, dfd, base))
}

// The deterministic swaps: a directory is replaced by a link to outside
// between the look that shows it is a directory and the open, or once it
// is empty before it is removed; entries appear before its removal.
func TestRemoveEntrySwaps(t *testing.T) {
	for _, tc := range []struct {
		name  string
		hook  *func(int, string)
		swap  func(t *testing.T, dfd int, base, out string)
		times int
	}{
		{"link before open", &testHookOpen, func(t *testing.T, dfd int, base, out string) {
			swapAt(t, dfd, base, out)
		}, 1},
		{"link before rmdir", &testHookRmdir, func(t *testing.T, dfd int, base, out string) {
			swapAt(t, dfd, base, out)
		}, 1},
		{"entries before rmdir", &testHookRmdir, func(t *testing.T, dfd int, base, _ string) {
			fd, err := unix.Openat(dfd, base, unix.O_CREAT|unix.O_EXCL|unix.O_WRONLY, 0o600)
			if errors.Is(err, unix.ENOTDIR) {
				return
			}
			require.NoError(t, err)
			require.NoError(t, unix.Close(fd))
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, check := outside(t)
			top := tree(t)
			n := 0
			setHook(t, tc.hook, func(dfd int, base string) {
				if base == "sub" && n < tc.times {
					n++
					if tc.name == "entries before rmdir" {
						// A new file inside the directory about to go.
						fd, err := unix.Openat(dfd, base, unix.O_RDONLY|unix.O_DIRECTORY, 0)
						require.NoError(t, err)
						defer unix.Close(fd)
						tc.swap(t, fd, "new"+strconv.Itoa(n), out)
						return
					}
					tc.swap(t, dfd, base, out)
				}
			})
			require.NoError(t, RemoveTree(CWD, top, top))
			assert.Equal(t, tc.times, n, "the hook ran")
			_, err := os.Lstat(top)
			assert.ErrorIs(t, err, fs.ErrNotExist)
			check()
		})
	}
}

// TestRemoveEntryEndlessSwaps: a directory that gains an entry every time
// it has been emptied makes the removal give up with ErrTooManySwaps.
func TestRemoveEntryEndlessSwaps(t *testing.T) {
	top := tree(t)
	n := 0
	setHook(t, &testHookRmdir, func(dfd int, base string) {
		if base == "sub" {
			n++
			fd, err := unix.Openat(dfd, base+"/new"+strconv.Itoa(n), unix.O_CREAT|unix.O_EXCL|unix.O_WRONLY, 0o600)
			require.NoError(t, err)
			require.NoError(t, unix.Close(fd))
		}
	})
	err := RemoveTree(CWD, top, top)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTooManySwaps)
	assert.Equal(t, maxSwaps, n, "each look emptied the directory once")
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, filepath.Join(top, "a", "sub"), pe.Path, "the error names the entry")
}

// TestRemoveEntryHiddenLeft: a directory that still holds a hidden name
// of a file removed while open (as FUSE renames it, and each unlink of it
// hides it anew while it is open) is reported at once with its ENOTEMPTY,
// rather than looked at again until ErrTooManySwaps; a later removal,
// once the name is gone, removes the tree.
func TestRemoveEntryHiddenLeft(t *testing.T) {
	top := tree(t)
	n := 0
	hidden := ""
	setHook(t, &testHookRmdir, func(dfd int, base string) {
		if base == "sub" {
			n++
			hidden = fmt.Sprintf(".fuse_hidden%08x%08x", 0x387, n)
			fd, err := unix.Openat(dfd, base+"/"+hidden, unix.O_CREAT|unix.O_EXCL|unix.O_WRONLY, 0o600)
			require.NoError(t, err)
			require.NoError(t, unix.Close(fd))
		}
	})
	err := RemoveTree(CWD, top, top)
	require.Error(t, err)
	assert.ErrorIs(t, err, syscall.ENOTEMPTY)
	assert.NotErrorIs(t, err, ErrTooManySwaps)
	assert.Equal(t, 1, n, "the directory was emptied once")
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, filepath.Join(top, "a", "sub"), pe.Path, "the error names the directory")
	ents, err := os.ReadDir(filepath.Join(top, "a", "sub"))
	require.NoError(t, err)
	if assert.Len(t, ents, 1) {
		assert.Equal(t, hidden, ents[0].Name(), "only the hidden name is left")
	}

	testHookRmdir = nil
	require.NoError(t, RemoveTree(CWD, top, top))
	_, err = os.Lstat(top)
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// TestRemoveTreeModes: directories with every owner mode are removed, their
// permissions given through their descriptors. Only a user who is not
// root meets the permissions; the test also runs as one in CI.
func TestRemoveTreeModes(t *testing.T) {
	for _, noF2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("noFchmodat2=%v", noF2), func(t *testing.T) {
			if noF2 {
				NoFchmodat2 = true
				t.Cleanup(func() { NoFchmodat2 = false })
			}
			top := filepath.Join(t.TempDir(), "top")
			require.NoError(t, os.Mkdir(top, 0o700))
			var dirs []string
			for m := fs.FileMode(0); m <= 0o700; m += 0o100 {
				d := filepath.Join(top, "d"+strconv.Itoa(int(m>>6)))
				require.NoError(t, os.MkdirAll(filepath.Join(d, "inner"), 0o700))
				require.NoError(t, os.WriteFile(filepath.Join(d, "inner", "f"), nil, 0o600))
				require.NoError(t, os.Chmod(filepath.Join(d, "inner"), m))
				dirs = append(dirs, d)
			}
			for i, d := range dirs {
				require.NoError(t, os.Chmod(d, fs.FileMode(i)<<6))
			}
			require.NoError(t, os.Chmod(top, 0o500))
			require.NoError(t, RemoveTree(CWD, top, top))
			_, err := os.Lstat(top)
			assert.ErrorIs(t, err, fs.ErrNotExist)
		})
	}
}

// TestChmodDirAtFollowsNoLink: a link at the name is not followed, with
// and without fchmodat2.
func TestChmodDirAtFollowsNoLink(t *testing.T) {
	for _, noF2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("noFchmodat2=%v", noF2), func(t *testing.T) {
			if noF2 {
				NoFchmodat2 = true
				t.Cleanup(func() { NoFchmodat2 = false })
			}
			out, check := outside(t)
			dir := t.TempDir()
			require.NoError(t, os.Symlink(out, filepath.Join(dir, "link")))
			require.NoError(t, os.Symlink(filepath.Join(out, "f00"), filepath.Join(dir, "flink")))
			require.NoError(t, os.Mkdir(filepath.Join(dir, "real"), 0o500))
			dfd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY, 0)
			require.NoError(t, err)
			defer unix.Close(dfd)
			for _, name := range []string{"link", "flink"} {
				err := ChmodDirAt(dfd, name, 0o777)
				assert.Error(t, err, "%s: a link is not a directory", name)
			}
			check()
			require.NoError(t, ChmodDirAt(dfd, "real", 0o700))
			fi, err := os.Stat(filepath.Join(dir, "real"))
			require.NoError(t, err)
			assert.Equal(t, fs.FileMode(0o700), fi.Mode().Perm())
			assert.ErrorIs(t, ChmodDirAt(dfd, "missing", 0o700), syscall.ENOENT)
		})
	}
}
