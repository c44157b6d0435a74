package tempfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

const randomPart = `[a-z2-7]{13}`

func TestCreateTempNames(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		pattern string
		opts    []tempfile.Option
		want    string // regexp of the base name
	}{
		{"default", "", nil, `tmp` + randomPart},
		{"star only", "*", nil, randomPart},
		{"prefix pattern", "foo", nil, `foo` + randomPart},
		{"prefix and suffix", "foo*.txt", nil, `foo` + randomPart + `\.txt`},
		{"last star", "a*b*c", nil, `a\*b` + randomPart + `c`},
		{"suffix only", "*.log", nil, randomPart + `\.log`},
		{"dots", "a.b.*", nil, `a\.b\.` + randomPart},
		{"non-ascii", "café-*-日本", nil, `café-` + randomPart + `-日本`},
		{"brackets", "test[]", nil, `test\[\]` + randomPart},
		{"backslash on Unix", `a\b*`, nil, `a\\b` + randomPart},
		{"WithPrefix", "", []tempfile.Option{tempfile.WithPrefix("p-")}, `p-` + randomPart},
		{"WithPrefix empty", "", []tempfile.Option{tempfile.WithPrefix("")}, randomPart},
		{"WithSuffix keeps default prefix", "", []tempfile.Option{tempfile.WithSuffix(".s")}, `tmp` + randomPart + `\.s`},
		{"prefix and suffix options", "", []tempfile.Option{tempfile.WithPrefix("x"), tempfile.WithSuffix("y")}, `x` + randomPart + `y`},
		{"random length", "", []tempfile.Option{tempfile.WithRandomLen(20)}, `tmp[a-z2-7]{20}`},
	}
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if filepath.Separator == '\\' && strings.ContainsRune(tc.pattern, '\\') {
					t.Skip("a separator on Windows")
				}
				re := regexp.MustCompile(`^` + tc.want + `$`)

				f, err := tempfile.CreateTemp(fsys, dir, tc.pattern, tc.opts...)
				if runtime.GOOS == "windows" && errors.Is(err, errInvalidName) && strings.ContainsRune(tc.pattern, '*') {
					t.Skipf("Windows refuses '*' in a file name: %v", err)
				}
				require.NoError(t, err)
				name := f.Name()
				assert.Equal(t, filepath.Clean(dir), filepath.Dir(name))
				assert.Regexp(t, re, filepath.Base(name))
				_, err = f.WriteString("hello")
				assert.NoError(t, err)
				require.NoError(t, f.Close())
				assert.Equal(t, "hello", readFile(t, fsys, name))
				fi, err := fsys.Stat(name)
				require.NoError(t, err)
				assert.True(t, fi.Mode().IsRegular())
				assert.Equal(t, filePerm(t, fsys, dir, 0o600), fi.Mode().Perm())
				require.NoError(t, fsys.Remove(name))

				d, err := tempfile.MkdirTemp(fsys, dir, tc.pattern, tc.opts...)
				require.NoError(t, err)
				assert.Equal(t, filepath.Clean(dir), filepath.Dir(d))
				assert.Regexp(t, re, filepath.Base(d))
				fi, err = fsys.Stat(d)
				require.NoError(t, err)
				assert.True(t, fi.IsDir())
				if !windowsModes(t, fsys, dir) {
					assert.Equal(t, fs.FileMode(0o700), fi.Mode().Perm())
				}
				require.NoError(t, fsys.Remove(d))
			})
		}
	})
}

func TestDefaultNamesMatchIsTempName(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.CreateTemp(fsys, dir, "")
		require.NoError(t, err)
		defer fsys.Remove(f.Name())
		defer f.Close()
		assert.True(t, tempfile.IsTempName(filepath.Base(f.Name()), tempfile.DefaultPrefix, ""))

		d, err := tempfile.MkdirTemp(fsys, dir, "pre-*.d")
		require.NoError(t, err)
		defer fsys.Remove(d)
		assert.True(t, tempfile.IsTempName(filepath.Base(d), "pre-", ".d"))
		assert.False(t, tempfile.IsTempName(filepath.Base(d), "pre-", ""))
	})
}

func TestIsTempName(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, prefix, suffix string
		want                 bool
	}{
		{"tmpabcdefghijk23", "tmp", "", true},
		{"tmpabcdefghijk2", "tmp", "", false},   // 12 random characters
		{"tmpabcdefghijk234", "tmp", "", false}, // 14
		{"tmpabcdefghijk28", "tmp", "", false},  // 8 is not in the alphabet
		{"tmpABCDEFGHIJK23", "tmp", "", false},  // upper case
		{"tmpabcdefghijk23.x", "tmp", ".x", true},
		{"tmpabcdefghijk23.y", "tmp", ".x", false},
		{"xyzabcdefghijk23", "tmp", "", false},
		{"abcdefghijk234", "", "", false},
		{"abcdefghijk23", "", "", true},
		{"", "", "", false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tempfile.IsTempName(tc.name, tc.prefix, tc.suffix), "%q %q %q", tc.name, tc.prefix, tc.suffix)
	}
}

// TestBadPattern: a separator, ".." or NUL in a pattern, prefix or suffix
// is refused with ErrBadPattern by every constructor, and nothing is made.
func TestBadPattern(t *testing.T) {
	t.Parallel()
	bad := []string{
		"/", "a/b", "../x", "x/..", "..", "a..b", "..*", "*..", "*/x", "x*/", "a\x00b", "\x00",
		string(filepath.Separator), "a" + string(filepath.Separator) + "*",
		"../../../../../../etc/passwd*", "*/../../escape",
	}
	if runtime.GOOS == "windows" {
		bad = append(bad, "c:*", "x*:stream")
	}
	type ctor struct {
		name string
		op   string
		make func(fsys vfs.Fs, dir, s string) error
	}
	ctors := []ctor{
		{"CreateTemp pattern", "createtemp", func(fsys vfs.Fs, dir, s string) error {
			_, err := tempfile.CreateTemp(fsys, dir, s)
			return err
		}},
		{"MkdirTemp pattern", "mkdirtemp", func(fsys vfs.Fs, dir, s string) error {
			_, err := tempfile.MkdirTemp(fsys, dir, s)
			return err
		}},
		{"CreateTemp WithPrefix", "createtemp", func(fsys vfs.Fs, dir, s string) error {
			_, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithPrefix(s))
			return err
		}},
		{"MkdirTemp WithSuffix", "mkdirtemp", func(fsys vfs.Fs, dir, s string) error {
			_, err := tempfile.MkdirTemp(fsys, dir, "", tempfile.WithSuffix(s))
			return err
		}},
		{"NewNamed WithPrefix", "createtemp", func(fsys vfs.Fs, dir, s string) error {
			_, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithPrefix(s))
			return err
		}},
		{"NewNamed WithSuffix", "createtemp", func(fsys vfs.Fs, dir, s string) error {
			_, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithSuffix(s))
			return err
		}},
		{"NewAnonymous WithPrefix", "createtemp", func(fsys vfs.Fs, dir, s string) error {
			_, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(dir), tempfile.WithPrefix(s))
			return err
		}},
		{"NewDir WithPrefix", "mkdirtemp", func(fsys vfs.Fs, dir, s string) error {
			_, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithPrefix(s))
			return err
		}},
		{"NewDir WithSuffix", "mkdirtemp", func(fsys vfs.Fs, dir, s string) error {
			_, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithSuffix(s))
			return err
		}},
	}
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		for _, c := range ctors {
			for _, s := range bad {
				err := c.make(fsys, dir, s)
				var pe *fs.PathError
				if assert.ErrorAs(t, err, &pe, "%s(%q)", c.name, s) {
					assert.Equal(t, c.op, pe.Op, "%s(%q)", c.name, s)
				}
				assert.ErrorIs(t, err, tempfile.ErrBadPattern, "%s(%q)", c.name, s)
				assert.ErrorIs(t, err, fs.ErrInvalid, "%s(%q)", c.name, s)
			}
		}
		assert.Empty(t, listDir(t, fsys, dir), "nothing may be created")
		assert.Empty(t, listDir(t, fsys, filepath.Dir(dir))[1:], "nothing may escape next to the directory")
	})
}

func TestOptionErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		call func(fsys vfs.Fs, dir string) error
	}{
		{"option twice", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithPrefix("a"), tempfile.WithPrefix("a"))
			return err
		}},
		{"WithKeep to CreateTemp", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithKeep())
			return err
		}},
		{"WithDirMode to CreateTemp", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithDirMode(0o700))
			return err
		}},
		{"WithFileMode to MkdirTemp", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.MkdirTemp(fsys, dir, "", tempfile.WithFileMode(0o600))
			return err
		}},
		{"WithKeep to NewAnonymous", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(dir), tempfile.WithKeep())
			return err
		}},
		{"WithIgnoreCleanupErrors to NewNamed", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithIgnoreCleanupErrors())
			return err
		}},
		{"random length 11 (55 bits)", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithRandomLen(11))
			return err
		}},
		{"random length 0", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.MkdirTemp(fsys, dir, "", tempfile.WithRandomLen(0))
			return err
		}},
		{"random length -1", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithRandomLen(-1))
			return err
		}},
		{"random length 65", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithRandomLen(65))
			return err
		}},
		{"file mode with type bits", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithFileMode(fs.ModeDir|0o600))
			return err
		}},
		{"dir mode with setuid", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.MkdirTemp(fsys, dir, "", tempfile.WithDirMode(fs.ModeSetuid|0o700))
			return err
		}},
		{"nil name source", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithNameSource(nil))
			return err
		}},
		{"nil option", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.CreateTemp(fsys, dir, "", nil)
			return err
		}},
		{"dir argument and WithDir differ", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithDir(dir+"/other"))
			return err
		}},
		{"pattern and WithPrefix", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.MkdirTemp(fsys, dir, "x*", tempfile.WithPrefix("y"))
			return err
		}},
		{"pattern and WithSuffix", func(fsys vfs.Fs, dir string) error {
			_, err := tempfile.CreateTemp(fsys, dir, "x*", tempfile.WithSuffix("y"))
			return err
		}},
	}
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		for _, tc := range cases {
			err := tc.call(fsys, dir)
			assert.ErrorIs(t, err, fs.ErrInvalid, tc.name)
		}
		assert.Empty(t, listDir(t, fsys, dir), "nothing may be created")
	})
}

func TestSameDirArgumentAndWithDir(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		f, err := tempfile.CreateTemp(fsys, "", "", tempfile.WithDir(dir))
		require.NoError(t, err)
		assert.Equal(t, filepath.Clean(dir), filepath.Dir(f.Name()))
		require.NoError(t, f.Close())
		f, err = tempfile.CreateTemp(fsys, dir, "", tempfile.WithDir(dir))
		require.NoError(t, err)
		require.NoError(t, f.Close())
		assert.Len(t, listDir(t, fsys, dir), 2)
	})
}

// TestCollision forces names: a taken name (file, directory or dangling
// symbolic link) is skipped for the next one (Python's
// test_collision_with_existing_file and _directory).
func TestCollision(t *testing.T) {
	t.Parallel()
	taken := []struct {
		kind string
		make func(t *testing.T, fsys vfs.Fs, name string)
	}{
		{"file", func(t *testing.T, fsys vfs.Fs, name string) { writeFile(t, fsys, name, "mine") }},
		{"directory", func(t *testing.T, fsys vfs.Fs, name string) { require.NoError(t, fsys.Mkdir(name, 0o755)) }},
	}
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		for _, tk := range taken {
			for _, mkdir := range []bool{false, true} {
				sub, err := tempfile.MkdirTemp(fsys, dir, "case")
				require.NoError(t, err)
				aaa := filepath.Join(sub, "tmp"+rep('a'))
				tk.make(t, fsys, aaa)
				src := newNames(rep('a'), rep('a'), rep('b'))
				var got string
				if mkdir {
					got, err = tempfile.MkdirTemp(fsys, sub, "", tempfile.WithNameSource(src))
				} else {
					var f vfs.File
					f, err = tempfile.CreateTemp(fsys, sub, "", tempfile.WithNameSource(src))
					if err == nil {
						got = f.Name()
						require.NoError(t, f.Close())
					}
				}
				require.NoError(t, err, "taken by a %s, mkdir=%v", tk.kind, mkdir)
				assert.Equal(t, filepath.Join(sub, "tmp"+rep('b')), filepath.Clean(got))
				assert.Equal(t, 3, src.count())
				if tk.kind == "file" {
					assert.Equal(t, "mine", readFile(t, fsys, aaa), "the existing file is untouched")
				}
			}
		}
	})
}

// TestExhaustion: when every name is taken, CreateTemp and MkdirTemp give
// up after 10 000 tries with an error that names the directory and the
// pattern and matches fs.ErrExist.
func TestExhaustion(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		writeFile(t, fsys, filepath.Join(dir, "p-"+rep('c')+".s"), "")
		for _, mkdir := range []bool{false, true} {
			src := newNames(rep('c'))
			var err error
			if mkdir {
				_, err = tempfile.MkdirTemp(fsys, dir, "p-*.s", tempfile.WithNameSource(src))
			} else {
				_, err = tempfile.CreateTemp(fsys, dir, "p-*.s", tempfile.WithNameSource(src))
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, fs.ErrExist)
			var pe *fs.PathError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, filepath.Join(dir, "p-*.s"), pe.Path)
			assert.Contains(t, err.Error(), filepath.Clean(dir))
			assert.Equal(t, 10000, src.count())
		}
		assert.Len(t, listDir(t, fsys, dir), 1)
	})
}

// TestOtherErrorsEndAtOnce: an error other than "exists" is returned after
// one try: a missing directory, a directory that is a file, a name that is
// too long.
func TestOtherErrorsEndAtOnce(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		requireStrictParents(t, fsys, dir)
		file := filepath.Join(dir, "file")
		writeFile(t, fsys, file, "x")
		cases := []struct {
			name    string
			dir     string
			pattern string
			is      error
		}{
			{"missing dir", filepath.Join(dir, "missing"), "", fs.ErrNotExist},
			{"dir is a file", file, "", nil},
			{"name too long", dir, strings.Repeat("x", 300), nil},
		}
		for _, tc := range cases {
			for _, mkdir := range []bool{false, true} {
				src := newNames(rep('d'))
				var err error
				if mkdir {
					_, err = tempfile.MkdirTemp(fsys, tc.dir, tc.pattern, tempfile.WithNameSource(src))
				} else {
					_, err = tempfile.CreateTemp(fsys, tc.dir, tc.pattern, tempfile.WithNameSource(src))
				}
				require.Error(t, err, tc.name)
				var pe *fs.PathError
				assert.ErrorAs(t, err, &pe, tc.name)
				if tc.is != nil {
					assert.ErrorIs(t, err, tc.is, tc.name)
				}
				assert.NotErrorIs(t, err, fs.ErrExist, tc.name)
				assert.Equal(t, 1, src.count(), "%s: one try only", tc.name)
			}
		}
		assert.Equal(t, []string{"file"}, listDir(t, fsys, dir))
	})
}

func TestNameSourceError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		_, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithNameSource(errReader{boom}))
		assert.ErrorIs(t, err, boom)
		_, err = tempfile.MkdirTemp(fsys, dir, "", tempfile.WithNameSource(errReader{boom}))
		assert.ErrorIs(t, err, boom)
		assert.Empty(t, listDir(t, fsys, dir))
	})
}

// TestManyOpen: 100 files open at once, all distinct (Python's
// test_basic_many and TestRandomNameSequence.test_many).
func TestManyOpen(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		seen := map[string]bool{}
		var files []vfs.File
		for range 100 {
			f, err := tempfile.CreateTemp(fsys, dir, "")
			require.NoError(t, err)
			files = append(files, f)
			assert.False(t, seen[f.Name()])
			seen[f.Name()] = true
		}
		for _, f := range files {
			require.NoError(t, f.Close())
		}
		assert.Len(t, listDir(t, fsys, dir), 100)
	})
}

// TestReadOnlyDirectory: Python's test_read_only_directory. Root ignores
// permissions, so this only runs as another user.
func TestReadOnlyDirectory(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("needs a non-root Unix user")
	}
	fsys, dir := backends[0].newFS(t)
	require.NoError(t, os.Chmod(dir, 0o500))
	defer os.Chmod(dir, 0o700)
	_, err := tempfile.CreateTemp(fsys, dir, "")
	assert.ErrorIs(t, err, fs.ErrPermission)
	_, err = tempfile.MkdirTemp(fsys, dir, "")
	assert.ErrorIs(t, err, fs.ErrPermission)
	assert.Empty(t, listDir(t, fsys, dir))
}
