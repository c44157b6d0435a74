package cli

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
)

// byteReader is a random source that fills each Read with one byte value
// from its list, in turn, repeating the last; byte i below 62 stands for
// nameChars[i].
type byteReader struct {
	vals  []byte
	reads int
}

func (r *byteReader) Read(p []byte) (int, error) {
	v := r.vals[min(r.reads, len(r.vals)-1)]
	r.reads++
	for i := range p {
		p[i] = v
	}
	return len(p), nil
}

func constRand(v byte) *byteReader { return &byteReader{vals: []byte{v}} }

// TestMktempNames checks the exact name made for each way of giving the
// template and its directory, with a random source that always yields
// 'a', on an in-memory filesystem.
func TestMktempNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		tmpdir *string
		want   string
	}{
		{args: nil, tmpdir: ptr("/t"), want: "/t/tmp.aaaaaaaaaa"},
		{args: nil, tmpdir: nil, want: "/tmp/tmp.aaaaaaaaaa"},
		{args: nil, tmpdir: ptr(""), want: "/tmp/tmp.aaaaaaaaaa"},
		{args: []string{"fooXXX"}, want: "fooaaa"},
		{args: []string{"XXXfooXXXX"}, want: "XXXfooaaaa"},
		{args: []string{"fooXXX.txt"}, want: "fooaaa.txt"},
		{args: []string{"fooXXXbar"}, want: "fooaaabar"},
		{args: []string{"XXXXXX/fooXXX"}, want: "XXXXXX/fooaaa"},
		{args: []string{"--suffix=.txt", "fooXXX"}, want: "fooaaa.txt"},
		{args: []string{"--suffix=XX", "fooXXX"}, want: "fooaaaXX"},
		{args: []string{"--suffix=.txt"}, tmpdir: ptr("/t"), want: "/t/tmp.aaaaaaaaaa.txt"},
		{args: []string{"-p", "/d", "fooXXX"}, tmpdir: ptr("/t"), want: "/d/fooaaa"},
		{args: []string{"-p", "/d/", "fooXXX"}, want: "/d/fooaaa"},
		{args: []string{"-p", "/", "fooXXX"}, want: "/fooaaa"},
		{args: []string{"-p", "", "fooXXX"}, tmpdir: ptr("/t"), want: "/t/fooaaa"},
		{args: []string{"-p", "rel", "a/fooXXX"}, want: "rel/a/fooaaa"},
		{args: []string{"--tmpdir", "fooXXX"}, tmpdir: ptr("/t"), want: "/t/fooaaa"},
		{args: []string{"--tmpdir=/d", "fooXXX"}, tmpdir: ptr("/t"), want: "/d/fooaaa"},
		{args: []string{"--tmpdir=/d", "--tmpdir", "fooXXX"}, tmpdir: ptr("/t"), want: "/t/fooaaa"},
		{args: []string{"-t", "fooXXX"}, tmpdir: ptr("/t"), want: "/t/fooaaa"},
		{args: []string{"-t", "-p", "/d", "fooXXX"}, tmpdir: ptr("/t"), want: "/t/fooaaa"},
		{args: []string{"-t", "-p", "/d", "fooXXX"}, tmpdir: ptr(""), want: "/d/fooaaa"},
		{args: []string{"-t", "fooXXX"}, want: "/tmp/fooaaa"},
		{args: []string{"fooXXX", "-p", "/d"}, want: "/d/fooaaa"},
	}
	for _, tt := range tests {
		for _, kind := range []string{"file", "dir", "dry-run"} {
			t.Run(kind+" "+caseName(gnuCase{args: tt.args, tmpdir: tt.tmpdir}), func(t *testing.T) {
				t.Parallel()
				fsys := afero.NewMemMapFs()
				env := []string{}
				if tt.tmpdir != nil {
					env = append(env, "TMPDIR="+*tt.tmpdir)
				}
				args := append([]string{"mktemp"}, tt.args...)
				switch kind {
				case "dir":
					args = append(args, "-d")
				case "dry-run":
					args = append(args, "-u")
				}
				code, stdout, stderr := runCLI(&CLI{FS: fsys, Env: env, Rand: constRand(0)}, args...)
				require.Equal(t, 0, code, stderr)
				assert.Equal(t, tt.want+"\n", stdout)
				assert.Empty(t, stderr)
				info, err := fsys.Stat(tt.want)
				switch kind {
				case "file":
					require.NoError(t, err)
					assert.Equal(t, fs.FileMode(0o600), info.Mode(), "mode")
				case "dir":
					require.NoError(t, err)
					assert.Equal(t, fs.ModeDir|0o700, info.Mode(), "mode")
				case "dry-run":
					assert.ErrorIs(t, err, fs.ErrNotExist, "a dry run creates nothing")
				}
			})
		}
	}
}

func TestMktempTemplateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"foo"}, "too few X's in template ‘foo’"},
		{[]string{"fooXX"}, "too few X's in template ‘fooXX’"},
		{[]string{"XXaXX"}, "too few X's in template ‘XXaXX’"},
		{[]string{"XXXaXbXX"}, "too few X's in template ‘XXXaXbXX’"},
		{[]string{""}, "too few X's in template ‘’"},
		{[]string{"XXXa/b"}, "invalid suffix ‘a/b’, contains directory separator"},
		{[]string{"XXX/"}, "invalid suffix ‘/’, contains directory separator"},
		{[]string{"--suffix=a/b", "XXX"}, "invalid suffix ‘a/b’, contains directory separator"},
		{[]string{"--suffix=/", "XXX"}, "invalid suffix ‘/’, contains directory separator"},
		{[]string{"--suffix=x", "fooXXXbar"}, "with --suffix, template ‘fooXXXbar’ must end in X"},
		{[]string{"--suffix=x", ""}, "with --suffix, template ‘’ must end in X"},
		{[]string{"--suffix=x", "foo"}, "with --suffix, template ‘foo’ must end in X"},
		{[]string{"-t", "a/bXXX"}, "invalid template, ‘a/bXXX’, contains directory separator"},
		{[]string{"-t", "/bXXX"}, "invalid template, ‘/bXXX’, contains directory separator"},
		{[]string{"--tmpdir", "/abs/XXX"}, "invalid template, ‘/abs/XXX’; with --tmpdir, it may not be absolute"},
		{[]string{"-p", "/d", "/abs/XXX"}, "invalid template, ‘/abs/XXX’; with --tmpdir, it may not be absolute"},
		{[]string{"-q", "foo"}, "too few X's in template ‘foo’"},
		{[]string{"../XX"}, "too few X's in template ‘../XX’"},
	}
	for _, tt := range tests {
		t.Run(caseName(gnuCase{args: tt.args, tmpdir: ptr("$S/t")}), func(t *testing.T) {
			t.Parallel()
			fsys := afero.NewMemMapFs()
			code, stdout, stderr := runCLI(&CLI{FS: fsys}, append([]string{"mktemp"}, tt.args...)...)
			assert.Equal(t, 1, code)
			assert.Empty(t, stdout)
			assert.Equal(t, "tempvfs mktemp: "+tt.msg+"\n", stderr)
			names, err := afero.ReadDir(fsys, "/")
			require.NoError(t, err)
			assert.Empty(t, names, "a bad template creates nothing")
		})
	}
}

func TestMktempTooManyTemplates(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"a", "b"}, {"-q", "aXXX", "bXXX", "c"}, {"--", "a", "-b"}} {
		code, stdout, stderr := runCLI(&CLI{FS: afero.NewMemMapFs()}, append([]string{"mktemp"}, args...)...)
		assert.Equal(t, 1, code, "%q", args)
		assert.Empty(t, stdout)
		assert.Equal(t, "tempvfs mktemp: too many templates\nTry 'tempvfs mktemp --help' for more information.\n", stderr)
	}
}

// TestMktempPOSIXLYCorrect checks that POSIXLY_CORRECT stops option
// parsing at the template, as it does for GNU getopt.
func TestMktempPOSIXLYCorrect(t *testing.T) {
	t.Parallel()
	c := &CLI{FS: afero.NewMemMapFs(), Rand: constRand(1)}
	code, stdout, _ := runCLI(c, "mktemp", "fooXXX", "-d")
	assert.Equal(t, 0, code)
	assert.Equal(t, "foobbb\n", stdout)
	c = &CLI{FS: afero.NewMemMapFs(), Env: []string{"POSIXLY_CORRECT="}}
	code, _, stderr := runCLI(c, "mktemp", "fooXXX", "-d")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "too many templates")
}

// TestMktempRetriesOnlyOnExist plants an entry of every kind at the first
// candidate name: each is skipped, never opened or followed, and the
// second candidate is used.
func TestMktempRetriesOnlyOnExist(t *testing.T) {
	t.Parallel()
	plants := map[string]func(t *testing.T, name, victim string){
		"file": func(t *testing.T, name, _ string) { require.NoError(t, os.WriteFile(name, []byte("keep"), 0o644)) },
		"dir":  func(t *testing.T, name, _ string) { require.NoError(t, os.Mkdir(name, 0o755)) },
		"dangling symlink": func(t *testing.T, name, victim string) {
			require.NoError(t, os.Symlink(victim, name))
		},
		"symlink to a file": func(t *testing.T, name, victim string) {
			require.NoError(t, os.WriteFile(victim, []byte("keep"), 0o644))
			require.NoError(t, os.Symlink(victim, name))
		},
	}
	for plantName, plant := range plants {
		for _, flag := range []string{"", "-d", "-u"} {
			t.Run(plantName+" "+flag, func(t *testing.T) {
				t.Parallel()
				dir, outside := t.TempDir(), t.TempDir()
				victim := filepath.Join(outside, "victim")
				plant(t, filepath.Join(dir, "fooaaa"), victim)
				before, _ := os.ReadFile(victim)

				rnd := &byteReader{vals: []byte{0, 1}}
				args := []string{"mktemp", "fooXXX"}
				if flag != "" {
					args = append(args, flag)
				}
				code, stdout, stderr := runCLI(&CLI{FS: osbackend.New(), Dir: dir, Rand: rnd}, args...)
				require.Equal(t, 0, code, stderr)
				assert.Equal(t, "foobbb\n", stdout)
				assert.Equal(t, 2, rnd.reads, "random fills")
				after, _ := os.ReadFile(victim)
				assert.Equal(t, before, after, "the planted entry's target is untouched")
				_, err := os.Lstat(filepath.Join(outside, "victim"))
				if plantName == "dangling symlink" {
					assert.ErrorIs(t, err, fs.ErrNotExist, "a dangling link is not followed")
				}
			})
		}
	}
}

func TestMktempNoRetryOnOtherErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "f"), nil, 0o644))
	for _, flag := range []string{"-q", "-dq", "-uq"} {
		rnd := constRand(0)
		code, stdout, stderr := runCLI(&CLI{FS: osbackend.New(), Dir: dir, Rand: rnd}, "mktemp", flag, "f/XXX")
		assert.Equal(t, 1, code, flag)
		assert.Empty(t, stdout, flag)
		assert.Empty(t, stderr, "%s suppresses the creation diagnostic", flag)
		assert.Equal(t, 1, rnd.reads, "%s: ENOTDIR is not retried", flag)
	}
}

func TestMktempCreationErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "f"), nil, 0o644))
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"nonexist/XXX"}, "failed to create file via template ‘nonexist/XXX’: No such file or directory"},
		{[]string{"-d", "nonexist/XXX"}, "failed to create directory via template ‘nonexist/XXX’: No such file or directory"},
		{[]string{"f/XXX"}, "failed to create file via template ‘f/XXX’: Not a directory"},
		{[]string{"-u", "-d", "f/XXX"}, "failed to create directory via template ‘f/XXX’: Not a directory"},
		{[]string{"-p", "nonexist"}, "failed to create file via template ‘nonexist/tmp.XXXXXXXXXX’: No such file or directory"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(&CLI{FS: osbackend.New(), Dir: dir}, append([]string{"mktemp"}, tt.args...)...)
		assert.Equal(t, 1, code, "%q", tt.args)
		assert.Empty(t, stdout)
		assert.Equal(t, "tempvfs mktemp: "+tt.msg+"\n", stderr)
	}
}

// TestMktempGivesUp fills the only name a template can produce, given a
// random source stuck on one value: mktemp stops after maxAttempts tries
// and says the names exist.
func TestMktempGivesUp(t *testing.T) {
	t.Parallel()
	fsys := afero.NewMemMapFs()
	require.NoError(t, fsys.Mkdir("fooaaa", 0o700))
	rnd := constRand(0)
	code, stdout, stderr := runCLI(&CLI{FS: fsys, Rand: rnd}, "mktemp", "-u", "fooXXX")
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "tempvfs mktemp: failed to create file via template ‘fooXXX’: File exists\n", stderr)
	assert.Equal(t, maxAttempts, rnd.reads)
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }

func TestMktempRandomFailure(t *testing.T) {
	t.Parallel()
	fsys := afero.NewMemMapFs()
	code, stdout, stderr := runCLI(&CLI{FS: fsys, Rand: failingReader{}}, "mktemp", "fooXXX")
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "tempvfs mktemp: failed to create file via template ‘fooXXX’: Reading random bytes: no entropy\n", stderr)
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestMktempWriteError checks that a name that cannot be printed is not
// left behind, and that -q hides the diagnostic unless nothing was made.
func TestMktempWriteError(t *testing.T) {
	t.Parallel()
	const msg = "tempvfs mktemp: write error: Disk full\n"
	for _, tt := range []struct{ flag, stderr string }{
		{"-p", msg}, {"-dp", msg}, {"-up", msg}, {"-qp", ""}, {"-qdp", ""}, {"-qup", msg},
	} {
		dir := t.TempDir()
		var stderr bytes.Buffer
		c := &CLI{Stdout: failingWriter{}, Stderr: &stderr, Env: []string{}}
		code := c.Run([]string{"mktemp", tt.flag, dir})
		assert.Equal(t, 1, code, tt.flag)
		assert.Equal(t, tt.stderr, stderr.String(), tt.flag)
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		assert.Empty(t, entries, "%s: the entry made is removed", tt.flag)
	}
}

func TestMktempModesOnDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c := &CLI{Dir: dir}
	code, stdout, _ := runCLI(c, "mktemp", "fXXXXXX")
	require.Equal(t, 0, code)
	info, err := os.Lstat(filepath.Join(dir, strings.TrimSpace(stdout)))
	require.NoError(t, err)
	assert.True(t, info.Mode().IsRegular())
	assert.Zero(t, info.Mode().Perm()&0o077, "no access for group or others")

	code, stdout, _ = runCLI(c, "mktemp", "-d", "dXXXXXX")
	require.Equal(t, 0, code)
	info, err = os.Lstat(filepath.Join(dir, strings.TrimSpace(stdout)))
	require.NoError(t, err)
	assert.True(t, info.IsDir())
	assert.Zero(t, info.Mode().Perm()&0o077, "no access for group or others")
}

func TestRandomChars(t *testing.T) {
	t.Parallel()
	// Bytes at or above 248 are dropped, not folded onto the first letters.
	b := make([]byte, 3)
	require.NoError(t, randomChars(bytes.NewReader([]byte{255, 248, 0, 61, 62, 247, 9, 9}), b))
	assert.Equal(t, "a9a", string(b))

	// Every character appears, and nothing else does.
	b = make([]byte, 62*200)
	require.NoError(t, randomChars(rand.Reader, b))
	counts := map[byte]int{}
	for _, c := range b {
		counts[c]++
	}
	assert.Len(t, counts, len(nameChars))
	for c, n := range counts {
		assert.Contains(t, nameChars, string(c))
		assert.Greater(t, n, 100, "%q is rare", c) // expected 200; below 100 is p < 1e-12
	}

	assert.ErrorIs(t, randomChars(bytes.NewReader(nil), make([]byte, 3)), io.EOF)
}
