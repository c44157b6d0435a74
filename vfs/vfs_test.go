package vfs_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/vfs"
)

// plain hides every optional method of the filesystem it wraps, so the
// helpers take their fallback path.
type plain struct{ afero.Fs }

// withLink adds hard links, through the OS, to a plain OS filesystem.
type withLink struct{ afero.Fs }

func (withLink) Link(oldname, newname string) error { return os.Link(oldname, newname) }

// failRemove fails every Remove of a name that is open, as Windows does,
// until the file has been closed.
type failRemove struct {
	afero.Fs
	open map[string]bool
}

type trackedFile struct {
	afero.File
	fsys *failRemove
}

func (f trackedFile) Close() error {
	delete(f.fsys.open, f.Name())
	return f.File.Close()
}

func (r *failRemove) OpenFile(name string, flag int, perm fs.FileMode) (afero.File, error) {
	f, err := r.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	r.open[name] = true
	return trackedFile{f, r}, nil
}

func (r *failRemove) Remove(name string) error {
	if r.open[name] {
		return &fs.PathError{Op: "remove", Path: name, Err: fs.ErrPermission}
	}
	return r.Fs.Remove(name)
}

// recorder implements every capability and records which was called.
type recorder struct {
	afero.Fs
	called []string
}

func (r *recorder) note(s string) { r.called = append(r.called, s) }

func (r *recorder) CreateExclusive(string, fs.FileMode) (vfs.File, error) {
	r.note("CreateExclusive")
	return nil, nil
}

func (r *recorder) CreateAnonymous(string, fs.FileMode) (vfs.File, error) {
	r.note("CreateAnonymous")
	return nil, nil
}

func (r *recorder) CreatePublishable(string, fs.FileMode) (vfs.File, error) {
	r.note("CreatePublishable")
	return nil, nil
}
func (r *recorder) Publish(vfs.File, string) error       { r.note("Publish"); return nil }
func (r *recorder) Link(string, string) error            { r.note("Link"); return nil }
func (r *recorder) RenameNoReplace(string, string) error { r.note("RenameNoReplace"); return nil }
func (r *recorder) SyncDir(string) error                 { r.note("SyncDir"); return nil }
func (r *recorder) RemoveTree(string) error              { r.note("RemoveTree"); return nil }
func (r *recorder) TempDirs() []string                   { r.note("TempDirs"); return []string{"/x"} }
func (r *recorder) Getwd() (string, error)               { r.note("Getwd"); return "/wd", nil }
func (r *recorder) LstatIfPossible(string) (fs.FileInfo, bool, error) {
	r.note("Lstat")
	return nil, true, nil
}
func (r *recorder) SymlinkIfPossible(string, string) error { r.note("Symlink"); return nil }
func (r *recorder) ReadlinkIfPossible(string) (string, error) {
	r.note("Readlink")
	return "t", nil
}

func TestHelpersUseTheCapability(t *testing.T) {
	t.Parallel()
	r := &recorder{Fs: afero.NewMemMapFs()}
	_, _ = vfs.CreateExclusive(r, "a", 0o600)
	_, _ = vfs.CreateAnonymous(r, "/", 0o600)
	_, _ = vfs.CreatePublishable(r, "/", 0o600)
	f, err := afero.NewMemMapFs().Create("/f")
	require.NoError(t, err)
	defer f.Close()
	_ = vfs.Publish(r, f, "b") // a nil File would be refused before the capability
	_ = vfs.Link(r, "a", "b")
	_ = vfs.RenameNoReplace(r, "a", "b")
	_ = vfs.SyncDir(r, "/")
	_ = vfs.RemoveTree(r, "/")
	assert.Equal(t, []string{"/x"}, vfs.TempDirs(r))
	wd, _ := vfs.Getwd(r)
	assert.Equal(t, "/wd", wd)
	_, _ = vfs.Lstat(r, "a")
	_ = vfs.Symlink(r, "a", "b")
	s, _ := vfs.Readlink(r, "a")
	assert.Equal(t, "t", s)
	assert.Equal(t, []string{"CreateExclusive", "CreateAnonymous", "CreatePublishable", "Publish",
		"Link", "RenameNoReplace", "SyncDir", "RemoveTree", "TempDirs", "Getwd", "Lstat", "Symlink", "Readlink"}, r.called)
	// Nothing was created behind the capability's back.
	entries, err := afero.ReadDir(r.Fs, "/")
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestCreateExclusiveFallback(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		fsys func(t *testing.T) (vfs.Fs, string)
	}{
		{"MemMapFs", func(*testing.T) (vfs.Fs, string) { return plain{afero.NewMemMapFs()}, "/d" }},
		{"OsFs", func(t *testing.T) (vfs.Fs, string) { return plain{afero.NewOsFs()}, t.TempDir() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := tc.fsys(t)
			require.NoError(t, fsys.MkdirAll(dir, 0o755))
			name := filepath.Join(dir, "f")
			f, err := vfs.CreateExclusive(fsys, name, 0o600)
			require.NoError(t, err)
			_, err = f.WriteString("first")
			require.NoError(t, err)
			require.NoError(t, f.Close())

			_, err = vfs.CreateExclusive(fsys, name, 0o600)
			assert.ErrorIs(t, err, fs.ErrExist)
			got, err := afero.ReadFile(fsys, name)
			require.NoError(t, err)
			assert.Equal(t, "first", string(got), "a failed exclusive create must not truncate")
		})
	}
}

func TestCreateExclusiveFallbackRefusesSymlink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	link := filepath.Join(dir, "link")
	symlink(t, target, link) // dangling

	_, err := vfs.CreateExclusive(plain{afero.NewOsFs()}, link, 0o600)
	assert.ErrorIs(t, err, fs.ErrExist)
	_, err = os.Lstat(target)
	assert.ErrorIs(t, err, fs.ErrNotExist, "the link's target must not be created")
}

func TestCreateAnonymousFallback(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		fsys func(t *testing.T) (vfs.Fs, string)
	}{
		{"MemMapFs", func(*testing.T) (vfs.Fs, string) { return plain{afero.NewMemMapFs()}, "/d" }},
		{"OsFs", func(t *testing.T) (vfs.Fs, string) { return plain{afero.NewOsFs()}, t.TempDir() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := tc.fsys(t)
			require.NoError(t, fsys.MkdirAll(dir, 0o755))
			f, err := vfs.CreateAnonymous(fsys, dir, 0o600)
			if runtime.GOOS == "windows" && tc.name == "OsFs" {
				// os.OpenFile does not share deletion, so the name of an
				// open file cannot be removed: the fallback says so and
				// leaves nothing.
				assert.Nil(t, f)
				assert.ErrorIs(t, err, errors.ErrUnsupported)
				entries, err := afero.ReadDir(fsys, dir)
				require.NoError(t, err)
				assert.Empty(t, entries, "the fallback removes the file it made")
				return
			}
			require.NoError(t, err)
			entries, err := afero.ReadDir(fsys, dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "an anonymous file has no name")

			_, err = f.WriteString("data")
			require.NoError(t, err)
			_, err = f.Seek(0, io.SeekStart)
			require.NoError(t, err)
			got, err := io.ReadAll(f)
			require.NoError(t, err)
			assert.Equal(t, "data", string(got))
			require.NoError(t, f.Close())
		})
	}
}

func TestCreateAnonymousFallbackCannotUnlinkOpenFile(t *testing.T) {
	t.Parallel()
	fsys := &failRemove{Fs: afero.NewMemMapFs(), open: map[string]bool{}}
	require.NoError(t, fsys.MkdirAll("/d", 0o755))

	f, err := vfs.CreateAnonymous(fsys, "/d", 0o600)
	assert.Nil(t, f)
	require.ErrorIs(t, err, errors.ErrUnsupported)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "/d", pe.Path)
	entries, err := afero.ReadDir(fsys, "/d")
	require.NoError(t, err)
	assert.Empty(t, entries, "the fallback must remove the file it made")
}

func TestCreateAnonymousFallbackMissingDir(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "missing")
	_, err := vfs.CreateAnonymous(plain{afero.NewOsFs()}, missing, 0o600)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, missing, pe.Path, "the error names the directory asked for, not the scratch name")
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestCreateAnonymousFallbackEmptyDir(t *testing.T) {
	fsys := plain{afero.NewMemMapFs()}
	_, err := vfs.CreateAnonymous(fsys, "", 0o600)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	entries, err := afero.ReadDir(fsys, "")
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is created at a relative name")
}

func TestUnsupportedCapabilities(t *testing.T) {
	t.Parallel()
	fsys := plain{afero.NewMemMapFs()}
	f, err := afero.TempFile(fsys, "", "x")
	require.NoError(t, err)
	defer f.Close()

	_, err = vfs.CreatePublishable(fsys, "/", 0o600)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, errors.ErrUnsupported)

	err = vfs.RemoveTree(fsys, f.Name())
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	_, err = fsys.Stat(f.Name())
	assert.NoError(t, err, "an unsupported RemoveTree removes nothing")

	var le *os.LinkError
	for name, err := range map[string]error{
		"Publish":         vfs.Publish(fsys, f, "/p"),
		"Link":            vfs.Link(fsys, f.Name(), "/l"),
		"RenameNoReplace": vfs.RenameNoReplace(fsys, f.Name(), "/r"),
		"Symlink":         vfs.Symlink(fsys, f.Name(), "/s"),
	} {
		require.ErrorAs(t, err, &le, name)
		assert.ErrorIs(t, err, errors.ErrUnsupported, name)
	}
	_, err = vfs.Readlink(fsys, "/s")
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, errors.ErrUnsupported)

	// Nothing was renamed or linked.
	_, err = fsys.Stat(f.Name())
	assert.NoError(t, err)
	for _, n := range []string{"/p", "/l", "/r", "/s"} {
		_, err = fsys.Stat(n)
		assert.ErrorIs(t, err, fs.ErrNotExist, n)
	}
}

func TestAferoReadOnlySymlinkIsUnsupported(t *testing.T) {
	t.Parallel()
	fsys := afero.NewReadOnlyFs(afero.NewMemMapFs())
	err := vfs.Symlink(fsys, "a", "b")
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	assert.ErrorIs(t, err, afero.ErrNoSymlink)
}

func TestRenameNoReplaceFallback(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := withLink{plain{afero.NewOsFs()}}
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	require.NoError(t, os.WriteFile(a, []byte("A"), 0o600))
	require.NoError(t, os.WriteFile(b, []byte("B"), 0o600))

	err := vfs.RenameNoReplace(fsys, a, b)
	var le *os.LinkError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "rename", le.Op)
	assert.ErrorIs(t, err, fs.ErrExist)
	for name, want := range map[string]string{a: "A", b: "B"} {
		got, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.Equal(t, want, string(got), "a refused rename changes nothing")
	}

	require.NoError(t, vfs.RenameNoReplace(fsys, a, c))
	_, err = os.Stat(a)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	got, err := os.ReadFile(c)
	require.NoError(t, err)
	assert.Equal(t, "A", string(got))

	err = vfs.RenameNoReplace(fsys, a, filepath.Join(dir, "d"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestSyncDirFallback(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	err := vfs.SyncDir(plain{afero.NewOsFs()}, dir)
	if runtime.GOOS == "windows" {
		// FlushFileBuffers refuses a directory opened for reading.
		var pe *fs.PathError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "sync", pe.Op)
		assert.Equal(t, dir, pe.Path)
		assert.ErrorIs(t, err, errors.ErrUnsupported)
		assert.ErrorIs(t, err, fs.ErrPermission, "the refusal is kept inside")
	} else {
		assert.NoError(t, err)
	}
	assert.NoError(t, vfs.SyncDir(plain{afero.NewMemMapFs()}, "/"))

	err = vfs.SyncDir(plain{afero.NewOsFs()}, filepath.Join(dir, "missing"))
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// tempDirsOf returns the same slice on every call.
type tempDirsOf struct {
	afero.Fs
	dirs []string
}

func (f tempDirsOf) TempDirs() []string { return f.dirs }

func TestTempDirsIsFresh(t *testing.T) {
	t.Parallel()
	fsys := tempDirsOf{afero.NewMemMapFs(), []string{"/a", "/b"}}
	got := vfs.TempDirs(fsys)
	got[0] = "/changed"
	assert.Equal(t, []string{"/a", "/b"}, vfs.TempDirs(fsys), "changing the result must not change the filesystem's list")
}

func TestTempDirsFallback(t *testing.T) {
	t.Parallel()
	dirs := vfs.TempDirs(plain{afero.NewMemMapFs()})
	assert.Equal(t, vfs.DefaultTempDirs(), dirs)
	require.NotEmpty(t, dirs)
	assert.Equal(t, os.TempDir(), dirs[0])
	assert.Contains(t, dirs, "/tmp")
}

func TestLstatSymlinkReadlinkOnOs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := afero.NewOsFs()
	link := filepath.Join(dir, "l")
	symlink(t, "nowhere", link)
	require.NoError(t, os.Remove(link))
	require.NoError(t, vfs.Symlink(fsys, "nowhere", link))
	fi, err := vfs.Lstat(fsys, link)
	require.NoError(t, err)
	assert.Equal(t, fs.ModeSymlink, fi.Mode().Type())
	got, err := vfs.Readlink(fsys, link)
	require.NoError(t, err)
	assert.Equal(t, "nowhere", got)

	// Without Lstater, Lstat is Stat, which follows the dangling link.
	_, err = vfs.Lstat(plain{fsys}, link)
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestAbs(t *testing.T) {
	t.Parallel()
	r := &recorder{Fs: afero.NewMemMapFs()}
	for _, tc := range []struct{ name, want string }{
		{"a/b", filepath.Join("/wd", "a", "b")},
		{".", "/wd"},
		{"../x", "/x"},
		{filepath.Join(string(filepath.Separator), "abs", "..", "p"), filepath.Join(string(filepath.Separator), "p")},
	} {
		got, err := vfs.Abs(r, tc.name)
		require.NoError(t, err, tc.name)
		assert.Equal(t, filepath.FromSlash(tc.want), got, tc.name)
	}
	// Without a working directory, a relative name cannot be made absolute.
	got, err := vfs.Abs(afero.NewMemMapFs(), "rel")
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	assert.Equal(t, "rel", got)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "rel", pe.Path)
	abs := filepath.Join(string(filepath.Separator), "x")
	if runtime.GOOS == "windows" {
		abs = `C:\x` // \x is on the working directory's volume
	}
	got, err = vfs.Abs(afero.NewMemMapFs(), abs)
	assert.NoError(t, err, "an absolute name needs no working directory")
	assert.Equal(t, abs, got)
	_, err = vfs.Getwd(nil)
	assert.ErrorIs(t, err, fs.ErrInvalid)

	if runtime.GOOS == "windows" {
		// A name rooted at a separator is on the working directory's
		// volume, as filepath.Abs makes it for the process.
		w := wdOf{afero.NewMemMapFs(), `D:\work`}
		for name, want := range map[string]string{`\x\..\y`: `D:\y`, `/y`: `D:\y`, `y`: `D:\work\y`} {
			got, err := vfs.Abs(w, name)
			require.NoError(t, err, name)
			assert.Equal(t, want, got, name)
		}
	}
}

// wdOf has the working directory wd.
type wdOf struct {
	afero.Fs
	wd string
}

func (w wdOf) Getwd() (string, error) { return w.wd, nil }
