package tempfile_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

func TestDirCleanup(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithPrefix("d-"))
		require.NoError(t, err)
		assert.Regexp(t, `^d-`+randomPart+`$`, filepath.Base(d.Path()))
		fi, err := fsys.Stat(d.Path())
		require.NoError(t, err)
		require.True(t, fi.IsDir())
		if runtime.GOOS != "windows" {
			assert.Equal(t, fs.FileMode(0o700), fi.Mode().Perm())
		}
		require.NoError(t, d.WriteTree(map[string]string{
			"a.txt":       "A",
			"sub/b.txt":   "B",
			"sub/deep/c":  "C",
			"empty/":      "",
			"x/y/z/":      "",
			"sub/deep/c2": "",
		}))
		assert.Equal(t, "C", readFile(t, fsys, filepath.Join(d.Path(), "sub", "deep", "c")))
		assert.Equal(t, []string{"a.txt", "empty", "sub", "x"}, listDir(t, fsys, d.Path()))
		fi, err = fsys.Stat(filepath.Join(d.Path(), "sub", "b.txt"))
		require.NoError(t, err)
		if runtime.GOOS != "windows" {
			assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm())
		}

		require.NoError(t, d.Cleanup())
		assert.Empty(t, listDir(t, fsys, dir))
		for range 2 {
			assert.NoError(t, d.Cleanup(), "Cleanup is idempotent")
		}
	})
}

func TestDirKeep(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		d.Keep()
		require.NoError(t, d.Cleanup())
		assert.Equal(t, []string{filepath.Base(d.Path())}, listDir(t, fsys, dir))

		e, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithKeep())
		require.NoError(t, err)
		require.NoError(t, e.Cleanup())
		assert.Len(t, listDir(t, fsys, dir), 2)
	})
}

// TestDirCleanupModes: every owner mode from 000 to 700 on files and
// directories; Cleanup still removes everything (Python's test_modes). The
// operating system enforces the modes only for a non-root user;
// TestDirCleanupModesEnforced enforces them for everyone.
func TestDirCleanupModes(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		var dirs []string
		for m := fs.FileMode(0); m <= 0o700; m += 0o100 {
			sub := "d" + m.String()[1:4] + "/f" // slash-separated, as Dir takes it
			require.NoError(t, d.WriteFile(sub, []byte("x")))
			p, err := d.Join(sub)
			require.NoError(t, err)
			require.NoError(t, fsys.Chmod(p, m))
			dirs = append(dirs, filepath.Dir(p))
			require.NoError(t, fsys.Chmod(filepath.Dir(p), m))
		}
		require.NoError(t, fsys.Chmod(d.Path(), 0o500))
		require.NoError(t, d.Cleanup())
		assert.Empty(t, listDir(t, fsys, dir))
	})
}

// TestDirCleanupSymlinkInside: a link in the tree to a directory outside
// is removed, not followed; the target and its modes are untouched
// (Python's test_cleanup_with_symlink_to_a_directory and _modes).
func TestDirCleanupSymlinkInside(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireSymlinks(t, fsys, dir)
		outside := filepath.Join(dir, "outside")
		require.NoError(t, fsys.Mkdir(outside, 0o700))
		writeFile(t, fsys, filepath.Join(outside, "precious"), "keep me")
		require.NoError(t, fsys.Chmod(filepath.Join(outside, "precious"), 0o400))
		// Read-only only now: a user who is not root cannot create in it.
		require.NoError(t, fsys.Chmod(outside, 0o555))

		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, d.MkdirAll("a/b"))
		require.NoError(t, vfs.Symlink(fsys, outside, filepath.Join(d.Path(), "a", "b", "link")))
		require.NoError(t, vfs.Symlink(fsys, filepath.Join(outside, "precious"), filepath.Join(d.Path(), "filelink")))
		require.NoError(t, fsys.Chmod(filepath.Join(d.Path(), "a"), 0o500))

		require.NoError(t, d.Cleanup())
		assert.Equal(t, []string{"outside"}, listDir(t, fsys, dir))
		assert.Equal(t, "keep me", readFile(t, fsys, filepath.Join(outside, "precious")))
		fi, err := fsys.Stat(outside)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o555), fi.Mode().Perm(), "the target's mode is untouched")
		fi, err = fsys.Stat(filepath.Join(outside, "precious"))
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o400), fi.Mode().Perm())
		require.NoError(t, fsys.Chmod(outside, 0o700))
	})
}

// TestDirReplacedBySymlink: an attacker replaces the temp dir with a link
// to a directory of the victim before Cleanup; Cleanup removes the link
// only.
func TestDirReplacedBySymlink(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireSymlinks(t, fsys, dir)
		victim := filepath.Join(dir, "victim")
		require.NoError(t, fsys.Mkdir(victim, 0o700))
		writeFile(t, fsys, filepath.Join(victim, "precious"), "keep me")

		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, d.WriteFile("f", []byte("x")))
		require.NoError(t, fsys.RemoveAll(d.Path()))
		require.NoError(t, vfs.Symlink(fsys, victim, d.Path()))

		err = d.Cleanup()
		assert.ErrorIs(t, err, fs.ErrInvalid, "the replacement is reported")
		var pe *fs.PathError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, d.Path(), pe.Path)
		assert.NoError(t, d.Cleanup(), "and only once")
		assert.Equal(t, []string{"victim"}, listDir(t, fsys, dir), "the link is gone")
		assert.Equal(t, []string{"precious"}, listDir(t, fsys, victim))
		assert.Equal(t, "keep me", readFile(t, fsys, filepath.Join(victim, "precious")))
	})
}

// TestDirHelpersRefuseEscapes: paths that leave the directory fail with
// ErrEscape and create nothing outside.
func TestDirHelpersRefuseEscapes(t *testing.T) {
	t.Parallel()
	bad := []string{"", "/abs", "../x", "a/../../x", "a/./b", "a//b", "a/", "..", "x\x00y", `a\..\..\x`}
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		defer d.Cleanup()
		for _, rel := range bad {
			if rel == `a\..\..\x` && filepath.Separator == '/' {
				continue // an ordinary name on Unix
			}
			for name, call := range map[string]func() error{
				"WriteFile": func() error { return d.WriteFile(rel, []byte("x")) },
				"MkdirAll":  func() error { return d.MkdirAll(rel) },
				"Join":      func() error { _, err := d.Join(rel); return err },
				"WriteTree": func() error { return d.WriteTree(map[string]string{rel: "x"}) },
			} {
				if name == "WriteTree" && rel == "a/" {
					continue // a directory entry
				}
				err := call()
				assert.ErrorIs(t, err, tempfile.ErrEscape, "%s(%q)", name, rel)
				assert.ErrorIs(t, err, fs.ErrInvalid, "%s(%q)", name, rel)
			}
		}
		assert.Equal(t, []string{filepath.Base(d.Path())}, listDir(t, fsys, dir))
		assert.Empty(t, listDir(t, fsys, d.Path()))
	})
}

// TestDirHelpersRefuseLinks: a link inside the tree is never followed by
// WriteFile or MkdirAll.
func TestDirHelpersRefuseLinks(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireSymlinks(t, fsys, dir)
		outside := filepath.Join(dir, "outside")
		require.NoError(t, fsys.Mkdir(outside, 0o700))
		writeFile(t, fsys, filepath.Join(outside, "f"), "orig")
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		defer d.Cleanup()
		require.NoError(t, vfs.Symlink(fsys, outside, filepath.Join(d.Path(), "link")))
		require.NoError(t, vfs.Symlink(fsys, filepath.Join(outside, "f"), filepath.Join(d.Path(), "flink")))

		assert.ErrorIs(t, d.WriteFile("link/new", []byte("x")), tempfile.ErrEscape)
		assert.ErrorIs(t, d.MkdirAll("link/sub"), tempfile.ErrEscape)
		assert.ErrorIs(t, d.WriteFile("flink", []byte("x")), fs.ErrExist)
		assert.Equal(t, []string{"f"}, listDir(t, fsys, outside))
		assert.Equal(t, "orig", readFile(t, fsys, filepath.Join(outside, "f")))
	})
}

func TestDirWriteFileExisting(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
		require.NoError(t, err)
		defer d.Cleanup()
		require.NoError(t, d.WriteFile("f", []byte("one")))
		assert.ErrorIs(t, d.WriteFile("f", []byte("two")), fs.ErrExist)
		assert.Equal(t, "one", readFile(t, fsys, filepath.Join(d.Path(), "f")))
		assert.ErrorIs(t, d.WriteFile(".", nil), fs.ErrInvalid)
		require.NoError(t, d.MkdirAll("."))
		require.NoError(t, d.MkdirAll("x/y"))
		require.NoError(t, d.MkdirAll("x/y"), "MkdirAll of an existing directory")
		assert.ErrorIs(t, d.MkdirAll("f/sub"), fs.ErrExist, "a file on the way")
	})
}

func TestNewDirMissingParent(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireStrictParents(t, fsys, dir)
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(filepath.Join(dir, "missing")))
		assert.Nil(t, d)
		assert.ErrorIs(t, err, fs.ErrNotExist)
	})
}

// failingRemoveFS refuses to remove names in a set.
type failingRemoveFS struct {
	vfs.Fs
	refuse map[string]bool
}

var errRefused = errors.New("refused")

func (f *failingRemoveFS) Remove(name string) error {
	if f.refuse[filepath.Base(name)] {
		return &fs.PathError{Op: "remove", Path: name, Err: errRefused}
	}
	return f.Fs.Remove(name)
}

// TestDirCleanupErrors: Cleanup goes on past a path it cannot remove,
// returns one error per such path, and a later call finishes the job
// (Python's test_explicit_cleanup_ignore_errors).
func TestDirCleanupErrors(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, inner vfs.Fs, dir string) {
		for _, ignore := range []bool{false, true} {
			fsys := &failingRemoveFS{Fs: inner, refuse: map[string]bool{"stuck1": true, "stuck2": true}}
			opts := []tempfile.Option{tempfile.WithDir(dir)}
			if ignore {
				opts = append(opts, tempfile.WithIgnoreCleanupErrors())
			}
			d, err := tempfile.NewDir(fsys, opts...)
			require.NoError(t, err)
			require.NoError(t, d.WriteTree(map[string]string{"stuck1": "", "a/stuck2": "", "a/free": "", "b/free": ""}))

			err = d.Cleanup()
			if ignore {
				assert.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.ErrorIs(t, err, errRefused)
				var joined interface{ Unwrap() []error }
				require.ErrorAs(t, err, &joined)
				assert.Len(t, joined.Unwrap(), 2, "one error per path: %v", err)
				assert.Contains(t, err.Error(), filepath.Join(d.Path(), "stuck1"))
				assert.Contains(t, err.Error(), filepath.Join(d.Path(), "a", "stuck2"))
			}
			assert.ElementsMatch(t, []string{"stuck1", "a"}, listDir(t, fsys, d.Path()), "everything else is gone")

			delete(fsys.refuse, "stuck1")
			delete(fsys.refuse, "stuck2")
			require.NoError(t, d.Cleanup(), "a later Cleanup finishes")
			_, err = fsys.Stat(d.Path())
			assert.ErrorIs(t, err, fs.ErrNotExist)
		}
		assert.Empty(t, listDir(t, inner, dir))
	})
}
