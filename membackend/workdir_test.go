package membackend_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

func getwd(t *testing.T, fsys *membackend.FS) string {
	t.Helper()
	wd, err := fsys.Getwd()
	require.NoError(t, err)
	return wd
}

func TestWorkingDirDefaultIsRoot(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	assert.Equal(t, "/", getwd(t, fsys))
	writeFile(t, fsys, "rel", "r")
	assert.Equal(t, "r", readFile(t, fsys, "/rel"))
	assert.Equal(t, "r", readFile(t, fsys, "./rel"))
	assert.Equal(t, "r", readFile(t, fsys, "../../rel"), `".." at "/" is "/"`)
	assert.Equal(t, "r", readFile(t, fsys, "//tmp/..//rel"))
	abs, err := vfs.Abs(fsys, "x/y")
	require.NoError(t, err)
	assert.Equal(t, filepath.FromSlash("/x/y"), abs, "vfs.Abs joins with the platform's separator")
}

// TestWorkingDirResolvesEveryOperation runs each kind of operation on a
// relative name after a Chdir and finds its effect under the working
// directory.
func TestWorkingDirResolvesEveryOperation(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	require.NoError(t, fsys.MkdirAll("/w/sub", 0o755))
	require.NoError(t, fsys.Chdir("/w"))
	assert.Equal(t, "/w", getwd(t, fsys))

	writeFile(t, fsys, "f", "data")
	assert.Equal(t, "data", readFile(t, fsys, "/w/f"))
	require.NoError(t, fsys.Mkdir("d", 0o700))
	require.NoError(t, fsys.MkdirAll("d/e/g", 0o700))
	require.NoError(t, fsys.Rename("f", "d/f"))
	require.NoError(t, fsys.RenameNoReplace("d/f", "sub/f"))
	require.NoError(t, fsys.Link("sub/f", "hard"))
	require.NoError(t, fsys.SymlinkIfPossible("sub/f", "soft"))
	target, err := fsys.ReadlinkIfPossible("soft")
	require.NoError(t, err)
	assert.Equal(t, "sub/f", target)
	assert.Equal(t, "data", readFile(t, fsys, "/w/soft"), "a relative link target is relative to the link")
	fi, err := fsys.Stat("hard")
	require.NoError(t, err)
	assert.Equal(t, uint64(2), statOf(t, fi).Nlink)
	require.NoError(t, fsys.Chmod("hard", 0o600))
	require.NoError(t, fsys.Chtimes("hard", fi.ModTime(), fi.ModTime()))
	require.NoError(t, fsys.Chown("hard", 0, 0))
	fi, _, err = fsys.LstatIfPossible("soft")
	require.NoError(t, err)
	assert.Equal(t, fs.ModeSymlink, fi.Mode().Type())
	require.NoError(t, fsys.SyncDir("."))
	f, err := fsys.CreateExclusive("x", 0o600)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	a, err := fsys.CreateAnonymous("d", 0o600)
	require.NoError(t, err)
	assert.Equal(t, "d/(anonymous)", a.Name())
	require.NoError(t, a.Close())
	p, err := fsys.CreatePublishable(".", 0o600)
	require.NoError(t, err)
	require.NoError(t, fsys.Publish(p, "pub"))
	require.NoError(t, p.Close())
	_, err = fsys.Stat("/w/pub")
	require.NoError(t, err)
	require.NoError(t, fsys.Remove("x"))
	require.NoError(t, fsys.RemoveAll("d"))
	require.NoError(t, fsys.RemoveTree("sub"))

	dir, err := fsys.Open(".")
	require.NoError(t, err)
	names, err := dir.Readdirnames(-1)
	require.NoError(t, err)
	require.NoError(t, dir.Close())
	assert.ElementsMatch(t, []string{"hard", "soft", "pub"}, names)

	// ".." leads to the parent of the working directory.
	require.NoError(t, fsys.Chdir(".."))
	assert.Equal(t, "/", getwd(t, fsys))
	require.NoError(t, fsys.Chdir("w/../w/."))
	assert.Equal(t, "/w", getwd(t, fsys))
	abs, err := vfs.Abs(fsys, "hard")
	require.NoError(t, err)
	assert.Equal(t, filepath.FromSlash("/w/hard"), abs)
}

func TestChdirErrors(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	writeFile(t, fsys, "/file", "x")
	require.NoError(t, fsys.Mkdir("/tmp/locked", 0o700))
	require.NoError(t, fsys.SymlinkIfPossible("/file", "/tmp/tofile"))
	require.NoError(t, fsys.SymlinkIfPossible("loop", "/tmp/loop"))
	for _, tc := range []struct {
		dir   string
		errno syscall.Errno
	}{
		{"", syscall.ENOENT},
		{"/nope", syscall.ENOENT},
		{"/nope/x", syscall.ENOENT},
		{"/file", syscall.ENOTDIR},
		{"/file/", syscall.ENOTDIR},
		{"/file/x", syscall.ENOTDIR},
		{"/tmp/tofile", syscall.ENOTDIR},
		{"/tmp/loop", syscall.ELOOP},
		{"/a\x00b", syscall.EINVAL},
	} {
		err := fsys.Chdir(tc.dir)
		assertPathErr(t, err, "chdir", tc.errno)
		var pe *fs.PathError
		if errors.As(err, &pe) {
			assert.Equal(t, tc.dir, pe.Path)
		}
		assert.Equal(t, "/", getwd(t, fsys), "a failed Chdir changes nothing")
	}

	user := membackend.New(membackend.WithUser(1000, 1000))
	require.NoError(t, user.Mkdir("/tmp/mine", 0o700))
	require.NoError(t, user.Mkdir("/tmp/mine/sub", 0o755))
	require.NoError(t, user.Chmod("/tmp/mine/sub", 0o600))
	assertPathErr(t, user.Chdir("/tmp/mine/sub"), "chdir", syscall.EACCES)
	require.NoError(t, user.Chmod("/tmp/mine/sub", 0o100))
	require.NoError(t, user.Chdir("/tmp/mine/sub"), "search permission is all Chdir needs")
	require.NoError(t, user.Chmod("/tmp/mine", 0o600))
	assertPathErr(t, user.Chdir("/tmp/mine/sub"), "chdir", syscall.EACCES)
	require.NoError(t, user.Chdir("."), "the directory above is not searched")
	assert.Equal(t, "/tmp/mine/sub", getwd(t, user), "Getwd needs no permission")
	require.NoError(t, user.Chdir("/"))
	// A relative name needs search permission on the working directory.
	require.NoError(t, user.Chmod("/tmp/mine", 0o700))
	require.NoError(t, user.Chdir("/tmp/mine"))
	require.NoError(t, user.Chmod("/tmp/mine", 0o600))
	_, err := user.Stat("sub")
	assertPathErr(t, err, "stat", syscall.EACCES)
	require.NoError(t, user.Chmod("/tmp/mine", 0o700))
}

// TestWorkingDirFollowsRename checks that the working directory is a
// directory, not a name: renamed or moved, it stays the working directory
// and Getwd reports its new name.
func TestWorkingDirFollowsRename(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	require.NoError(t, fsys.MkdirAll("/a/b/c", 0o755))
	require.NoError(t, fsys.Chdir("/a/b/c"))
	require.NoError(t, fsys.Rename("/a/b", "/a/B"))
	assert.Equal(t, "/a/B/c", getwd(t, fsys))
	require.NoError(t, fsys.Mkdir("/z", 0o755))
	require.NoError(t, fsys.Rename("/a", "/z/moved"))
	assert.Equal(t, "/z/moved/B/c", getwd(t, fsys))
	writeFile(t, fsys, "f", "here")
	assert.Equal(t, "here", readFile(t, fsys, "/z/moved/B/c/f"))
	// A new directory at the old name is not the working directory.
	require.NoError(t, fsys.MkdirAll("/a/b/c", 0o755))
	_, err := fsys.Stat("/a/b/c/f")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Equal(t, "here", readFile(t, fsys, "f"))

	// Through a symbolic link, the working directory is what it leads to.
	require.NoError(t, fsys.SymlinkIfPossible("/z/moved", "/link"))
	require.NoError(t, fsys.Chdir("/link/B"))
	assert.Equal(t, "/z/moved/B", getwd(t, fsys))
}

// TestWorkingDirRemoved checks a removed working directory as Linux has
// it: Getwd fails as os.Getwd does, nothing can be created in it, and it
// can still be listed through Stat and opened.
func TestWorkingDirRemoved(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	require.NoError(t, fsys.MkdirAll("/p/gone", 0o755))
	require.NoError(t, fsys.Chdir("/p/gone"))
	require.NoError(t, fsys.Remove("/p/gone"))

	wd, err := fsys.Getwd()
	assert.Empty(t, wd)
	var se *os.SyscallError
	require.ErrorAs(t, err, &se, "os.Getwd's error type")
	assert.Equal(t, "getwd", se.Syscall)
	assert.ErrorIs(t, err, syscall.ENOENT)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	_, err = vfs.Abs(fsys, "x")
	assert.ErrorIs(t, err, fs.ErrNotExist)

	_, err = fsys.Create("x")
	assertPathErr(t, err, "open", syscall.ENOENT)
	assertPathErr(t, fsys.Mkdir("x", 0o755), "mkdir", syscall.ENOENT)
	assertLinkErr(t, fsys.SymlinkIfPossible("t", "x"), "symlink", syscall.ENOENT)
	fi, err := fsys.Stat(".")
	require.NoError(t, err)
	assert.True(t, fi.IsDir())
	assert.Zero(t, statOf(t, fi).Nlink, "a removed directory has no links")
	d, err := fsys.Open(".")
	require.NoError(t, err, "a removed directory can be opened")
	_, err = d.Readdirnames(-1)
	assertPathErr(t, err, "readdirent", syscall.ENOENT)
	require.NoError(t, d.Close())
	a, err := fsys.CreateAnonymous(".", 0o600)
	require.NoError(t, err, "as on tmpfs, an anonymous file in a removed directory")
	require.NoError(t, a.Close())
	// ".." is the directory that held it.
	_, err = fsys.Stat("../")
	require.NoError(t, err)
	require.NoError(t, fsys.Chdir(".."))
	assert.Equal(t, "/p", getwd(t, fsys))
}

// TestWorkingDirConcurrent runs Getwd, Chdir and relative lookups while
// other goroutines rename the working directory's ancestors, for the race
// detector and to check that Getwd never reports a name that does not
// lead to the working directory.
func TestWorkingDirConcurrent(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	require.NoError(t, fsys.MkdirAll("/x/y/z", 0o755))
	writeFile(t, fsys, "/x/y/z/mark", "m")
	require.NoError(t, fsys.Chdir("/x/y/z"))
	var wg sync.WaitGroup
	names := [][2]string{{"/x", "/X"}, {"/X", "/x"}}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 500 {
			n := names[i%2]
			assert.NoError(t, fsys.Rename(n[0], n[1]))
		}
	}()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				wd, err := fsys.Getwd()
				if assert.NoError(t, err) {
					assert.Contains(t, []string{"/x/y/z", "/X/y/z"}, wd)
				}
				assert.Equal(t, "m", readFile(t, fsys, "mark"))
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, "m", readFile(t, fsys, fmt.Sprintf("%s/mark", getwd(t, fsys))))
}
