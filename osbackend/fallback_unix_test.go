//go:build unix

package osbackend_test

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/osbackend"
)

// The create-then-unlink path is what Linux falls back to when a
// filesystem refuses O_TMPFILE, and what other Unix systems always use.
func TestCreateUnlinked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f, err := osbackend.CreateUnlinked(dir, 0o600)
	require.NoError(t, err)
	defer f.Close()
	assert.Empty(t, dirNames(t, dir))
	_, err = f.WriteString("x")
	require.NoError(t, err)
	_, err = f.Seek(0, io.SeekStart)
	require.NoError(t, err)
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	assert.Equal(t, "x", string(b))

	missing := filepath.Join(dir, "missing")
	_, err = osbackend.CreateUnlinked(missing, 0o600)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, missing, pe.Path, "the error names the directory asked for, not the scratch name")
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestLinkThenRemove(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	writeFile(t, a, "A")
	writeFile(t, b, "B")
	err := osbackend.LinkThenRemove(a, b)
	assert.ErrorIs(t, err, fs.ErrExist)
	assert.Equal(t, "A", readFile(t, a))
	assert.Equal(t, "B", readFile(t, b))

	require.NoError(t, osbackend.LinkThenRemove(a, c))
	assert.Equal(t, "A", readFile(t, c))
	assert.Equal(t, []string{"b", "c"}, dirNames(t, dir))
}

// A hard link to a symbolic link is another name of the link, on every
// Unix: renaming a link this way moves the link, dangling or not, and
// leaves its target alone.
func TestHardLinksNeverFollowSymlinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	writeFile(t, target, "T")
	link := filepath.Join(dir, "link")
	dangling := filepath.Join(dir, "dangling")
	require.NoError(t, os.Symlink(target, link))
	require.NoError(t, os.Symlink(filepath.Join(dir, "nowhere"), dangling))

	isLink := func(name string) {
		t.Helper()
		fi, err := os.Lstat(name)
		require.NoError(t, err)
		assert.Equal(t, fs.ModeSymlink, fi.Mode().Type(), "%s is still a symbolic link", name)
	}
	require.NoError(t, osbackend.LinkThenRemove(link, filepath.Join(dir, "moved")))
	isLink(filepath.Join(dir, "moved"))
	require.NoError(t, osbackend.LinkThenRemove(dangling, filepath.Join(dir, "moved-dangling")))
	isLink(filepath.Join(dir, "moved-dangling"))
	require.NoError(t, osbackend.New().Link(filepath.Join(dir, "moved"), filepath.Join(dir, "second")))
	isLink(filepath.Join(dir, "second"))

	fi, err := os.Stat(target)
	require.NoError(t, err)
	assert.EqualValues(t, 1, fi.Sys().(*syscall.Stat_t).Nlink, "the target got no new name")
	assert.Equal(t, []string{"moved", "moved-dangling", "second", "target"}, dirNames(t, dir))
}

// "" is no directory, as open(2) says, not the working directory.
func TestCreateUnlinkedEmptyDir(t *testing.T) {
	wd := t.TempDir()
	t.Chdir(wd)
	_, err := osbackend.CreateUnlinked("", 0o600)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Empty(t, pe.Path)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Empty(t, dirNames(t, wd))
}

// RemoveTree works relative to each directory, so a tree deeper than
// PATH_MAX, which no path can name, goes too.
func TestRemoveTreeBeyondPathMax(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	top := filepath.Join(dir, "deep")
	require.NoError(t, os.Mkdir(top, 0o700))
	fd, err := unix.Open(top, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	require.NoError(t, err)
	name := strings.Repeat("d", 100)
	for range 60 { // 60 × 101 bytes: past PATH_MAX (4096)
		require.NoError(t, unix.Mkdirat(fd, name, 0o700))
		next, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		unix.Close(fd)
		require.NoError(t, err)
		fd = next
	}
	wfd, err := unix.Openat(fd, "f", unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
	unix.Close(fd)
	require.NoError(t, err)
	unix.Close(wfd)

	require.NoError(t, osbackend.New().RemoveTree(top))
	assert.Empty(t, dirNames(t, dir))
}
