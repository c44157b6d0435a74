package osbackend_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/osbackend"
)

func fdOf(t *testing.T, f any) int {
	t.Helper()
	osf, ok := f.(*os.File)
	require.True(t, ok, "osbackend files are *os.File, got %T", f)
	return int(osf.Fd())
}

func TestDescriptorsAreCloseOnExec(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	excl, err := fsys.CreateExclusive(filepath.Join(dir, "f"), 0o600)
	require.NoError(t, err)
	defer excl.Close()
	anon, err := fsys.CreateAnonymous(dir, 0o600)
	require.NoError(t, err)
	defer anon.Close()

	for name, f := range map[string]any{"CreateExclusive": excl, "CreateAnonymous": anon} {
		flags, err := unix.FcntlInt(uintptr(fdOf(t, f)), unix.F_GETFD, 0)
		require.NoError(t, err)
		assert.NotZero(t, flags&unix.FD_CLOEXEC, "%s must set FD_CLOEXEC", name)
	}
}

func TestPublish(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	f, err := fsys.CreatePublishable(dir, 0o640)
	require.NoError(t, err)
	defer f.Close()
	assert.Empty(t, dirNames(t, dir))
	_, err = f.WriteString("complete")
	require.NoError(t, err)

	target := filepath.Join(dir, "published")
	require.NoError(t, fsys.Publish(f, target))
	assert.Equal(t, "complete", readFile(t, target))
	fi, err := os.Stat(target)
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o640)&^umask(), fi.Mode().Perm())

	// The handle stays open and refers to the published file.
	_, err = f.WriteString("!")
	require.NoError(t, err)
	assert.Equal(t, "complete!", readFile(t, target))

	// Once it has a name, it is no longer anonymous: a second Publish is
	// refused.
	err = fsys.Publish(f, filepath.Join(dir, "second"))
	var le *os.LinkError
	require.ErrorAs(t, err, &le)
	assert.ErrorIs(t, err, fs.ErrInvalid)
	assert.Equal(t, []string{"published"}, dirNames(t, dir))
}

func TestPublishNeverReplaces(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	f, err := fsys.CreatePublishable(dir, 0o600)
	require.NoError(t, err)
	defer f.Close()
	other := filepath.Join(dir, "other")
	writeFile(t, other, "keep")
	err = fsys.Publish(f, other)
	var le *os.LinkError
	require.ErrorAs(t, err, &le)
	assert.ErrorIs(t, err, fs.ErrExist)
	assert.Equal(t, "keep", readFile(t, other))

	err = fsys.Publish(f, filepath.Join(dir, "missing", "x"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.NotErrorIs(t, err, errors.ErrUnsupported)
}

// Publish must not become a way to give any open file another name.
func TestPublishRefusesNamedFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	named, err := fsys.CreateExclusive(filepath.Join(dir, "named"), 0o600)
	require.NoError(t, err)
	defer named.Close()
	err = fsys.Publish(named, filepath.Join(dir, "alias"))
	assert.ErrorIs(t, err, fs.ErrInvalid)
	assert.Equal(t, []string{"named"}, dirNames(t, dir))
}

// A file from CreateAnonymous is made so that no call can give it a name:
// not Publish, and not linkat(2) through /proc/self/fd, which any process
// of the same user could reach.
func TestAnonymousFilesCannotBeNamed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	f, err := fsys.CreateAnonymous(dir, 0o600)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.WriteString("secret")
	require.NoError(t, err)

	err = fsys.Publish(f, filepath.Join(dir, "published"))
	var le *os.LinkError
	require.ErrorAs(t, err, &le)
	assert.ErrorIs(t, err, errors.ErrUnsupported)

	proc := "/proc/self/fd/" + strconv.Itoa(fdOf(t, f))
	err = unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, filepath.Join(dir, "linked"), unix.AT_SYMLINK_FOLLOW)
	assert.ErrorIs(t, err, unix.ENOENT)
	assert.Empty(t, dirNames(t, dir))
}

// Names the kernel refuses before it looks at O_TMPFILE are bad input,
// not a missing capability.
func TestCreatePublishableBadNames(t *testing.T) {
	t.Parallel()
	fsys := osbackend.New()
	for _, tc := range []struct {
		dir  string
		want error
	}{
		{"", fs.ErrNotExist},
		{t.TempDir() + "/a\x00b", unix.EINVAL},
	} {
		_, err := fsys.CreatePublishable(tc.dir, 0o600)
		var pe *fs.PathError
		require.ErrorAs(t, err, &pe, "%q", tc.dir)
		assert.Equal(t, tc.dir, pe.Path)
		assert.ErrorIs(t, err, tc.want, "%q", tc.dir)
		assert.NotErrorIs(t, err, errors.ErrUnsupported, "%q", tc.dir)

		_, err = fsys.CreateAnonymous(tc.dir, 0o600)
		assert.ErrorIs(t, err, tc.want, "CreateAnonymous(%q)", tc.dir)
	}
}

func TestPublishRefusesOtherFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()

	unlinked, err := osbackend.CreateUnlinked(dir, 0o600)
	require.NoError(t, err)
	defer unlinked.Close()
	err = fsys.Publish(unlinked, filepath.Join(dir, "a"))
	assert.ErrorIs(t, err, errors.ErrUnsupported)

	mem, err := afero.NewMemMapFs().Create("/m")
	require.NoError(t, err)
	err = fsys.Publish(mem, filepath.Join(dir, "b"))
	var le *os.LinkError
	require.ErrorAs(t, err, &le)
	assert.ErrorIs(t, err, fs.ErrInvalid)
	assert.Empty(t, dirNames(t, dir))
}

func TestCreatePublishableMissingDir(t *testing.T) {
	t.Parallel()
	_, err := osbackend.New().CreatePublishable(filepath.Join(t.TempDir(), "missing"), 0o600)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.NotErrorIs(t, err, errors.ErrUnsupported)
}

func TestCreatePublishableOnFile(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	writeFile(t, file, "")
	_, err := osbackend.New().CreatePublishable(file, 0o600)
	assert.ErrorIs(t, err, unix.ENOTDIR)
}

func umask() fs.FileMode {
	m := unix.Umask(0)
	unix.Umask(m)
	return fs.FileMode(m)
}

func TestPublishClosedFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	f, err := fsys.CreatePublishable(dir, 0o600)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	err = fsys.Publish(f, filepath.Join(dir, "x"))
	assert.ErrorIs(t, err, fs.ErrClosed)
	assert.Empty(t, dirNames(t, dir))
}

func TestRenameNoReplaceIntoItself(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	require.NoError(t, os.Mkdir(a, 0o700))
	err := osbackend.New().RenameNoReplace(a, filepath.Join(a, "b"))
	assert.ErrorIs(t, err, unix.EINVAL)
	assert.Equal(t, []string{"a"}, dirNames(t, dir))
}
