package membackend_test

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

func TestCapabilityString(t *testing.T) {
	t.Parallel()
	for c, want := range map[membackend.Capability]string{
		membackend.CapTmpfile: "Tmpfile", membackend.CapRenameNoReplace: "RenameNoReplace",
		membackend.CapHardLinks: "HardLinks", membackend.CapSymlinks: "Symlinks",
		0: "Capability(0)", 99: "Capability(99)",
	} {
		assert.Equal(t, want, c.String())
	}
}

// TestWithoutTmpfile checks a device without O_TMPFILE: CreatePublishable
// is unsupported, CreateAnonymous makes a named file and removes the name,
// and tempfile, falling back, still writes files atomically.
func TestWithoutTmpfile(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(membackend.WithMount("/old", membackend.WithoutCapabilities(membackend.CapTmpfile)))
	_, err := fsys.CreatePublishable("/old", 0o600)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "open", pe.Op)
	assert.Equal(t, "/old", pe.Path)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	assert.ErrorIs(t, err, syscall.EOPNOTSUPP)
	_, err = vfs.CreatePublishable(fsys, "/old", 0o600)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	p, err := fsys.CreatePublishable("/tmp", 0o600)
	require.NoError(t, err, "the root device has O_TMPFILE")
	require.NoError(t, p.Close())

	f, err := fsys.CreateAnonymous("/old", 0o640)
	require.NoError(t, err)
	_, err = f.Write([]byte("data"))
	require.NoError(t, err)
	fi, err := f.Stat()
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o640), fi.Mode())
	assert.Zero(t, statOf(t, fi).Nlink, "no name refers to it")
	assertEmpty(t, fsys, "/old")
	require.NoError(t, f.Close())
	_, err = fsys.CreateAnonymous("/old/nope", 0o600)
	assert.ErrorIs(t, err, fs.ErrNotExist)

	require.NoError(t, tempfile.WriteFile(fsys, "/old/target", []byte("v1"), 0o644))
	require.NoError(t, tempfile.WriteFile(fsys, "/old/target", []byte("v2"), 0o644))
	assert.Equal(t, "v2", readFile(t, fsys, "/old/target"))
	a, err := tempfile.NewAnonymous(fsys, tempfile.WithDir("/old"))
	require.NoError(t, err)
	require.NoError(t, a.Close())
	d, err := fsys.Open("/old")
	require.NoError(t, err)
	names, err := d.Readdirnames(-1)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Equal(t, []string{"target"}, names, "no temporary file is left")
}

// TestWithoutRenameNoReplace checks RenameNoReplace on a device without
// RENAME_NOREPLACE: vfs's link-then-remove, still never replacing, and
// errors.ErrUnsupported where hard links are missing too.
func TestWithoutRenameNoReplace(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(
		membackend.WithMount("/a", membackend.WithoutCapabilities(membackend.CapRenameNoReplace)),
		membackend.WithMount("/b", membackend.WithoutCapabilities(membackend.CapRenameNoReplace, membackend.CapHardLinks)),
	)
	writeFile(t, fsys, "/a/f", "f")
	writeFile(t, fsys, "/a/taken", "t")
	assertLinkErr(t, fsys.RenameNoReplace("/a/f", "/a/taken"), "rename", syscall.EEXIST)
	assert.Equal(t, "t", readFile(t, fsys, "/a/taken"))
	require.NoError(t, fsys.RenameNoReplace("/a/f", "/a/g"))
	assert.Equal(t, "f", readFile(t, fsys, "/a/g"))
	_, err := fsys.Stat("/a/f")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assertLinkErr(t, fsys.RenameNoReplace("/a/nope", "/a/h"), "rename", syscall.ENOENT)
	assertLinkErr(t, fsys.RenameNoReplace("/a/g", "/b/g"), "rename", syscall.EXDEV)

	writeFile(t, fsys, "/b/f", "f")
	err = fsys.RenameNoReplace("/b/f", "/b/g")
	var le *os.LinkError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "rename", le.Op)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	assert.Equal(t, "f", readFile(t, fsys, "/b/f"), "nothing changes")
	require.NoError(t, fsys.Rename("/b/f", "/b/g"), "a plain rename still works")

	// tempfile's no-clobber replace takes the fallback.
	require.NoError(t, tempfile.WriteFile(fsys, "/a/new", []byte("n"), 0o644, tempfile.WithNoClobber()))
	assert.ErrorIs(t, tempfile.WriteFile(fsys, "/a/new", []byte("m"), 0o644, tempfile.WithNoClobber()), fs.ErrExist)
	assert.Equal(t, "n", readFile(t, fsys, "/a/new"))
}

// TestWithoutLinks checks hard and symbolic links on a device without
// them: EPERM, as vfat gives.
func TestWithoutLinks(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(membackend.WithMount("/fat", membackend.WithoutCapabilities(membackend.CapHardLinks, membackend.CapSymlinks)))
	writeFile(t, fsys, "/fat/f", "f")
	assertLinkErr(t, fsys.Link("/fat/f", "/fat/g"), "link", syscall.EPERM)
	assertLinkErr(t, fsys.Link("/fat/f", "/fat/f"), "link", syscall.EEXIST)
	assertLinkErr(t, fsys.SymlinkIfPossible("f", "/fat/l"), "symlink", syscall.EPERM)
	assertLinkErr(t, fsys.SymlinkIfPossible("f", "/fat/f"), "symlink", syscall.EEXIST)
	assertLinkErr(t, vfs.Link(fsys, "/fat/f", "/fat/g"), "link", syscall.EPERM)
	p, err := fsys.CreatePublishable("/fat", 0o600)
	require.NoError(t, err)
	assertLinkErr(t, fsys.Publish(p, "/fat/p"), "link", syscall.EPERM)
	require.NoError(t, p.Close())
	// The root device links.
	require.NoError(t, fsys.SymlinkIfPossible("/fat/f", "/l"))
	assert.Equal(t, "f", readFile(t, fsys, "/l"))
	// Given to New, the options are the root device's.
	root := membackend.New(membackend.WithoutCapabilities(membackend.CapSymlinks, 0, 200))
	assertLinkErr(t, root.SymlinkIfPossible("x", "/tmp/l"), "symlink", syscall.EPERM)
	writeFile(t, root, "/tmp/f", "f")
	require.NoError(t, root.Link("/tmp/f", "/tmp/g"))
}

func TestLinuxHost(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(membackend.WithLinuxHost())
	require.NoError(t, fsys.Err())
	root := stat(t, fsys, "/")
	devs := map[string]uint64{}
	for name, want := range map[string]fs.FileMode{
		"/":        fs.ModeDir | 0o755,
		"/tmp":     fs.ModeDir | fs.ModeSticky | 0o777,
		"/var/tmp": fs.ModeDir | fs.ModeSticky | 0o777,
		"/dev":     fs.ModeDir | 0o755,
		"/dev/shm": fs.ModeDir | fs.ModeSticky | 0o777,
	} {
		fi, err := fsys.Stat(name)
		require.NoError(t, err, name)
		assert.Equal(t, want, fi.Mode(), name)
		assert.Zero(t, statOf(t, fi).Uid, name)
		devs[name] = statOf(t, fi).Dev
	}
	assert.Equal(t, root.Dev, devs["/var/tmp"])
	assert.Equal(t, root.Dev, devs["/dev"])
	assert.NotEqual(t, root.Dev, devs["/tmp"])
	assert.NotEqual(t, root.Dev, devs["/dev/shm"])
	assert.NotEqual(t, devs["/tmp"], devs["/dev/shm"])

	writeFile(t, fsys, "/tmp/f", "x")
	assertLinkErr(t, fsys.Rename("/tmp/f", "/var/tmp/f"), "rename", syscall.EXDEV)
	assertLinkErr(t, fsys.Rename("/tmp/f", "/dev/shm/f"), "rename", syscall.EXDEV)
	require.NoError(t, fsys.Remove("/tmp/f"))

	// The capacities: 16 GiB on "/", 1 GiB on each tmpfs, files counted
	// by their size (holes cost no memory here).
	for dir, size := range map[string]int64{"/var/tmp": 16 << 30, "/tmp": 1 << 30, "/dev/shm": 1 << 30} {
		f, err := fsys.Create(dir + "/big")
		require.NoError(t, err)
		require.NoError(t, f.Truncate(size), dir)
		assertPathErr(t, f.Truncate(size+1), "truncate", syscall.ENOSPC)
		require.NoError(t, f.Close())
		require.NoError(t, fsys.Remove(dir+"/big"))
	}

	// Later options change it.
	big := membackend.New(membackend.WithLinuxHost(), membackend.WithCapacity(-1), membackend.WithMount("/tmp", membackend.WithReadOnly()))
	f, err := big.Create("/big")
	require.NoError(t, err)
	require.NoError(t, f.Truncate(32<<30))
	require.NoError(t, f.Close())
	_, err = big.Create("/tmp/x")
	assertPathErr(t, err, "open", syscall.EROFS)
	_, err = tempfile.TempDir(big)
	assert.Error(t, err, "no writable temporary directory")
}
