package membackend_test

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

func writeFile(t *testing.T, fsys *membackend.FS, name, data string) {
	t.Helper()
	require.NoError(t, afero.WriteFile(fsys, name, []byte(data), 0o644))
}

func readFile(t *testing.T, fsys afero.Fs, name string) string {
	t.Helper()
	b, err := afero.ReadFile(fsys, name)
	require.NoError(t, err)
	return string(b)
}

// assertErrno checks that err is the error os would give: the wanted type
// and op, and the wanted errno inside.
func assertPathErr(t *testing.T, err error, op string, errno syscall.Errno) {
	t.Helper()
	var pe *fs.PathError
	if assert.ErrorAs(t, err, &pe) {
		assert.Equal(t, op, pe.Op)
	}
	assert.ErrorIs(t, err, errno)
}

func assertLinkErr(t *testing.T, err error, op string, errno syscall.Errno) {
	t.Helper()
	var le *os.LinkError
	if assert.ErrorAs(t, err, &le) {
		assert.Equal(t, op, le.Op)
	}
	assert.ErrorIs(t, err, errno)
}

// fixture is a filesystem holding /d (a directory with file /d/c), /f (a
// file holding "hello"), /e (an empty directory), /ln -> f and /dangle ->
// nowhere.
func fixture(t *testing.T, opts ...membackend.Option) *membackend.FS {
	t.Helper()
	fsys := membackend.New(opts...)
	require.NoError(t, fsys.Mkdir("/d", 0o755))
	require.NoError(t, fsys.Mkdir("/e", 0o755))
	writeFile(t, fsys, "/d/c", "c")
	writeFile(t, fsys, "/f", "hello")
	require.NoError(t, fsys.SymlinkIfPossible("f", "/ln"))
	require.NoError(t, fsys.SymlinkIfPossible("/nowhere", "/dangle"))
	return fsys
}

func TestNewHasRootAndTmp(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	assert.Equal(t, "membackend", fsys.Name())
	assert.Equal(t, []string{"/tmp"}, fsys.TempDirs())
	fi, err := fsys.Stat("/")
	require.NoError(t, err)
	assert.Equal(t, fs.ModeDir|0o755, fi.Mode())
	fi, err = fsys.Stat("/tmp")
	require.NoError(t, err)
	assert.Equal(t, fs.ModeDir|fs.ModeSticky|0o777, fi.Mode())
}

func TestPathErrors(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 256)
	tests := []struct {
		name  string
		op    func(fsys *membackend.FS) error
		errOp string
		errno syscall.Errno
	}{
		{"stat empty", func(fsys *membackend.FS) error { _, err := fsys.Stat(""); return err }, "stat", syscall.ENOENT},
		{"open empty", func(fsys *membackend.FS) error { _, err := fsys.Open(""); return err }, "open", syscall.ENOENT},
		{"create empty", func(fsys *membackend.FS) error { _, err := fsys.Create(""); return err }, "open", syscall.ENOENT},
		{"mkdir empty", func(fsys *membackend.FS) error { return fsys.Mkdir("", 0o755) }, "mkdir", syscall.ENOENT},
		{"remove empty", func(fsys *membackend.FS) error { return fsys.Remove("") }, "remove", syscall.ENOENT},
		{"stat missing", func(fsys *membackend.FS) error { _, err := fsys.Stat("/nope"); return err }, "stat", syscall.ENOENT},
		{"stat through file", func(fsys *membackend.FS) error { _, err := fsys.Stat("/f/x"); return err }, "stat", syscall.ENOTDIR},
		{"stat file slash", func(fsys *membackend.FS) error { _, err := fsys.Stat("/f/"); return err }, "stat", syscall.ENOTDIR},
		{"stat missing dotdot", func(fsys *membackend.FS) error { _, err := fsys.Stat("/nodir/../f"); return err }, "stat", syscall.ENOENT},
		{"open NUL", func(fsys *membackend.FS) error { _, err := fsys.Create("/a\x00b"); return err }, "open", syscall.EINVAL},
		{"open long name", func(fsys *membackend.FS) error { _, err := fsys.Create("/" + long); return err }, "open", syscall.ENAMETOOLONG},
		{"open long path", func(fsys *membackend.FS) error {
			_, err := fsys.Stat(strings.Repeat("/a", 2100))
			return err
		}, "stat", syscall.ENAMETOOLONG},
		{"create in missing dir", func(fsys *membackend.FS) error { _, err := fsys.Create("/nodir/f"); return err }, "open", syscall.ENOENT},
		{"create under file", func(fsys *membackend.FS) error { _, err := fsys.Create("/f/g"); return err }, "open", syscall.ENOTDIR},
		{"create dir", func(fsys *membackend.FS) error { _, err := fsys.Create("/d"); return err }, "open", syscall.EISDIR},
		{"create dot", func(fsys *membackend.FS) error { _, err := fsys.Create("/d/."); return err }, "open", syscall.EISDIR},
		{"create trailing slash", func(fsys *membackend.FS) error { _, err := fsys.Create("/new/"); return err }, "open", syscall.EISDIR},
		{"open dir for writing", func(fsys *membackend.FS) error {
			_, err := fsys.OpenFile("/d", os.O_WRONLY, 0)
			return err
		}, "open", syscall.EISDIR},
		{"excl existing", func(fsys *membackend.FS) error {
			_, err := fsys.OpenFile("/f", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
			return err
		}, "open", syscall.EEXIST},
		{"excl dangling symlink", func(fsys *membackend.FS) error {
			_, err := fsys.OpenFile("/dangle", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
			return err
		}, "open", syscall.EEXIST},
		{"mkdir existing dir", func(fsys *membackend.FS) error { return fsys.Mkdir("/d", 0o755) }, "mkdir", syscall.EEXIST},
		{"mkdir existing file", func(fsys *membackend.FS) error { return fsys.Mkdir("/f", 0o755) }, "mkdir", syscall.EEXIST},
		{"mkdir root", func(fsys *membackend.FS) error { return fsys.Mkdir("/", 0o755) }, "mkdir", syscall.EEXIST},
		{"mkdir missing parent", func(fsys *membackend.FS) error { return fsys.Mkdir("/nodir/sub", 0o755) }, "mkdir", syscall.ENOENT},
		{"mkdir under file", func(fsys *membackend.FS) error { return fsys.Mkdir("/f/sub", 0o755) }, "mkdir", syscall.ENOTDIR},
		{"mkdirall over file", func(fsys *membackend.FS) error { return fsys.MkdirAll("/f", 0o755) }, "mkdir", syscall.ENOTDIR},
		{"mkdirall under file", func(fsys *membackend.FS) error { return fsys.MkdirAll("/f/sub", 0o755) }, "mkdir", syscall.ENOTDIR},
		{"remove non-empty", func(fsys *membackend.FS) error { return fsys.Remove("/d") }, "remove", syscall.ENOTEMPTY},
		{"remove missing", func(fsys *membackend.FS) error { return fsys.Remove("/nope") }, "remove", syscall.ENOENT},
		{"remove file slash", func(fsys *membackend.FS) error { return fsys.Remove("/f/") }, "remove", syscall.ENOTDIR},
		{"remove dot", func(fsys *membackend.FS) error { return fsys.Remove("/e/.") }, "remove", syscall.EINVAL},
		{"remove root", func(fsys *membackend.FS) error { return fsys.Remove("/") }, "remove", syscall.EBUSY},
		{"removeall dot", func(fsys *membackend.FS) error { return fsys.RemoveAll("/d/.") }, "RemoveAll", syscall.EINVAL},
		{"chmod missing", func(fsys *membackend.FS) error { return fsys.Chmod("/nope", 0o600) }, "chmod", syscall.ENOENT},
		{"chtimes missing", func(fsys *membackend.FS) error {
			return fsys.Chtimes("/nope", time.Now(), time.Now())
		}, "chtimes", syscall.ENOENT},
		{"chown missing", func(fsys *membackend.FS) error { return fsys.Chown("/nope", 1, 1) }, "chown", syscall.ENOENT},
		{"readlink file", func(fsys *membackend.FS) error { _, err := fsys.ReadlinkIfPossible("/f"); return err }, "readlink", syscall.EINVAL},
		{"readlink missing", func(fsys *membackend.FS) error { _, err := fsys.ReadlinkIfPossible("/nope"); return err }, "readlink", syscall.ENOENT},
		{"stat dangling", func(fsys *membackend.FS) error { _, err := fsys.Stat("/dangle"); return err }, "stat", syscall.ENOENT},
		{"syncdir missing", func(fsys *membackend.FS) error { return fsys.SyncDir("/nope") }, "open", syscall.ENOENT},
		{"syncdir file", func(fsys *membackend.FS) error { return fsys.SyncDir("/f") }, "open", syscall.ENOTDIR},
		{"anonymous in missing dir", func(fsys *membackend.FS) error { _, err := fsys.CreateAnonymous("/nope", 0o600); return err }, "open", syscall.ENOENT},
		{"anonymous in file", func(fsys *membackend.FS) error { _, err := fsys.CreateAnonymous("/f", 0o600); return err }, "open", syscall.ENOTDIR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fixture(t)
			assertPathErr(t, tt.op(fsys), tt.errOp, tt.errno)
			assert.Equal(t, "c", readFile(t, fsys, "/d/c"), "the tree is unchanged")
			assert.Equal(t, "hello", readFile(t, fsys, "/f"), "the tree is unchanged")
		})
	}
}

func TestLinkErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		op    func(fsys *membackend.FS) error
		errOp string
		errno syscall.Errno
	}{
		{"rename missing", func(fsys *membackend.FS) error { return fsys.Rename("/nope", "/x") }, "rename", syscall.ENOENT},
		{"rename to missing parent", func(fsys *membackend.FS) error { return fsys.Rename("/f", "/nodir/g") }, "rename", syscall.ENOENT},
		{"rename dir over non-empty dir", func(fsys *membackend.FS) error { return fsys.Rename("/e", "/d") }, "rename", syscall.EEXIST},
		{"rename dir over empty dir", func(fsys *membackend.FS) error { return fsys.Rename("/d", "/e") }, "rename", syscall.EEXIST},
		{"rename file over dir", func(fsys *membackend.FS) error { return fsys.Rename("/f", "/e") }, "rename", syscall.EEXIST},
		{"rename dir over file", func(fsys *membackend.FS) error { return fsys.Rename("/d", "/f") }, "rename", syscall.ENOTDIR},
		{"rename dir into itself", func(fsys *membackend.FS) error { return fsys.Rename("/d", "/d/x") }, "rename", syscall.EINVAL},
		{"rename dir onto itself", func(fsys *membackend.FS) error { return fsys.Rename("/d", "/d") }, "rename", syscall.EEXIST},
		{"rename file slash", func(fsys *membackend.FS) error { return fsys.Rename("/f/", "/g") }, "rename", syscall.ENOTDIR},
		{"rename root", func(fsys *membackend.FS) error { return fsys.Rename("/", "/x") }, "rename", syscall.EBUSY},
		{"noreplace over file", func(fsys *membackend.FS) error { return fsys.RenameNoReplace("/f", "/d/c") }, "rename", syscall.EEXIST},
		{"noreplace over dangling", func(fsys *membackend.FS) error { return fsys.RenameNoReplace("/f", "/dangle") }, "rename", syscall.EEXIST},
		{"link dir", func(fsys *membackend.FS) error { return fsys.Link("/d", "/x") }, "link", syscall.EPERM},
		{"link existing", func(fsys *membackend.FS) error { return fsys.Link("/f", "/d/c") }, "link", syscall.EEXIST},
		{"link missing", func(fsys *membackend.FS) error { return fsys.Link("/nope", "/x") }, "link", syscall.ENOENT},
		{"symlink existing", func(fsys *membackend.FS) error { return fsys.SymlinkIfPossible("/x", "/f") }, "symlink", syscall.EEXIST},
		{"symlink empty target", func(fsys *membackend.FS) error { return fsys.SymlinkIfPossible("", "/x") }, "symlink", syscall.ENOENT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fixture(t)
			assertLinkErr(t, tt.op(fsys), tt.errOp, tt.errno)
			assert.Equal(t, "c", readFile(t, fsys, "/d/c"), "the tree is unchanged")
			assert.Equal(t, "hello", readFile(t, fsys, "/f"), "the tree is unchanged")
			_, err := fsys.Stat("/e")
			assert.NoError(t, err, "the tree is unchanged")
		})
	}
}

func TestErrorsMatchFsSentinels(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	_, err := fsys.Stat("/nope")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.True(t, os.IsNotExist(err))
	_, err = fsys.OpenFile("/f", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	assert.ErrorIs(t, err, fs.ErrExist)
	assert.True(t, os.IsExist(err))
	assert.ErrorIs(t, fsys.Remove("/d"), fs.ErrExist, "ENOTEMPTY matches fs.ErrExist as on Linux")
}

func TestSymlinks(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	assert.Equal(t, "hello", readFile(t, fsys, "/ln"))
	fi, used, err := fsys.LstatIfPossible("/ln")
	require.NoError(t, err)
	assert.True(t, used)
	assert.Equal(t, fs.ModeSymlink|0o777, fi.Mode())
	assert.Equal(t, int64(1), fi.Size())
	target, err := fsys.ReadlinkIfPossible("/ln")
	require.NoError(t, err)
	assert.Equal(t, "f", target)

	// O_CREATE without O_EXCL follows a dangling link and creates its target.
	f, err := fsys.OpenFile("/dangle", os.O_RDWR|os.O_CREATE, 0o600)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, err = fsys.Stat("/nowhere")
	assert.NoError(t, err)

	// Links in the middle of a path, relative to their directory.
	require.NoError(t, fsys.SymlinkIfPossible("../d", "/e/up"))
	assert.Equal(t, "c", readFile(t, fsys, "/e/up/c"))

	// A loop.
	require.NoError(t, fsys.SymlinkIfPossible("/loop2", "/loop1"))
	require.NoError(t, fsys.SymlinkIfPossible("/loop1", "/loop2"))
	_, err = fsys.Stat("/loop1")
	assertPathErr(t, err, "stat", syscall.ELOOP)
	_, err = fsys.Stat("/loop1/x")
	assertPathErr(t, err, "stat", syscall.ELOOP)

	// A chain of 40 links resolves; 41 does not.
	prev := "/f"
	for i := range 41 {
		name := "/chain" + strings.Repeat("x", i)
		require.NoError(t, fsys.SymlinkIfPossible(prev, name))
		prev = name
		_, err := fsys.Stat(name)
		if i < 40 {
			assert.NoError(t, err, "chain of %d", i+1)
		} else {
			assertPathErr(t, err, "stat", syscall.ELOOP)
		}
	}

	// Remove and rename act on the link, not its target.
	require.NoError(t, fsys.Rename("/ln", "/ln2"))
	require.NoError(t, fsys.Remove("/ln2"))
	assert.Equal(t, "hello", readFile(t, fsys, "/f"))
}

func TestVFSHelpersUseCapabilities(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	fi, err := vfs.Lstat(fsys, "/ln")
	require.NoError(t, err)
	assert.Equal(t, fs.ModeSymlink, fi.Mode().Type())
	require.NoError(t, vfs.Symlink(fsys, "/f", "/ln3"))
	s, err := vfs.Readlink(fsys, "/ln3")
	require.NoError(t, err)
	assert.Equal(t, "/f", s)
	assert.Equal(t, []string{"/tmp"}, vfs.TempDirs(fsys))
	require.NoError(t, vfs.SyncDir(fsys, "/d"))
	require.NoError(t, vfs.Link(fsys, "/f", "/hard"))
	require.NoError(t, vfs.RenameNoReplace(fsys, "/hard", "/hard2"))
	assert.Equal(t, "hello", readFile(t, fsys, "/hard2"))
}

func TestRename(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)

	// A file over a file replaces it; open handles of both keep working.
	old, err := fsys.Open("/d/c")
	require.NoError(t, err)
	moving, err := fsys.OpenFile("/f", os.O_RDWR, 0)
	require.NoError(t, err)
	require.NoError(t, fsys.Rename("/f", "/d/c"))
	assert.Equal(t, "hello", readFile(t, fsys, "/d/c"))
	_, err = fsys.Stat("/f")
	assert.ErrorIs(t, err, syscall.ENOENT)
	assert.Equal(t, "c", readAll(t, old))
	_, err = moving.WriteAt([]byte("J"), 0)
	require.NoError(t, err)
	assert.Equal(t, "Jello", readFile(t, fsys, "/d/c"))
	assert.Equal(t, "/f", moving.Name(), "a File keeps the name it was opened with")
	require.NoError(t, old.Close())
	require.NoError(t, moving.Close())

	// A directory moves with its subtree.
	require.NoError(t, fsys.MkdirAll("/d/x/y", 0o755))
	writeFile(t, fsys, "/d/x/y/z", "Z")
	require.NoError(t, fsys.Rename("/d", "/e/moved"))
	assert.Equal(t, "Z", readFile(t, fsys, "/e/moved/x/y/z"))
	assert.Equal(t, "Z", readFile(t, fsys, "/e/moved/x/y/../y/z"))
	assert.Equal(t, "Z", readFile(t, fsys, "/e/moved/x/../../moved/x/y/z"), ".. follows the move")
	_, err = fsys.Stat("/d")
	assert.ErrorIs(t, err, syscall.ENOENT)

	// Renaming to itself does nothing.
	require.NoError(t, fsys.Rename("/e/moved/x/y/z", "/e/moved/x/y/z"))
	assert.Equal(t, "Z", readFile(t, fsys, "/e/moved/x/y/z"))

	// Two names of one file.
	require.NoError(t, fsys.Link("/e/moved/x/y/z", "/z2"))
	require.NoError(t, fsys.Rename("/z2", "/e/moved/x/y/z"))
	assert.Equal(t, "Z", readFile(t, fsys, "/z2"))
}

func readAll(t *testing.T, f afero.File) string {
	t.Helper()
	_, err := f.Seek(0, io.SeekStart)
	require.NoError(t, err)
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	return string(b)
}

func TestModesAndUmask(t *testing.T) {
	t.Parallel()
	tests := []struct {
		umask    fs.FileMode
		perm     fs.FileMode
		wantFile fs.FileMode
		wantDir  fs.FileMode
	}{
		{0o022, 0o666, 0o644, 0o755 &^ 0o111},
		{0o022, 0o777, 0o755, 0o755},
		{0o022, 0o600, 0o600, 0o600},
		{0o077, 0o777, 0o700, 0o700},
		{0, 0o777, 0o777, 0o777},
		{0o022, 0o777 | fs.ModeSetuid | fs.ModeSticky, 0o755 | fs.ModeSetuid | fs.ModeSticky, 0o755 | fs.ModeSticky},
	}
	for _, tt := range tests {
		fsys := membackend.New(membackend.WithUmask(tt.umask))
		f, err := fsys.OpenFile("/f", os.O_RDWR|os.O_CREATE, tt.perm)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		fi, err := fsys.Stat("/f")
		require.NoError(t, err)
		assert.Equal(t, tt.wantFile, fi.Mode(), "umask %o perm %v", tt.umask, tt.perm)
		require.NoError(t, fsys.Mkdir("/d", tt.perm))
		fi, err = fsys.Stat("/d")
		require.NoError(t, err)
		if tt.perm&0o111 == 0 {
			continue
		}
		assert.Equal(t, fs.ModeDir|tt.wantDir, fi.Mode(), "umask %o perm %v", tt.umask, tt.perm)
	}

	fsys := membackend.New()
	f, err := fsys.Create("/c")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	fi, err := fsys.Stat("/c")
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o644), fi.Mode(), "Create gives 0666 minus umask")

	require.NoError(t, fsys.Chmod("/c", 0o4755|fs.ModeSetuid))
	fi, err = fsys.Stat("/c")
	require.NoError(t, err)
	assert.Equal(t, fs.ModeSetuid|0o755, fi.Mode())

	require.NoError(t, fsys.MkdirAll("/a/b/c", 0o750))
	for _, p := range []string{"/a", "/a/b", "/a/b/c"} {
		fi, err := fsys.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, fs.ModeDir|0o750, fi.Mode(), p)
	}
	assert.NoError(t, fsys.MkdirAll("/a/b/c", 0o750), "MkdirAll of an existing directory")
	assert.NoError(t, fsys.MkdirAll("/a/b/c/.", 0o750))
}

func TestTimes(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	require.NoError(t, fsys.Mkdir("/d", 0o755))
	writeFile(t, fsys, "/d/f", "x")
	require.NoError(t, fsys.Chtimes("/d/f", past.Add(-time.Hour), past))
	require.NoError(t, fsys.Chtimes("/d", past, past))

	mtime := func(name string) time.Time {
		fi, err := fsys.Stat(name)
		require.NoError(t, err)
		return fi.ModTime()
	}
	fi, err := fsys.Stat("/d/f")
	require.NoError(t, err)
	assert.True(t, past.Equal(fi.ModTime()), "mtime as set, in local time as os gives it")
	assert.True(t, past.Add(-time.Hour).Equal(statOf(t, fi).Atime))

	// Opening for writing and closing changes nothing.
	f, err := fsys.OpenFile("/d/f", os.O_RDWR, 0)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	assert.True(t, past.Equal(mtime("/d/f")))

	// Writing and truncating change the file's mtime; new entries the
	// directory's.
	f, err = fsys.OpenFile("/d/f", os.O_RDWR, 0)
	require.NoError(t, err)
	_, err = f.Write([]byte("y"))
	require.NoError(t, err)
	assert.True(t, mtime("/d/f").After(past))
	require.NoError(t, fsys.Chtimes("/d/f", time.Time{}, past))
	require.NoError(t, f.Truncate(0))
	assert.True(t, mtime("/d/f").After(past))
	require.NoError(t, f.Close())
	assert.True(t, past.Equal(mtime("/d")))
	writeFile(t, fsys, "/d/g", "")
	assert.True(t, mtime("/d").After(past))
	require.NoError(t, fsys.Chtimes("/d", time.Time{}, past))
	require.NoError(t, fsys.Remove("/d/g"))
	assert.True(t, mtime("/d").After(past))
}

func TestRemoveAll(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	require.NoError(t, fsys.MkdirAll("/d/x/y", 0o755))
	writeFile(t, fsys, "/d/x/y/z", "z")
	f, err := fsys.OpenFile("/d/x/y/z", os.O_RDWR, 0)
	require.NoError(t, err)
	require.NoError(t, fsys.RemoveAll("/d"))
	_, err = fsys.Stat("/d")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	_, err = f.Write([]byte("Z"))
	require.NoError(t, err, "an open file survives its removal")
	assert.Equal(t, "Z", readAll(t, f))
	require.NoError(t, f.Close())

	assert.NoError(t, fsys.RemoveAll("/nope"))
	assert.NoError(t, fsys.RemoveAll(""))
	assert.NoError(t, fsys.RemoveAll("/nodir/x"))
	assert.NoError(t, fsys.RemoveAll("/f"))
	_, err = fsys.Stat("/f")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	require.NoError(t, fsys.RemoveAll("/ln"), "removes the link only")
	_, err = fsys.Stat("/e")
	assert.NoError(t, err)
}

func TestOpenRemovedDirectory(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	d, err := fsys.Open("/e")
	require.NoError(t, err)
	require.NoError(t, fsys.Remove("/e"))
	names, err := d.Readdirnames(-1)
	assertPathErr(t, err, "readdirent", syscall.ENOENT) // getdents(2) on a removed directory
	assert.Empty(t, names)
	require.NoError(t, d.Close())
	_, err = fsys.Create("/e/x")
	assert.ErrorIs(t, err, syscall.ENOENT)
}

func TestConcurrentRenamesAndRemovesDoNotDeadlock(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	require.NoError(t, fsys.MkdirAll("/a/b/c", 0o755))
	require.NoError(t, fsys.MkdirAll("/x/y", 0o755))
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				switch (g + i) % 6 {
				case 0:
					_ = fsys.Rename("/a/b", "/x/b")
				case 1:
					_ = fsys.Rename("/x/b", "/a/b")
				case 2:
					_ = fsys.Rename("/x/y", "/a/b/c/y")
				case 3:
					_ = fsys.Rename("/a/b/c/y", "/x/y")
				case 4:
					_ = fsys.Mkdir("/a/b/c/t", 0o755)
					_ = fsys.Remove("/a/b/c/t")
				case 5:
					_ = fsys.Rename("/x", "/a/b/c/y/x")
				}
			}
		}()
	}
	wg.Wait()
	// Every directory is still reachable exactly once.
	var names []string
	require.NoError(t, afero.Walk(fsys, "/", func(_ string, fi fs.FileInfo, err error) error {
		require.NoError(t, err)
		if fi.Name() != "t" { // a Remove may miss t while c is elsewhere
			names = append(names, fi.Name())
		}
		return nil
	}))
	assert.ElementsMatch(t, []string{"/", "tmp", "a", "b", "c", "x", "y"}, names, "nothing lost or duplicated")
}

// TestLookupSeesEveryChange checks the lock-free lookups of a directory
// that has not changed for a while: a change is seen by the next lookup,
// while readers keep looking up concurrently (for the race detector).
func TestLookupSeesEveryChange(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	require.NoError(t, fsys.Mkdir("/d", 0o755))
	writeFile(t, fsys, "/d/x", "x")
	for range 100 { // enough lookups to make the directory "settled"
		_, err := fsys.Stat("/d/x")
		require.NoError(t, err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, err := fsys.Stat("/d/x")
				assert.NoError(t, err, "x is never removed")
			}
		}()
	}
	for i := range 300 {
		name := fmt.Sprintf("/d/n%d", i)
		writeFile(t, fsys, name, "")
		_, err := fsys.Stat(name)
		require.NoError(t, err, "a new entry is seen at once")
		for range 40 {
			_, err := fsys.Stat("/d/x")
			require.NoError(t, err)
		}
		require.NoError(t, fsys.Remove(name))
		_, err = fsys.Stat(name)
		require.ErrorIs(t, err, fs.ErrNotExist, "a removed entry is gone at once")
	}
	close(stop)
	wg.Wait()
}

// TestAttacks plants what an attacker would and checks that exclusive
// creation and path resolution neither follow nor escape it, and that
// nothing is created or changed when the call fails.
func TestAttacks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		plant func(t *testing.T, fsys *membackend.FS)
		call  func(fsys *membackend.FS) error
		want  error // nil: the call succeeds
		check func(t *testing.T, fsys *membackend.FS)
	}{
		{
			name: "dangling symlink at the name",
			plant: func(t *testing.T, fsys *membackend.FS) {
				require.NoError(t, fsys.SymlinkIfPossible("/tmp/victim", "/tmp/x"))
			},
			call: func(fsys *membackend.FS) error { _, err := fsys.CreateExclusive("/tmp/x", 0o600); return err },
			want: syscall.EEXIST,
			check: func(t *testing.T, fsys *membackend.FS) {
				_, err := fsys.Stat("/tmp/victim")
				assert.ErrorIs(t, err, fs.ErrNotExist, "the link's target was not created")
			},
		},
		{
			name: "symlink to an existing file at the name",
			plant: func(t *testing.T, fsys *membackend.FS) {
				writeFile(t, fsys, "/tmp/precious", "keep")
				require.NoError(t, fsys.SymlinkIfPossible("/tmp/precious", "/tmp/x"))
			},
			call: func(fsys *membackend.FS) error {
				_, err := fsys.OpenFile("/tmp/x", os.O_RDWR|os.O_CREATE|os.O_EXCL|os.O_TRUNC, 0o600)
				return err
			},
			want:  syscall.EEXIST,
			check: func(t *testing.T, fsys *membackend.FS) { assert.Equal(t, "keep", readFile(t, fsys, "/tmp/precious")) },
		},
		{
			name:  "pre-created file at the name",
			plant: func(t *testing.T, fsys *membackend.FS) { writeFile(t, fsys, "/tmp/x", "theirs") },
			call:  func(fsys *membackend.FS) error { _, err := fsys.CreateExclusive("/tmp/x", 0o600); return err },
			want:  syscall.EEXIST,
			check: func(t *testing.T, fsys *membackend.FS) { assert.Equal(t, "theirs", readFile(t, fsys, "/tmp/x")) },
		},
		{
			name:  "dot-dot cannot climb above the root",
			plant: func(*testing.T, *membackend.FS) {},
			call: func(fsys *membackend.FS) error {
				return afero.WriteFile(fsys, "/tmp/../../../../../tmp/x", []byte("in"), 0o600)
			},
			check: func(t *testing.T, fsys *membackend.FS) { assert.Equal(t, "in", readFile(t, fsys, "/tmp/x")) },
		},
		{
			name:  "symlink loop",
			plant: func(t *testing.T, fsys *membackend.FS) { require.NoError(t, fsys.SymlinkIfPossible("x", "/tmp/x")) },
			call:  func(fsys *membackend.FS) error { _, err := fsys.Create("/tmp/x"); return err },
			want:  syscall.ELOOP,
		},
		{
			name:  "NUL byte in a name",
			plant: func(*testing.T, *membackend.FS) {},
			call:  func(fsys *membackend.FS) error { _, err := fsys.Create("/tmp/x\x00y"); return err },
			want:  syscall.EINVAL,
			check: func(t *testing.T, fsys *membackend.FS) {
				_, err := fsys.Stat("/tmp/x")
				assert.ErrorIs(t, err, fs.ErrNotExist, "the name was not cut at the NUL")
			},
		},
		{
			name:  "long name",
			plant: func(*testing.T, *membackend.FS) {},
			call: func(fsys *membackend.FS) error {
				_, err := fsys.Create("/tmp/" + strings.Repeat("n", 256))
				return err
			},
			want: syscall.ENAMETOOLONG,
		},
		{
			name: "create over a directory",
			plant: func(t *testing.T, fsys *membackend.FS) {
				require.NoError(t, fsys.Mkdir("/tmp/sub", 0o700))
				writeFile(t, fsys, "/tmp/sub/f", "f")
			},
			call:  func(fsys *membackend.FS) error { _, err := fsys.Create("/tmp/sub"); return err },
			want:  syscall.EISDIR,
			check: func(t *testing.T, fsys *membackend.FS) { assert.Equal(t, "f", readFile(t, fsys, "/tmp/sub/f")) },
		},
		{
			name:  "trailing slash on a file",
			plant: func(t *testing.T, fsys *membackend.FS) { writeFile(t, fsys, "/tmp/x", "x") },
			call:  func(fsys *membackend.FS) error { return fsys.Remove("/tmp/x/") },
			want:  syscall.ENOTDIR,
			check: func(t *testing.T, fsys *membackend.FS) { assert.Equal(t, "x", readFile(t, fsys, "/tmp/x")) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := membackend.New()
			tt.plant(t, fsys)
			err := tt.call(fsys)
			if tt.want == nil {
				require.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tt.want)
			}
			if tt.check != nil {
				tt.check(t, fsys)
			}
		})
	}
}
