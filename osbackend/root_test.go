package osbackend_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// openTestRoot opens a Root on a fresh directory and returns it with the
// directory's host path.
func openTestRoot(t *testing.T, opts ...osbackend.Option) (*osbackend.Root, string) {
	t.Helper()
	dir := t.TempDir()
	r, err := osbackend.OpenRoot(dir, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { r.Close() })
	return r, dir
}

func rootRead(t *testing.T, fsys vfs.Fs, name string) string {
	t.Helper()
	b, err := afero.ReadFile(fsys, name)
	require.NoError(t, err)
	return string(b)
}

func TestOpenRootErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))

	_, err := osbackend.OpenRoot(filepath.Join(dir, "missing"))
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Equal(t, filepath.Join(dir, "missing"), pe.Path)

	_, err = osbackend.OpenRoot(file)
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, syscall.ENOTDIR)
	assert.Equal(t, file, pe.Path)

	_, err = osbackend.OpenRoot(dir, nil)
	assert.ErrorIs(t, err, fs.ErrInvalid, "a nil Option")
	assert.Contains(t, err.Error(), "OpenRoot")

	_, err = osbackend.OpenRoot(dir, osbackend.WithTempDirs("/a"), osbackend.WithTempDirs("/b"))
	assert.ErrorIs(t, err, fs.ErrInvalid, "WithTempDirs twice")
	assert.Contains(t, err.Error(), "WithTempDirs")
}

func TestNewIgnoresNilOption(t *testing.T) {
	t.Parallel()
	fsys := osbackend.New(nil, osbackend.WithTempDirs("/x"), nil)
	assert.Equal(t, []string{"/x"}, fsys.TempDirs())
	fsys = osbackend.New(osbackend.WithTempDirs("/a"), osbackend.WithTempDirs("/b"))
	assert.Equal(t, []string{"/b"}, fsys.TempDirs(), "the last WithTempDirs counts for New")
}

func TestRootName(t *testing.T) {
	t.Parallel()
	r, _ := openTestRoot(t)
	assert.Equal(t, "osbackend.Root", r.Name())
}

// TestRootNames checks that "", "." and "/" are the root and a leading
// separator means the root, and that Files report the caller's name.
func TestRootNames(t *testing.T) {
	t.Parallel()
	r, host := openTestRoot(t)
	require.NoError(t, r.MkdirAll("/tmp", 0o700))
	require.NoError(t, afero.WriteFile(r, "/tmp/x", []byte("x"), 0o600))
	assert.Equal(t, "x", readHost(t, filepath.Join(host, "tmp", "x")), "/tmp/x is the entry tmp/x of the root")

	for _, name := range []string{"", ".", "/", "//", "/.", "/..", "tmp/.."} {
		fi, err := r.Stat(name)
		if assert.NoError(t, err, "Stat(%q)", name) {
			assert.True(t, fi.IsDir(), "Stat(%q)", name)
		}
		d, err := r.Open(name)
		if assert.NoError(t, err, "Open(%q)", name) {
			names, err := d.Readdirnames(-1)
			assert.NoError(t, err)
			assert.Equal(t, []string{"tmp"}, names, "Open(%q) is the root", name)
			assert.Equal(t, name, d.Name())
			d.Close()
		}
	}
	for _, name := range []string{"/tmp/x", "tmp/x", "tmp//x", "/tmp/./x", "tmp/../tmp/x", "/../tmp/x"} {
		f, err := r.Open(name)
		if assert.NoError(t, err, "Open(%q)", name) {
			assert.Equal(t, name, f.Name(), "a File's Name is the name it was opened with")
			f.Close()
		}
	}
	f, err := r.CreateExclusive("/tmp/y", 0o600)
	require.NoError(t, err)
	assert.Equal(t, "/tmp/y", f.Name())
	require.NoError(t, f.Close())
}

func readHost(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// TestRootErrorsNameCallersPath checks that errors are *fs.PathError or
// *os.LinkError naming the caller's path, never the host's, with the
// errno inside.
func TestRootErrorsNameCallersPath(t *testing.T) {
	t.Parallel()
	r, host := openTestRoot(t)
	require.NoError(t, afero.WriteFile(r, "/file", []byte("x"), 0o600))
	require.NoError(t, r.Mkdir("/dir", 0o700))
	require.NoError(t, afero.WriteFile(r, "/dir/f", []byte("x"), 0o600))
	for _, tc := range []struct {
		name string
		path string
		err  error
		call func() error
	}{
		{"Open", "/missing", fs.ErrNotExist, func() error { _, err := r.Open("/missing"); return err }},
		{"OpenFile", "/missing/x", fs.ErrNotExist, func() error { _, err := r.OpenFile("/missing/x", os.O_RDWR|os.O_CREATE, 0o600); return err }},
		{"OpenFileNotDir", "/file/x", syscall.ENOTDIR, func() error { _, err := r.OpenFile("/file/x", os.O_RDWR|os.O_CREATE, 0o600); return err }},
		{"CreateExclusive", "/file", fs.ErrExist, func() error { _, err := r.CreateExclusive("/file", 0o600); return err }},
		{"CreateExclusiveMissing", "/missing/x", fs.ErrNotExist, func() error { _, err := r.CreateExclusive("/missing/x", 0o600); return err }},
		{"CreateAnonymous", "/missing", fs.ErrNotExist, func() error { _, err := r.CreateAnonymous("/missing", 0o600); return err }},
		{"Mkdir", "/dir", fs.ErrExist, func() error { return r.Mkdir("/dir", 0o700) }},
		{"MkdirAll", "/file/x", syscall.ENOTDIR, func() error { return r.MkdirAll("/file/x", 0o700) }},
		{"Remove", "/dir", errNotEmpty, func() error { return r.Remove("/dir") }},
		{"RemoveMissing", "/missing", fs.ErrNotExist, func() error { return r.Remove("/missing") }},
		{"Stat", "/missing", fs.ErrNotExist, func() error { _, err := r.Stat("/missing"); return err }},
		{"Lstat", "/missing", fs.ErrNotExist, func() error { _, err := vfs.Lstat(r, "/missing"); return err }},
		{"Readlink", "/file", errNotLink, func() error { _, err := vfs.Readlink(r, "/file"); return err }},
		{"Chmod", "/missing", fs.ErrNotExist, func() error { return r.Chmod("/missing", 0o600) }},
		{"Chown", "/missing", errChownMissing, func() error { return r.Chown("/missing", os.Getuid(), os.Getgid()) }},
		{"Chtimes", "/missing", fs.ErrNotExist, func() error { return r.Chtimes("/missing", time.Now(), time.Now()) }},
		{"SyncDir", "/missing", fs.ErrNotExist, func() error { return r.SyncDir("/missing") }},
		{"Escape", "../x", nil, func() error { _, err := r.Stat("../x"); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			require.Error(t, err)
			var pe *fs.PathError
			if assert.ErrorAs(t, err, &pe) {
				assert.Equal(t, tc.path, pe.Path)
				assert.Equal(t, strings.ToLower(pe.Op), pe.Op, "op %q", pe.Op)
			}
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
			}
			assert.NotContains(t, err.Error(), host, "the error must not name the host's path")
		})
	}
	for _, tc := range []struct {
		name string
		err  error
		call func() error
	}{
		{"Rename", fs.ErrNotExist, func() error { return r.Rename("/missing", "/x") }},
		{"RenameNoReplace", fs.ErrExist, func() error { return r.RenameNoReplace("/file", "/dir") }},
		{"Link", fs.ErrExist, func() error { return r.Link("/file", "/dir") }},
		{"Symlink", fs.ErrExist, func() error { return r.SymlinkIfPossible("target", "/file") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var le *os.LinkError
			require.ErrorAs(t, err, &le)
			assert.ErrorIs(t, err, tc.err)
			assert.False(t, strings.HasPrefix(le.Old, host) || strings.HasPrefix(le.New, host), "%v names the host's path", err)
		})
	}
	t.Run("File", func(t *testing.T) {
		f, err := r.Open("/dir/f")
		require.NoError(t, err)
		require.NoError(t, f.Close())
		_, err = f.Read(make([]byte, 1))
		var pe *fs.PathError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "/dir/f", pe.Path, "an error of a closed File names the name it was opened with")
		assert.ErrorIs(t, err, fs.ErrClosed)
		assert.ErrorIs(t, f.Close(), fs.ErrClosed, "the second Close of a File")
	})
}

// TestRootModes checks modes and the refusal of setuid, setgid and
// sticky bits, which os.Root cannot create.
func TestRootModes(t *testing.T) {
	t.Parallel()
	r, _ := openTestRoot(t)
	f, err := r.CreateExclusive("f", 0o600)
	require.NoError(t, err)
	f.Close()
	fi, err := r.Stat("f")
	require.NoError(t, err)
	assert.Equal(t, filePerm(0o600), fi.Mode().Perm())

	require.NoError(t, r.Mkdir("d", fs.ModeDir|0o700), "a type bit is ignored, as os.Mkdir ignores it")
	fi, err = r.Stat("d")
	require.NoError(t, err)
	assert.True(t, fi.IsDir())
	if runtime.GOOS != "windows" { // where a directory has no mode of its own
		assert.Equal(t, fs.ModeDir|0o700, fi.Mode())
	}

	for _, mode := range []fs.FileMode{fs.ModeSticky | 0o700, fs.ModeSetuid | 0o600, fs.ModeSetgid | 0o700} {
		assert.ErrorIs(t, r.Mkdir("special", mode), errors.ErrUnsupported, "Mkdir %v", mode)
		assert.ErrorIs(t, r.MkdirAll("special/x", mode), errors.ErrUnsupported, "MkdirAll %v", mode)
		_, err := r.OpenFile("special", os.O_RDWR|os.O_CREATE, mode)
		assert.ErrorIs(t, err, errors.ErrUnsupported, "OpenFile %v", mode)
		_, err = r.CreateExclusive("special", mode)
		assert.ErrorIs(t, err, errors.ErrUnsupported, "CreateExclusive %v", mode)
		_, err = vfs.Lstat(r, "special")
		assert.ErrorIs(t, err, fs.ErrNotExist, "a refused mode creates nothing")
	}
	f, err = r.OpenFile("f", os.O_RDONLY, fs.ModeSticky|0o777)
	if assert.NoError(t, err, "perm is ignored without O_CREATE") {
		f.Close()
	}
	require.NoError(t, r.Chmod("d", fs.ModeSticky|0o700), "Chmod sets the sticky bit")
	skipIfNoUnixModes(t)
	fi, err = r.Stat("d")
	require.NoError(t, err)
	assert.Equal(t, fs.ModeDir|fs.ModeSticky|0o700, fi.Mode())
}

// TestRootClose checks that every method fails with fs.ErrClosed after
// Close, that a second Close returns nil and that files stay open.
func TestRootClose(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r, err := osbackend.OpenRoot(dir)
	require.NoError(t, err)
	require.NoError(t, afero.WriteFile(r, "f", []byte("data"), 0o600))
	require.NoError(t, r.Mkdir("d", 0o700))
	open, err := r.Open("f")
	require.NoError(t, err)
	defer open.Close()
	excl, err := r.CreateExclusive("g", 0o600)
	require.NoError(t, err)
	defer excl.Close()

	require.NoError(t, r.Close())
	assert.NoError(t, r.Close(), "a second Close")

	calls := map[string]func() error{
		"Create":          func() error { _, err := r.Create("x"); return err },
		"Open":            func() error { _, err := r.Open("f"); return err },
		"OpenFile":        func() error { _, err := r.OpenFile("f", os.O_RDWR, 0); return err },
		"CreateExclusive": func() error { _, err := r.CreateExclusive("x", 0o600); return err },
		"CreateAnonymous": func() error { _, err := r.CreateAnonymous("/", 0o600); return err },
		"Mkdir":           func() error { return r.Mkdir("x", 0o700) },
		"MkdirAll":        func() error { return r.MkdirAll("x/y", 0o700) },
		"Remove":          func() error { return r.Remove("f") },
		"RemoveAll":       func() error { return r.RemoveAll("d") },
		"RemoveTree":      func() error { return r.RemoveTree("d") },
		"Rename":          func() error { return r.Rename("f", "x") },
		"RenameNoReplace": func() error { return r.RenameNoReplace("f", "x") },
		"Link":            func() error { return r.Link("f", "x") },
		"Symlink":         func() error { return r.SymlinkIfPossible("f", "x") },
		"Readlink":        func() error { _, err := r.ReadlinkIfPossible("f"); return err },
		"Stat":            func() error { _, err := r.Stat("f"); return err },
		"Lstat":           func() error { _, _, err := r.LstatIfPossible("f"); return err },
		"Chmod":           func() error { return r.Chmod("f", 0o644) },
		"Chown":           func() error { return r.Chown("f", os.Getuid(), os.Getgid()) },
		"Chtimes":         func() error { return r.Chtimes("f", time.Now(), time.Now()) },
		"SyncDir":         func() error { return r.SyncDir("d") },
	}
	for name, call := range calls {
		assert.ErrorIs(t, call(), fs.ErrClosed, "%s after Close", name)
	}
	assert.Equal(t, []string{"d", "f", "g"}, hostNames(t, dir), "nothing changed after Close")
	assert.Equal(t, "data", readAllFile(t, open), "a File opened before Close stays open")
	_, err = excl.Write([]byte("x"))
	assert.NoError(t, err, "a File created before Close stays open")
}

func hostNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func readAllFile(t *testing.T, f vfs.File) string {
	t.Helper()
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	return string(b)
}

// TestRootFileKeepsOSMethods checks that files from every way of opening
// them keep *os.File's methods that callers type-assert.
func TestRootFileKeepsOSMethods(t *testing.T) {
	t.Parallel()
	r, _ := openTestRoot(t)
	type osLike interface {
		Fd() uintptr
		SyscallConn() (syscall.RawConn, error)
		Chmod(fs.FileMode) error
		Chown(uid, gid int) error
		ReadDir(int) ([]fs.DirEntry, error)
		io.ReaderFrom
	}
	excl, err := r.CreateExclusive("excl", 0o600)
	require.NoError(t, err)
	defer excl.Close()
	created, err := r.Create("created")
	require.NoError(t, err)
	defer created.Close()
	anon, err := r.CreateAnonymous("/", 0o600)
	if errors.Is(err, errors.ErrUnsupported) {
		anon = nil
	} else {
		require.NoError(t, err)
		defer anon.Close()
	}
	for _, f := range []vfs.File{excl, created, anon} {
		if f == nil {
			continue
		}
		x, ok := f.(osLike)
		if !assert.True(t, ok, "%s (%T) lacks a method of *os.File", f.Name(), f) {
			continue
		}
		assert.NotEqual(t, ^uintptr(0), x.Fd())
		assert.NoError(t, x.Chmod(0o640), "Chmod of %s", f.Name())
		n, err := x.ReadFrom(strings.NewReader("abc"))
		assert.NoError(t, err)
		assert.Equal(t, int64(3), n)
	}
	fi, err := r.Stat("excl")
	require.NoError(t, err)
	assert.Equal(t, filePerm(0o640), fi.Mode().Perm(), "File.Chmod acts on the file")
	for _, f := range []vfs.File{excl, anon} {
		if f != nil {
			require.NoError(t, f.(osLike).Chmod(0o440))
			fi, err := f.Stat()
			require.NoError(t, err)
			assert.Equal(t, filePerm(0o440), fi.Mode().Perm(), "File.Chmod 0440 of %s (on Windows, the read-only attribute)", f.Name())
		}
	}

	// ReadDir's entries describe themselves relative to the directory's
	// descriptor, not by a path that means something else on the host.
	d, err := r.Open("/")
	require.NoError(t, err)
	defer d.Close()
	entries, err := d.(osLike).ReadDir(-1)
	require.NoError(t, err)
	for _, e := range entries {
		info, err := e.Info()
		if assert.NoError(t, err, "Info of %s", e.Name()) {
			assert.Equal(t, e.Name(), info.Name())
		}
	}
}

func TestRootCreateExclusivePlantedSymlink(t *testing.T) {
	t.Parallel()
	r, host := openTestRoot(t)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	require.NoError(t, os.WriteFile(secret, []byte("secret"), 0o600))
	require.NoError(t, afero.WriteFile(r, "inside", []byte("inside"), 0o600))
	for _, tc := range []struct{ name, target string }{
		{"ToFileInside", "inside"},
		{"ToFileInsideAbsolute", filepath.Join(host, "inside")},
		{"ToFileOutside", secret},
		{"ToFileOutsideRelative", "../" + filepath.Base(outside) + "/secret"},
		{"DanglingInside", "nowhere"},
		{"DanglingOutside", filepath.Join(outside, "nowhere")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			link := "/link-" + tc.name
			rootSymlink(t, r, tc.target, link)
			for what, create := range map[string]func() (vfs.File, error){
				"CreateExclusive":  func() (vfs.File, error) { return r.CreateExclusive(link, 0o600) },
				"OpenFile(O_EXCL)": func() (vfs.File, error) { return r.OpenFile(link, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600) },
			} {
				f, err := create()
				if f != nil {
					f.Write([]byte("attacker"))
					f.Close()
				}
				assert.ErrorIs(t, err, fs.ErrExist, "%s of a symbolic link to %s", what, tc.target)
			}
			fi, err := vfs.Lstat(r, link)
			require.NoError(t, err)
			assert.Equal(t, fs.ModeSymlink, fi.Mode().Type(), "the link stays")
		})
	}
	assert.Equal(t, "secret", readHost(t, secret))
	assert.Equal(t, "inside", rootRead(t, r, "inside"))
	_, err := os.Lstat(filepath.Join(outside, "nowhere"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
	_, err = r.Stat("nowhere")
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestRootTempDirs(t *testing.T) {
	t.Parallel()
	sep := string(filepath.Separator)
	r, _ := openTestRoot(t)
	assert.Equal(t, []string{sep}, r.TempDirs(), "no /tmp in the root")
	require.NoError(t, afero.WriteFile(r, "/tmp", nil, 0o600))
	assert.Equal(t, []string{sep}, r.TempDirs(), "a file /tmp is no candidate")
	require.NoError(t, r.Remove("/tmp"))
	require.NoError(t, r.Mkdir("/tmp", 0o700))
	assert.Equal(t, []string{sep + "tmp", sep}, r.TempDirs())

	dir, err := tempfile.TempDir(r)
	require.NoError(t, err)
	assert.Equal(t, sep+"tmp", dir)
	f, err := tempfile.CreateTemp(r, "", "x-*")
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, sep+"tmp", filepath.Dir(f.Name()), "CreateTemp's default directory is the root's /tmp")

	w, _ := openTestRoot(t, osbackend.WithTempDirs("/work", "/"))
	assert.Equal(t, []string{"/work", "/"}, w.TempDirs())
	got := w.TempDirs()
	got[0] = "changed"
	assert.Equal(t, []string{"/work", "/"}, w.TempDirs(), "a fresh slice")
	dir, err = tempfile.TempDir(w)
	require.NoError(t, err)
	assert.Equal(t, "/", dir, "/work is missing in the root, so / it is")
}

func TestRootRemoveTree(t *testing.T) {
	t.Parallel()
	r, host := openTestRoot(t)
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "keep"), []byte("keep"), 0o600))
	require.NoError(t, r.MkdirAll("/tree/a/b", 0o700))
	require.NoError(t, afero.WriteFile(r, "/tree/a/b/f", []byte("f"), 0o600))
	rootSymlink(t, r, outside, "/tree/a/abs")
	rootSymlink(t, r, "../../..", "/tree/a/b/up")
	require.NoError(t, r.MkdirAll("/tree/ro/sub", 0o700))
	require.NoError(t, afero.WriteFile(r, "/tree/ro/sub/f", nil, 0o600))
	require.NoError(t, r.Chmod("/tree/ro/sub", 0o500))
	require.NoError(t, r.Chmod("/tree/ro", 0o100))

	require.NoError(t, r.RemoveTree("/tree"))
	_, err := vfs.Lstat(r, "/tree")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Equal(t, "keep", readHost(t, filepath.Join(outside, "keep")))
	assert.Empty(t, hostNames(t, host))

	assert.NoError(t, r.RemoveTree("/missing"), "a missing name")
	assert.NoError(t, r.RemoveTree("/missing/x"), "a missing parent")

	rootSymlink(t, r, outside, "/link")
	require.NoError(t, r.RemoveTree("/link"), "a link to a directory is removed itself")
	assert.Equal(t, []string{"keep"}, hostNames(t, outside))

	for _, name := range []string{"", ".", "/", "/.."} {
		err := r.RemoveTree(name)
		var pe *fs.PathError
		if assert.ErrorAs(t, err, &pe, "RemoveTree(%q)", name) {
			assert.ErrorIs(t, err, fs.ErrInvalid)
			assert.Equal(t, name, pe.Path)
		}
	}
	err = r.RemoveTree("../x")
	assert.Error(t, err, "a name that leads out")
	assert.NotErrorIs(t, err, fs.ErrNotExist)
}

func TestRootRenameNoReplace(t *testing.T) {
	t.Parallel()
	r, _ := openTestRoot(t)
	require.NoError(t, afero.WriteFile(r, "a", []byte("A"), 0o600))
	require.NoError(t, afero.WriteFile(r, "b", []byte("B"), 0o600))
	require.NoError(t, r.Mkdir("d", 0o700))
	err := r.RenameNoReplace("a", "b")
	var le *os.LinkError
	require.ErrorAs(t, err, &le)
	assert.ErrorIs(t, err, fs.ErrExist)
	assert.Equal(t, "B", rootRead(t, r, "b"))
	require.NoError(t, r.RenameNoReplace("a", "/d/c"))
	assert.Equal(t, "A", rootRead(t, r, "d/c"))
	assert.ErrorIs(t, r.RenameNoReplace("a", "c"), fs.ErrNotExist)
	assert.Error(t, r.RenameNoReplace("/", "x"), "the root cannot be renamed")
	assert.Error(t, r.RenameNoReplace("b", "/"), "nothing can be renamed onto the root")
	err = r.RenameNoReplace("d", "d/sub")
	if runtime.GOOS == "windows" {
		assert.Error(t, err, "a directory into itself") // Access denied, or a sharing violation
	} else {
		assert.ErrorIs(t, err, syscall.EINVAL, "a directory into itself")
	}
	_, err = r.Stat("d/sub")
	assert.ErrorIs(t, err, fs.ErrNotExist, "a refused rename changes nothing")

	// The fallback, link then remove, through the root.
	require.NoError(t, vfs.RenameNoReplace(hideRename{r}, "b", "d/b"))
	assert.ErrorIs(t, vfs.RenameNoReplace(hideRename{r}, "d/b", "d/c"), fs.ErrExist)
}

// hideRename hides RenameNoReplace, so that vfs falls back to Link.
type hideRename struct{ *osbackend.Root }

func (hideRename) RenameNoReplace() {}

func TestRootAnonymous(t *testing.T) {
	t.Parallel()
	r, host := openTestRoot(t)
	require.NoError(t, r.Mkdir("/tmp", 0o700))
	f, err := r.CreateAnonymous("/tmp", 0o600)
	skipIfNoAnonymous(t, err, filepath.Join(host, "tmp"))
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Write([]byte("data"))
	require.NoError(t, err)
	assert.Equal(t, "/tmp", filepath.Dir(f.Name()))
	assert.Empty(t, hostNames(t, filepath.Join(host, "tmp")))
	fi, err := f.Stat()
	require.NoError(t, err)
	assert.Equal(t, filePerm(0o600), fi.Mode().Perm())

	nf, err := tempfile.NewAnonymous(r, tempfile.WithDir("/tmp"))
	require.NoError(t, err)
	defer nf.Close()
	assert.Empty(t, hostNames(t, filepath.Join(host, "tmp")))
}

func TestRootLinkAndSymlink(t *testing.T) {
	t.Parallel()
	r, _ := openTestRoot(t)
	require.NoError(t, afero.WriteFile(r, "a", []byte("A"), 0o600))
	require.NoError(t, r.Link("/a", "/b"))
	assert.Equal(t, "A", rootRead(t, r, "b"))

	rootSymlink(t, r, "a", "/rel")
	rootSymlink(t, r, "/a", "/abs")
	got, err := r.ReadlinkIfPossible("/abs")
	require.NoError(t, err)
	assert.Equal(t, "/a", got, "the target is stored as given")
	assert.Equal(t, "A", rootRead(t, r, "/rel"), "a relative link inside is followed")
	_, err = r.Open("/abs")
	assert.Error(t, err, "an absolute link is never followed, even to a place inside")

	require.NoError(t, r.Link("/rel", "/rel2"), "a link is linked itself")
	fi, err := vfs.Lstat(r, "/rel2")
	require.NoError(t, err)
	assert.Equal(t, fs.ModeSymlink, fi.Mode().Type())
	fi, isLstat, err := r.LstatIfPossible("/rel")
	require.NoError(t, err)
	assert.True(t, isLstat)
	assert.Equal(t, fs.ModeSymlink, fi.Mode().Type())
}

func TestRootSyncDir(t *testing.T) {
	t.Parallel()
	r, _ := openTestRoot(t)
	require.NoError(t, r.Mkdir("d", 0o700))
	require.NoError(t, afero.WriteFile(r, "d/f", nil, 0o600))
	err := r.SyncDir("/d")
	if runtime.GOOS == "windows" {
		assert.ErrorIs(t, err, errors.ErrUnsupported)
		return
	}
	assert.NoError(t, err)
	assert.NoError(t, r.SyncDir("/"))
	assert.ErrorIs(t, r.SyncDir("/d/f"), syscall.ENOTDIR)
}

// TestRootFIFO checks that a FIFO planted where a directory is expected
// makes the call fail rather than block.
func TestRootFIFO(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no FIFOs")
	}
	r, host := openTestRoot(t)
	require.NoError(t, mkfifo(filepath.Join(host, "fifo")))
	done := make(chan struct{})
	go func() {
		defer close(done)
		assert.Error(t, r.SyncDir("fifo"))
		_, err := r.CreateAnonymous("fifo", 0o600)
		assert.Error(t, err)
		assert.Error(t, r.RenameNoReplace("fifo/x", "y"))
		assert.NoError(t, r.RemoveTree("fifo"))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("blocked on a FIFO")
	}
}

// TestRootCloseWhileInUse closes a Root while other goroutines create and
// remove files through it: each call either works or fails with
// fs.ErrClosed, and nothing lands anywhere but in the root.
func TestRootCloseWhileInUse(t *testing.T) {
	t.Parallel()
	host := t.TempDir()
	dir := filepath.Join(host, "root")
	require.NoError(t, os.Mkdir(dir, 0o700))
	r, err := osbackend.OpenRoot(dir)
	require.NoError(t, err)
	require.NoError(t, r.Mkdir("sub", 0o700))
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				name := fmt.Sprintf("sub/f%d-%d", w, i)
				f, err := r.CreateExclusive(name, 0o600)
				if err != nil {
					errs <- err
					return
				}
				f.Close()
				if err := r.Remove(name); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, r.Close())
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.ErrorIs(t, err, fs.ErrClosed)
	}
	assert.Equal(t, []string{"root"}, hostNames(t, host))
}
