package membackend_test

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
)

func stat(t *testing.T, fsys *membackend.FS, name string) membackend.Stat {
	t.Helper()
	fi, err := fsys.Stat(name)
	require.NoError(t, err)
	return statOf(t, fi)
}

func TestMountIsADeviceOfItsOwn(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(membackend.WithMount("/mnt/a"), membackend.WithMount("/mnt/b"))
	require.NoError(t, fsys.Err())
	writeFile(t, fsys, "/f", "root")
	writeFile(t, fsys, "/mnt/a/f", "a")
	writeFile(t, fsys, "/mnt/b/f", "b")
	root, a, b := stat(t, fsys, "/"), stat(t, fsys, "/mnt/a"), stat(t, fsys, "/mnt/b")
	assert.NotEqual(t, root.Dev, a.Dev)
	assert.NotEqual(t, a.Dev, b.Dev)
	assert.NotEqual(t, root.Dev, b.Dev)
	assert.Equal(t, root.Dev, stat(t, fsys, "/mnt").Dev, "the directory holding mount points is on the root device")
	assert.Equal(t, root.Dev, stat(t, fsys, "/f").Dev)
	assert.Equal(t, a.Dev, stat(t, fsys, "/mnt/a/f").Dev)
	assert.Equal(t, b.Dev, stat(t, fsys, "/mnt/b/f").Dev)
	// Inode numbers are per device: they repeat only with another Dev.
	assert.Equal(t, a.Ino, b.Ino, "two fresh devices number their roots alike")
	assert.Equal(t, stat(t, fsys, "/mnt/a/f").Ino, stat(t, fsys, "/mnt/b/f").Ino)
	other := membackend.New(membackend.WithMount("/mnt/a"))
	assert.NotEqual(t, a.Dev, stat(t, other, "/mnt/a").Dev, "no two devices of the process share a number")

	// Listing the directory describes the mount's root, as lstat does.
	d, err := fsys.Open("/mnt")
	require.NoError(t, err)
	infos, err := d.Readdir(-1)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	require.Len(t, infos, 2)
	assert.Equal(t, a.Dev, statOf(t, infos[0]).Dev)
	assert.Equal(t, b.Dev, statOf(t, infos[1]).Dev)

	// ".." from a mount's root leads out of it.
	require.NoError(t, fsys.Chdir("/mnt/a"))
	assert.Equal(t, "root", readFile(t, fsys, "../../f"))
	assert.Equal(t, "/mnt/a", getwd(t, fsys))
	require.NoError(t, fsys.Chdir("../b"))
	assert.Equal(t, "/mnt/b", getwd(t, fsys))
	assert.Equal(t, "b", readFile(t, fsys, "f"))
}

// TestMountCrossDevice checks that Rename and Link between devices fail
// with EXDEV, after the errors Linux reports first.
func TestMountCrossDevice(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(membackend.WithMount("/m"))
	writeFile(t, fsys, "/f", "x")
	writeFile(t, fsys, "/m/g", "y")
	require.NoError(t, fsys.Mkdir("/d", 0o755))
	require.NoError(t, fsys.Mkdir("/m/d", 0o755))
	for _, tc := range []struct {
		op, old, new string
		errno        syscall.Errno
	}{
		{"rename", "/f", "/m/f", syscall.EXDEV},
		{"rename", "/m/g", "/g", syscall.EXDEV},
		{"rename", "/d", "/m/e", syscall.EXDEV},
		{"rename", "/nope", "/m/f", syscall.EXDEV}, // before the source is looked up
		{"rename", "/f", "/m/g", syscall.EXDEV},    // over a file
		{"rename", "/nope/x", "/m/f", syscall.ENOENT},
		{"rename", "/f", "/m/nope/x", syscall.ENOENT},
		{"rename", "/f/x", "/m/f", syscall.ENOTDIR},
		{"rename", "/d", "/m/d", syscall.EEXIST}, // os.Rename's check of a directory at newname
		{"rename", "/m", "/mm", syscall.EBUSY},   // the mount point itself
		{"renamenoreplace", "/f", "/m/f", syscall.EXDEV},
		{"renamenoreplace", "/f", "/m/g", syscall.EXDEV},
		{"link", "/f", "/m/f", syscall.EXDEV},
		{"link", "/m/g", "/h", syscall.EXDEV},
		{"link", "/nope", "/m/f", syscall.ENOENT}, // oldname first
		{"link", "/f", "/m/g", syscall.EEXIST},    // then an existing newname
		{"link", "/f", "/m/nope/x", syscall.ENOENT},
		{"link", "/m", "/mm", syscall.EXDEV}, // a mount's root is on the mount
	} {
		var err error
		switch tc.op {
		case "rename":
			err = fsys.Rename(tc.old, tc.new)
		case "renamenoreplace":
			err = fsys.RenameNoReplace(tc.old, tc.new)
		case "link":
			err = fsys.Link(tc.old, tc.new)
		}
		op := tc.op
		if op == "renamenoreplace" {
			op = "rename"
		}
		assertLinkErr(t, err, op, tc.errno)
		var le *os.LinkError
		if errors.As(err, &le) {
			assert.Equal(t, tc.old, le.Old, "%s(%q, %q)", tc.op, tc.old, tc.new)
			assert.Equal(t, tc.new, le.New)
		}
	}
	p, err := fsys.CreatePublishable("/m", 0o600)
	require.NoError(t, err)
	assertLinkErr(t, fsys.Publish(p, "/pub"), "link", syscall.EXDEV)
	require.NoError(t, fsys.Publish(p, "/m/d/pub"))
	require.NoError(t, p.Close())
	assert.Equal(t, "x", readFile(t, fsys, "/f"), "nothing moved")
	assert.Equal(t, "y", readFile(t, fsys, "/m/g"))
	// Within a device all works.
	require.NoError(t, fsys.Rename("/m/g", "/m/d/g"))
	require.NoError(t, fsys.Link("/m/d/g", "/m/h"))
	assert.Equal(t, uint64(2), stat(t, fsys, "/m/h").Nlink)
}

func TestMountCapacity(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(
		membackend.WithCapacity(100),
		membackend.WithMount("/small", membackend.WithCapacity(10)),
		membackend.WithMount("/big"),
	)
	f, err := fsys.Create("/small/f")
	require.NoError(t, err)
	n, err := f.Write([]byte(strings.Repeat("x", 25)))
	assert.Equal(t, 10, n, "what fits is written")
	assertPathErr(t, err, "write", syscall.ENOSPC)
	assertPathErr(t, f.Truncate(11), "truncate", syscall.ENOSPC)
	require.NoError(t, f.Close())

	// Each device counts its own files only.
	writeFile(t, fsys, "/root", strings.Repeat("r", 100))
	writeFile(t, fsys, "/big/f", strings.Repeat("b", 1000))
	g, err := fsys.Create("/g")
	require.NoError(t, err)
	_, err = g.Write([]byte("1"))
	assertPathErr(t, err, "write", syscall.ENOSPC)
	require.NoError(t, g.Close())

	// Removing a file frees its device's space, and only that.
	require.NoError(t, fsys.Remove("/small/f"))
	writeFile(t, fsys, "/small/f2", strings.Repeat("y", 10))
	_, err = fsys.Create("/small/f3")
	require.NoError(t, err)
	h, err := fsys.OpenFile("/small/f3", os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = h.Write([]byte("z"))
	assertPathErr(t, err, "write", syscall.ENOSPC)
	require.NoError(t, h.Close())
}

// TestMountReadOnly checks that every change to a read-only device fails
// with EROFS, in Linux's order, and that reading works.
func TestMountReadOnly(t *testing.T) {
	t.Parallel()
	past := time.Unix(1e9, 0)
	fsys := membackend.New(
		membackend.WithMount("/ro/rw/inner"),
		membackend.WithMount("/ro", membackend.WithReadOnly()),
		membackend.WithMount("/ro/rw"),
		membackend.WithMount("/ro/sub/deeper"),
	)
	require.NoError(t, fsys.Err())
	writeFile(t, fsys, "/ro/rw/f", "writable inside")
	writeFile(t, fsys, "/f", "outside")

	_, err := fsys.Create("/ro/new")
	assertPathErr(t, err, "open", syscall.EROFS)
	_, err = fsys.OpenFile("/ro/new", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	assertPathErr(t, err, "open", syscall.EROFS)
	_, err = fsys.OpenFile("/ro/sub", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	assertPathErr(t, err, "open", syscall.EEXIST) // before EROFS
	_, err = fsys.OpenFile("/ro/sub", os.O_WRONLY, 0)
	assertPathErr(t, err, "open", syscall.EISDIR) // before EROFS
	assertPathErr(t, fsys.Mkdir("/ro/x", 0o755), "mkdir", syscall.EROFS)
	assertPathErr(t, fsys.Mkdir("/ro/sub", 0o755), "mkdir", syscall.EEXIST)
	assertPathErr(t, fsys.MkdirAll("/ro/x/y", 0o755), "mkdir", syscall.EROFS)
	require.NoError(t, fsys.MkdirAll("/ro/sub", 0o755), "nothing to make")
	assertPathErr(t, fsys.Remove("/ro/sub"), "remove", syscall.EROFS)
	assertPathErr(t, fsys.Remove("/ro/missing"), "remove", syscall.EROFS)
	assertPathErr(t, fsys.Remove("/ro/sub/missing/x"), "remove", syscall.ENOENT)
	assert.ErrorIs(t, fsys.RemoveAll("/ro/sub"), syscall.EROFS)
	// As os.RemoveAll: Remove fails with EROFS, not ENOENT.
	assert.ErrorIs(t, fsys.RemoveAll("/ro/missing"), syscall.EROFS)
	assert.ErrorIs(t, fsys.RemoveTree("/ro/sub"), syscall.EROFS)
	assertLinkErr(t, fsys.Rename("/ro/sub", "/ro/sub2"), "rename", syscall.EROFS)
	assertLinkErr(t, fsys.Rename("/ro/missing", "/ro/x"), "rename", syscall.EROFS)
	assertLinkErr(t, fsys.Rename("/f", "/ro/f"), "rename", syscall.EXDEV) // before EROFS
	assertLinkErr(t, fsys.RenameNoReplace("/ro/sub", "/ro/sub2"), "rename", syscall.EROFS)
	assertLinkErr(t, fsys.SymlinkIfPossible("x", "/ro/l"), "symlink", syscall.EROFS)
	assertLinkErr(t, fsys.SymlinkIfPossible("x", "/ro/sub"), "symlink", syscall.EEXIST)
	assertLinkErr(t, fsys.Link("/ro/sub", "/ro/l"), "link", syscall.EROFS)
	assertPathErr(t, fsys.Chmod("/ro/sub", 0o700), "chmod", syscall.EROFS)
	assertPathErr(t, fsys.Chown("/ro/sub", 1, 1), "chown", syscall.EROFS)
	assertPathErr(t, fsys.Chtimes("/ro/sub", past, past), "chtimes", syscall.EROFS)
	_, err = fsys.CreateAnonymous("/ro", 0o600)
	assertPathErr(t, err, "open", syscall.EROFS)
	_, err = fsys.CreatePublishable("/ro/sub", 0o600)
	assertPathErr(t, err, "open", syscall.EROFS)

	// Reading, listing, Stat, Chdir and SyncDir work.
	d, err := fsys.Open("/ro")
	require.NoError(t, err)
	names, err := d.Readdirnames(-1)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"rw", "sub"}, names)
	assertPathErr(t, d.(*membackend.File).Chmod(0o700), "chmod", syscall.EROFS)
	require.NoError(t, d.Close())
	_, err = fsys.OpenFile("/ro/sub", os.O_RDONLY|os.O_CREATE, 0o600)
	assertPathErr(t, err, "open", syscall.EISDIR)
	require.NoError(t, fsys.SyncDir("/ro/sub"))
	require.NoError(t, fsys.Chdir("/ro/sub"))
	_, err = fsys.Create("x")
	assertPathErr(t, err, "open", syscall.EROFS)
	require.NoError(t, fsys.Chdir("/"))

	// A writable mount inside a read-only one is writable; its mount
	// point cannot go.
	assert.Equal(t, "writable inside", readFile(t, fsys, "/ro/rw/f"))
	require.NoError(t, fsys.Rename("/ro/rw/f", "/ro/rw/g"))
	assertPathErr(t, fsys.Remove("/ro/rw"), "remove", syscall.EROFS)
	_, err = fsys.Stat("/ro/rw/inner")
	assert.ErrorIs(t, err, fs.ErrNotExist, "the mount at /ro/rw covers the earlier one below it")
	_, err = fsys.Stat("/ro/sub/deeper")
	require.NoError(t, err, "a mount point made inside a read-only mount, before it was read-only")
}

// TestMountRootBusy checks that the root of a mount is removed and
// renamed as Linux refuses a mount point: EBUSY, after emptying it for
// RemoveAll and RemoveTree.
func TestMountRootBusy(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(membackend.WithMount("/p/m"))
	assertPathErr(t, fsys.Remove("/p/m"), "remove", syscall.EBUSY)
	assertPathErr(t, fsys.Remove("/p/m/"), "remove", syscall.EBUSY)
	assertPathErr(t, fsys.Remove("/p"), "remove", syscall.ENOTEMPTY)
	require.NoError(t, fsys.MkdirAll("/p/m/a/b", 0o755))
	writeFile(t, fsys, "/p/m/f", "x")
	assertPathErr(t, fsys.Remove("/p/m"), "remove", syscall.EBUSY) // before ENOTEMPTY

	err := fsys.RemoveAll("/p/m")
	assertPathErr(t, err, "unlinkat", syscall.EBUSY)
	assertEmpty(t, fsys, "/p/m")
	writeFile(t, fsys, "/p/m/f", "x")
	err = fsys.RemoveAll("/p")
	assert.ErrorIs(t, err, syscall.EBUSY)
	assertEmpty(t, fsys, "/p/m")
	writeFile(t, fsys, "/p/m/f", "x")
	err = fsys.RemoveTree("/p")
	assert.ErrorIs(t, err, syscall.EBUSY)
	assertEmpty(t, fsys, "/p/m")

	assertLinkErr(t, fsys.Rename("/p/m", "/p/n"), "rename", syscall.EBUSY)
	require.NoError(t, fsys.Mkdir("/q", 0o755))
	assertLinkErr(t, fsys.Rename("/p/m", "/q/m"), "rename", syscall.EBUSY)
	// The directory holding a mount point moves with it, as on Linux.
	require.NoError(t, fsys.Rename("/p", "/q/p"))
	writeFile(t, fsys, "/q/p/m/f", "moved")
	assert.NotEqual(t, stat(t, fsys, "/q").Dev, stat(t, fsys, "/q/p/m").Dev)
}

func assertEmpty(t *testing.T, fsys *membackend.FS, dir string) {
	t.Helper()
	d, err := fsys.Open(dir)
	require.NoError(t, err)
	names, err := d.Readdirnames(-1)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Empty(t, names, "%s is emptied", dir)
}

// TestMountLayout checks how New applies mounts: in order, nested inside
// earlier ones, covering one at the same place, "/" as the root device's
// options, and a dir that is no path reported by Err.
func TestMountLayout(t *testing.T) {
	t.Parallel()
	t.Run("nested", func(t *testing.T) {
		t.Parallel()
		fsys := membackend.New(membackend.WithMount("/a"), membackend.WithMount("/a/b/c"))
		require.NoError(t, fsys.Err())
		a, b, c := stat(t, fsys, "/a"), stat(t, fsys, "/a/b"), stat(t, fsys, "/a/b/c")
		assert.Equal(t, a.Dev, b.Dev, "/a/b is made on /a's device")
		assert.NotEqual(t, b.Dev, c.Dev)
		assert.NotEqual(t, stat(t, fsys, "/").Dev, a.Dev)
		assertLinkErr(t, fsys.Rename("/a/b/c", "/a/c"), "rename", syscall.EBUSY)
	})
	t.Run("twice at one place", func(t *testing.T) {
		t.Parallel()
		fsys := membackend.New(
			membackend.WithMount("/m", membackend.WithCapacity(1)),
			membackend.WithMount("/m/inner"),
			membackend.WithMount("/m", membackend.WithCapacity(5)),
		)
		require.NoError(t, fsys.Err())
		_, err := fsys.Stat("/m/inner")
		assert.ErrorIs(t, err, fs.ErrNotExist, "the second mount covers the first and what is in it")
		writeFile(t, fsys, "/m/f", "12345")
		f, err := fsys.OpenFile("/m/f", os.O_WRONLY|os.O_APPEND, 0)
		require.NoError(t, err)
		_, err = f.Write([]byte("6"))
		assert.ErrorIs(t, err, syscall.ENOSPC, "the capacity of the mount on top")
		require.NoError(t, f.Close())
	})
	t.Run("at the root", func(t *testing.T) {
		t.Parallel()
		rootDev := stat(t, membackend.New(), "/").Dev
		for _, dir := range []string{"/", "//", "/.", "/tmp/..", "."} {
			fsys := membackend.New(membackend.WithMount(dir, membackend.WithCapacity(3), membackend.WithRootMode(0o700)))
			require.NoError(t, fsys.Err(), dir)
			assert.Equal(t, stat(t, fsys, "/").Dev, stat(t, fsys, "/tmp").Dev, "%s: one device still", dir)
			assert.NotEqual(t, rootDev, stat(t, fsys, "/").Dev)
			fi, err := fsys.Stat("/")
			require.NoError(t, err)
			assert.Equal(t, fs.ModeDir|0o700, fi.Mode(), dir)
			_, err = fsys.Stat("/tmp")
			require.NoError(t, err, "%s: / is not covered", dir)
			err = tryWrite(fsys, "/tmp/f", "1234")
			assert.ErrorIs(t, err, syscall.ENOSPC, dir)
		}
	})
	t.Run("relative and unclean", func(t *testing.T) {
		t.Parallel()
		fsys := membackend.New(membackend.WithMount("x/../y//z/"), membackend.WithMount("w"))
		require.NoError(t, fsys.Err())
		assert.NotEqual(t, stat(t, fsys, "/").Dev, stat(t, fsys, "/y/z").Dev)
		assert.NotEqual(t, stat(t, fsys, "/").Dev, stat(t, fsys, "/w").Dev)
		_, err := fsys.Stat("/x")
		require.NoError(t, err, `"x/.." makes x, as mkdir -p does`)
	})
	t.Run("no path", func(t *testing.T) {
		t.Parallel()
		long := "/" + strings.Repeat("n", 256)
		fsys := membackend.New(
			membackend.WithMount(""),
			membackend.WithMount("/a\x00b"),
			membackend.WithMount(long),
			membackend.WithMount("/"+strings.Repeat("p/", 2048)),
			membackend.WithMount("/good", nil, membackend.WithCapacity(1), nil),
			nil,
		)
		err := fsys.Err()
		require.Error(t, err)
		for _, want := range []syscall.Errno{syscall.ENOENT, syscall.EINVAL, syscall.ENAMETOOLONG} {
			assert.ErrorIs(t, err, want)
		}
		var pe *fs.PathError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "mount", pe.Op)
		assert.Len(t, strings.Split(err.Error(), "\n"), 4, "one error per bad mount")
		assert.NotEqual(t, stat(t, fsys, "/").Dev, stat(t, fsys, "/good").Dev, "the good mount is made")
		assert.NoError(t, membackend.New().Err())
	})
	t.Run("root mode and owner", func(t *testing.T) {
		t.Parallel()
		fsys := membackend.New(
			membackend.WithUser(1000, 1000),
			membackend.WithMount("/tmp"),
			membackend.WithMount("/srv/a"),
			membackend.WithMount("/srv/b", membackend.WithRootMode(0o777|fs.ModeSticky)),
		)
		for name, want := range map[string]fs.FileMode{
			"/tmp": fs.ModeDir | fs.ModeSticky | 0o777, "/srv": fs.ModeDir | 0o755,
			"/srv/a": fs.ModeDir | 0o755, "/srv/b": fs.ModeDir | fs.ModeSticky | 0o777,
		} {
			fi, err := fsys.Stat(name)
			require.NoError(t, err)
			assert.Equal(t, want, fi.Mode(), name)
			assert.Zero(t, statOf(t, fi).Uid, "%s is root's", name)
		}
		writeFile(t, fsys, "/srv/b/mine", "x")
		assert.Equal(t, 1000, stat(t, fsys, "/srv/b/mine").Uid)
		_, err := fsys.Create("/srv/a/f")
		assertPathErr(t, err, "open", syscall.EACCES)
	})
}

// tryWrite writes data to name as afero.WriteFile does, returning its
// error.
func tryWrite(fsys *membackend.FS, name, data string) error {
	f, err := fsys.Create(name)
	if err != nil {
		return err
	}
	_, err = f.Write([]byte(data))
	return errors.Join(err, f.Close())
}
