package osbackend_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/wine"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	require.NoError(t, os.WriteFile(name, []byte(data), 0o600))
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := []string{}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestName(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "osbackend", osbackend.New().Name())
	var zero osbackend.FS
	assert.Equal(t, "osbackend", zero.Name())
}

func TestCreateExclusive(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	name := filepath.Join(dir, "f")

	f, err := fsys.CreateExclusive(name, 0o600)
	require.NoError(t, err)
	assert.Equal(t, name, f.Name())
	_, err = f.WriteString("hello")
	require.NoError(t, err)
	_, err = f.Seek(0, io.SeekStart)
	require.NoError(t, err)
	got, err := io.ReadAll(f)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(got), "the file is open for reading and writing")
	require.NoError(t, f.Close())
	assert.ErrorIs(t, f.Close(), fs.ErrClosed)

	fi, err := os.Stat(name)
	require.NoError(t, err)
	assert.Equal(t, filePerm(0o600), fi.Mode().Perm())
	assert.True(t, fi.Mode().IsRegular())

	ro := filepath.Join(dir, "ro")
	f, err = fsys.CreateExclusive(ro, 0o400)
	require.NoError(t, err)
	_, err = f.WriteString("x")
	assert.NoError(t, err, "the file is open for writing whatever its mode")
	require.NoError(t, f.Close())
	fi, err = os.Stat(ro)
	require.NoError(t, err)
	assert.Equal(t, filePerm(0o400), fi.Mode().Perm(), "a mode without the owner write bit (on Windows, the read-only attribute)")
}

// A temporary file is renamed into place (Persist) or removed while it
// is open. On Unix an open file always can be; on Windows only one
// opened with FILE_SHARE_DELETE, as CreateExclusive opens it.
func TestCreateExclusiveRenameAndRemoveWhileOpen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	name, moved := filepath.Join(dir, "f"), filepath.Join(dir, "moved")
	f, err := fsys.CreateExclusive(name, 0o600)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.WriteString("data")
	require.NoError(t, err)
	require.NoError(t, os.Rename(name, moved), "rename of an open file from CreateExclusive")
	assert.Equal(t, "data", readFile(t, moved))
	writeFile(t, name, "target")
	require.NoError(t, fsys.Rename(moved, name), "rename over an existing file, the source open")
	assert.Equal(t, "data", readFile(t, name))
	require.NoError(t, os.Remove(name), "removal of an open file from CreateExclusive")
	_, err = f.WriteString(" more")
	assert.NoError(t, err, "the file stays writable after its removal")
	require.NoError(t, f.Close())
	assert.Empty(t, dirNames(t, dir))
}

func TestCreateExclusiveErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	existing := filepath.Join(dir, "existing")
	writeFile(t, existing, "keep")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "subdir"), 0o700))

	for _, tc := range []struct {
		name string
		path string
		want error
	}{
		{"ExistingFile", existing, fs.ErrExist},
		{"ExistingDir", filepath.Join(dir, "subdir"), fs.ErrExist},
		{"MissingParent", filepath.Join(dir, "missing", "f"), fs.ErrNotExist},
		{"ParentIsFile", filepath.Join(existing, "f"), syscall_ENOTDIR},
		{"NUL", filepath.Join(dir, "a\x00b"), syscall.EINVAL}, // as os.OpenFile
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := fsys.CreateExclusive(tc.path, 0o600)
			assert.Nil(t, f)
			var pe *fs.PathError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "open", pe.Op)
			assert.Equal(t, tc.path, pe.Path)
			assert.ErrorIs(t, err, tc.want)
		})
	}
	assert.Equal(t, "keep", readFile(t, existing), "a refused create must not truncate")
}

// An attacker plants a symbolic link at the name a victim is about to
// create exclusively, hoping the victim writes through it.
func TestCreateExclusiveRefusesPlantedSymlink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()

	victimTarget := filepath.Join(dir, "precious")
	writeFile(t, victimTarget, "precious data")
	dangling := filepath.Join(dir, "would-be-created")

	for _, tc := range []struct{ name, target string }{
		{"ToExistingFile", victimTarget},
		{"Dangling", dangling},
		{"ToDirectory", dir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			link := filepath.Join(dir, "link-"+tc.name)
			symlink(t, tc.target, link)
			f, err := fsys.CreateExclusive(link, 0o600)
			assert.Nil(t, f)
			assert.ErrorIs(t, err, fs.ErrExist)
			fi, err := os.Lstat(link)
			require.NoError(t, err)
			assert.Equal(t, fs.ModeSymlink, fi.Mode().Type(), "the link itself is left as it was")
		})
	}
	assert.Equal(t, "precious data", readFile(t, victimTarget))
	_, err := os.Lstat(dangling)
	assert.ErrorIs(t, err, fs.ErrNotExist, "a dangling link's target must not be created")
}

func TestCreateExclusiveRace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	const names, racers = 200, 8
	for i := range names {
		name := filepath.Join(dir, strconv.Itoa(i))
		var wins atomic.Int32
		var wg sync.WaitGroup
		for r := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f, err := fsys.CreateExclusive(name, 0o600)
				if err != nil {
					assert.ErrorIs(t, err, fs.ErrExist)
					return
				}
				wins.Add(1)
				_, werr := f.WriteString(strconv.Itoa(r))
				assert.NoError(t, werr)
				assert.NoError(t, f.Close())
			}()
		}
		wg.Wait()
		assert.EqualValues(t, 1, wins.Load(), "exactly one winner for %s", name)
	}
}

func TestCreateAnonymous(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()

	f, err := fsys.CreateAnonymous(dir, 0o600)
	skipIfNoAnonymous(t, err, dir)
	require.NoError(t, err)
	defer f.Close()
	assert.Empty(t, dirNames(t, dir), "an anonymous file has no name in its directory")
	_, err = os.Stat(f.Name())
	assert.ErrorIs(t, err, fs.ErrNotExist, "Name does not refer to the file")

	_, err = f.WriteString("anonymous data")
	require.NoError(t, err)
	buf := make([]byte, 9)
	_, err = f.ReadAt(buf, 5)
	require.NoError(t, err)
	assert.Equal(t, "mous data", string(buf))
	fi, err := f.Stat()
	require.NoError(t, err)
	assert.EqualValues(t, 14, fi.Size())
	assert.Equal(t, filePerm(0o600), fi.Mode().Perm())
	require.NoError(t, f.Close())
	assert.Empty(t, dirNames(t, dir))
}

// skipIfNoAnonymous skips a test of an anonymous file that
// CreateAnonymous refused, on Windows, with an error wrapping
// errors.ErrUnsupported, having checked that the refusal left nothing in
// dir. Windows keeps that promise only with a POSIX-semantics delete, which
// Wine and some filesystems lack; anywhere else the refusal is a failure.
func skipIfNoAnonymous(t *testing.T, err error, dir string) {
	t.Helper()
	if runtime.GOOS != "windows" || !errors.Is(err, errors.ErrUnsupported) {
		return
	}
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "open", pe.Op)
	assert.Empty(t, dirNames(t, dir), "a refused CreateAnonymous leaves nothing")
	if v, ok := wine.Version(); ok {
		t.Skipf("Wine %s: no POSIX-semantics delete (FileDispositionInfoEx is refused), so no anonymous file: %v", v, err)
	}
	t.Fatalf("CreateAnonymous on Windows: %v", err)
}

func TestCreateAnonymousMissingDir(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "missing")
	f, err := osbackend.New().CreateAnonymous(missing, 0o600)
	assert.Nil(t, f)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, missing, pe.Path)
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestLink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	writeFile(t, a, "A")
	require.NoError(t, fsys.Link(a, b))
	assert.Equal(t, "A", readFile(t, b))

	err := fsys.Link(a, b)
	var le *os.LinkError
	require.ErrorAs(t, err, &le)
	assert.ErrorIs(t, err, fs.ErrExist)
}

func TestRenameNoReplace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	writeFile(t, a, "A")
	writeFile(t, b, "B")

	err := fsys.RenameNoReplace(a, b)
	var le *os.LinkError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "rename", le.Op)
	assert.ErrorIs(t, err, fs.ErrExist)
	assert.Equal(t, "A", readFile(t, a), "a refused rename changes nothing")
	assert.Equal(t, "B", readFile(t, b))

	require.NoError(t, fsys.RenameNoReplace(a, c))
	assert.Equal(t, "A", readFile(t, c))
	_, err = os.Stat(a)
	assert.ErrorIs(t, err, fs.ErrNotExist)

	// Directories move too, with their contents.
	d, e := filepath.Join(dir, "d"), filepath.Join(dir, "e")
	require.NoError(t, os.Mkdir(d, 0o700))
	writeFile(t, filepath.Join(d, "inner"), "I")
	require.NoError(t, fsys.RenameNoReplace(d, e))
	assert.Equal(t, "I", readFile(t, filepath.Join(e, "inner")))

	err = fsys.RenameNoReplace(a, filepath.Join(dir, "x"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestSyncDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := osbackend.New()
	err := fsys.SyncDir(dir)
	if runtime.GOOS == "windows" && errors.Is(err, errors.ErrUnsupported) {
		// Windows refused to flush the directory ("Access denied").
		var pe *fs.PathError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "sync", pe.Op)
	} else {
		assert.NoError(t, err)
	}

	var pe *fs.PathError
	err = fsys.SyncDir(filepath.Join(dir, "missing"))
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, fs.ErrNotExist)

	file := filepath.Join(dir, "file")
	writeFile(t, file, "")
	err = fsys.SyncDir(file)
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, syscall.ENOTDIR)
}

func TestTempDirsFromEnvironment(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the Unix candidates (TMPDIR, /tmp): Windows has its own, checked by TestTempDirsWindows")
	}
	t.Setenv("TMPDIR", "/from-tmpdir")
	t.Setenv("TEMP", "")
	t.Setenv("TMP", "/from-tmp")
	dirs := osbackend.New().TempDirs()
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(dirs), 3)
	assert.Equal(t, []string{"/from-tmpdir", "/from-tmp"}, dirs[:2], "set variables first, empty ones skipped")
	assert.Equal(t, wd, dirs[len(dirs)-1], "the working directory last")
	if runtime.GOOS != "windows" {
		assert.Equal(t, []string{"/tmp", "/var/tmp", "/usr/tmp"}, dirs[2:5])
	}

	// The environment is read on each call.
	t.Setenv("TMPDIR", "/changed")
	assert.Equal(t, "/changed", osbackend.New().TempDirs()[0])
}

func TestWithTempDirs(t *testing.T) {
	t.Parallel()
	in := []string{"/a", "/b"}
	fsys := osbackend.New(osbackend.WithTempDirs(in...))
	in[0] = "/changed"
	got := fsys.TempDirs()
	assert.Equal(t, []string{"/a", "/b"}, got, "the option copies its arguments")
	got[1] = "/changed"
	assert.Equal(t, []string{"/a", "/b"}, fsys.TempDirs(), "the result is a fresh slice")
	assert.Equal(t, []string{"/a", "/b"}, vfs.TempDirs(fsys))
}

func TestZeroValueIsUsable(t *testing.T) {
	t.Parallel()
	var fsys osbackend.FS
	dir := t.TempDir()
	f, err := vfs.CreateExclusive(&fsys, filepath.Join(dir, "f"), 0o600)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	assert.NotEmpty(t, fsys.TempDirs())
}
