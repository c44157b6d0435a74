package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
)

// gnuMktemp is the reference implementation the differential test runs.
const gnuMktemp = "/usr/bin/mktemp"

// requireGNUMktemp skips the test unless gnuMktemp is GNU coreutils'
// mktemp and quotes names as it does in a UTF-8 locale.
func requireGNUMktemp(t *testing.T) {
	t.Helper()
	out, err := exec.Command(gnuMktemp, "--version").Output()
	if err != nil {
		t.Skipf("no %s to compare with: %v", gnuMktemp, err)
	}
	if !bytes.Contains(out, []byte("GNU coreutils")) {
		t.Skipf("%s is not GNU coreutils' mktemp: %q", gnuMktemp, firstLine(string(out)))
	}
	cmd := exec.Command(gnuMktemp, "-u", "abc")
	cmd.Env = []string{"LC_ALL=C.UTF-8"}
	msg, _ := cmd.CombinedOutput()
	if !strings.Contains(string(msg), "‘abc’") {
		t.Skipf("%s does not quote in the C.UTF-8 locale (no such locale?): %q", gnuMktemp, msg)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// gnuCase is one mktemp command line run by both implementations. In
// args and tmpdir, "$S" stands for the scratch directory the case runs in.
type gnuCase struct {
	args   []string
	tmpdir *string // TMPDIR; nil: unset
	posix  bool    // set POSIXLY_CORRECT
	// ignoreStdout is for --help and --version, whose text differs: only
	// the exit status and an empty standard error are compared.
	ignoreStdout bool
	// devFull sends standard output to /dev/full, where every write
	// fails with ENOSPC.
	devFull bool
}

func ptr(s string) *string { return &s }

// setupScratch makes the entries every case may refer to.
func setupScratch(t *testing.T, dir string) {
	t.Helper()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "t"), 0o755))  // TMPDIR
	require.NoError(t, os.Mkdir(filepath.Join(dir, "d"), 0o755))  // a directory
	require.NoError(t, os.Mkdir(filepath.Join(dir, "ro"), 0o500)) // read-only
	require.NoError(t, os.WriteFile(filepath.Join(dir, "f"), nil, 0o644))
	require.NoError(t, os.Symlink(filepath.Join(dir, "nonexist"), filepath.Join(dir, "lnk")))
}

func gnuCases() []gnuCase {
	t := ptr("$S/t")
	long := strings.Repeat("a", 300) + "XXX"
	c := func(args ...string) gnuCase { return gnuCase{args: args, tmpdir: t} }
	withTmpdir := func(tmpdir *string, args ...string) gnuCase { return gnuCase{args: args, tmpdir: tmpdir} }
	info := func(args ...string) gnuCase { return gnuCase{args: args, tmpdir: t, ignoreStdout: true} }
	full := func(args ...string) gnuCase { return gnuCase{args: args, tmpdir: t, devFull: true} }
	return []gnuCase{
		// Template shapes.
		c(), c("fooXXX"), c("fooXXXXXXXXXX"), c("XXX"), c("aXXXb"), c("aXXX.txt"),
		c("d/fooXXX"), c("$S/d/fooXXX"), c("XXXX.XXX"), c(long[:200]),
		c("-d"), c("-d", "fooXXX"), c("-d", "aXXX.dir"),
		// Every flag, in its short, long and abbreviated spellings.
		c("--directory", "fooXXX"), c("--dir", "fooXXX"), c("--di", "fooXXX"),
		c("-u", "fooXXX"), c("--dry-run", "fooXXX"), c("--dr", "fooXXX"), c("-u"), c("-u", "-d"),
		c("-q", "fooXXX"), c("--quiet", "fooXXX"), c("--q", "fooXXX"),
		c("-dq", "fooXXX"), c("-qd", "fooXXX"), c("-du", "fooXXX"), c("-dqu"),
		c("-p", "d", "fooXXX"), c("-pd", "fooXXX"), c("-p", "$S/d", "fooXXX"), c("-p$S/d", "fooXXX"),
		c("-p", "", "fooXXX"), c("-p", "$S/d/", "fooXXX"), c("-p", "$S//d//", "fooXXX"),
		c("-p", "d", "sub/fooXXX"), c("-p", "$S", "d/fooXXX"), c("-d", "-p", "d"),
		c("--tmpdir=d", "fooXXX"), c("--tmpdir", "fooXXX"), c("--tmpdir"), c("--tmpdir="),
		c("--tmpdir=", "fooXXX"), c("--tmp=d", "fooXXX"), c("--t=d"), c("--tmpdir", "d/fooXXX"),
		c("--tmpdir=d", "-p", "$S", "fooXXX"), c("-p", "d", "--tmpdir", "fooXXX"),
		c("-t", "fooXXX"), c("-t"), c("-dt", "fooXXX"), c("-t", "-p", "d", "fooXXX"),
		withTmpdir(ptr(""), "-t", "-p", "$S/d", "fooXXX"), withTmpdir(nil, "-t", "-p", "$S/d", "fooXXX"),
		withTmpdir(ptr("t"), "-t", "fooXXX"), withTmpdir(ptr("$S/t/"), "fooXXX", "--tmpdir"),
		withTmpdir(ptr(""), "-u"), withTmpdir(nil, "-u"), withTmpdir(nil, "-u", "-t", "fooXXX"),
		withTmpdir(ptr(""), "-u", "--tmpdir", "fooXXX"),
		withTmpdir(ptr("$S/nonexist")), withTmpdir(ptr("$S/nonexist"), "-d", "-t", "fooXXX"),
		withTmpdir(ptr("$S/f"), "-q"), withTmpdir(ptr("$S/f")), withTmpdir(ptr("$S/f"), "-u", "-d"),
		withTmpdir(ptr("$S/lnk"), "-u"), withTmpdir(ptr("d"), "-p", "$S/t", "fooXXX"),
		c("fooXXXb/"), c("-d", "fooXXXb/"), c("-u", "fooXXXb/"), c("-u", "--suffix=x/", "XXX"),
		c("-t", "fooXXXb//"), c("-u", "-t", "//fooXXX"), c("-t", "fooXXX/"), c("XXX//"),
		c("-u", "-p", "/", "fooXXX"), c("-u", "-p", "//", "fooXXX"), c("-u", "/fooXXX"),
		c("--suffix=.txt", "fooXXX"), c("--suffix", ".txt", "fooXXX"), c("--suff=.txt", "fooXXX"),
		c("--s", ".txt", "fooXXX"), c("--suffix=", "fooXXX"), c("--suffix=.a", "--suffix=.b", "fooXXX"),
		c("--suffix=.txt"), c("--suffix=XXX", "fooXXX"), c("-d", "--suffix=.d", "fooXXX"),
		// GNU's argument permutation, and its absence under POSIXLY_CORRECT.
		c("fooXXX", "-d"), c("fooXXX", "--"), c("--", "-fooXXX"), c("-d", "--", "fooXXX"),
		c("fooXXX", "-p", "d"), c("--", "--"),
		{args: []string{"fooXXX", "-d"}, tmpdir: t, posix: true},
		{args: []string{"-d", "fooXXX"}, tmpdir: t, posix: true},
		// Template errors.
		c("foo"), c("fooXX"), c(""), c("-"), c("fooXXXbXc"), c("XXXa/b"), c("a/XXX/"), c("XXX/"),
		c("--suffix=x", "foo"), c("--suffix=x", "fooXXXbar"), c("--suffix=a/b", "fooXXX"),
		c("--suffix=x", ""), c("--suffix=/", "fooXXX"), c("--suffix=x", "-p", "d", "foo"),
		c("-t", "a/bXXX"), c("-t", "/abs/XXX"), c("--tmpdir", "/abs/XXX"), c("-p", "d", "/abs/XXX"),
		c("--tmpdir=/x", "/abs/XXX"), c("-q", "foo"),
		// Quoting in diagnostics.
		c("a\\b"), c("a\nb"), c("\x1b1"), c("\xff\xe9"), c("a’b‘c"), c("héXX"), c("a\tb\x7f"),
		c("it'sXX"), c("a\"b"), c("--suffix=\x01/", "XXX"),
		// Command-line errors.
		c("a", "b"), c("-q", "a", "b"), c("-z"), c("-qz"), c("-tXXX"), c("--foo"), c("--foo=bar"),
		c("--d"), c("--d=x"), c("--="), c("--directory=x"), c("--dir=x"), c("--quiet=1"),
		c("--dry-run=1"), c("--suffix"), c("-p"), c("-dp"), c("-z", "--help"), c("--version=1"),
		// Creation failures, with and without -q.
		c("$S/nonexist/XXX"), c("-d", "$S/nonexist/XXX"), c("nonexist/XXX"), c("-q", "nonexist/XXX"),
		c("-dq", "nonexist/XXX"), c("--quiet", "-d", "nonexist/XXX"), c("f/XXX"), c("-d", "f/XXX"),
		c("-q", "f/XXX"), c("lnk/XXX"), c("-p", "nope"), c("-d", "-p", "nope"), c("-p", "f", "XXX"),
		c(long), c("-d", long), c("-q", long), c("ro/XXX"), c("-d", "ro/XXX"),
		// A dry run succeeds in a missing directory but not below a file.
		c("-u", "nonexist/XXX"), c("-u", "-d", "nonexist/XXX"), c("-u", "f/XXX"), c("-u", "-d", "f/XXX"),
		c("-uq", "f/XXX"), c("-u", long),
		// Printing the name fails: what was made is removed.
		full("fooXXX"), full("-d", "fooXXX"), full("-q", "fooXXX"), full("-dq"), full("-u"), full("-uq", "fooXXX"),
		// Help and version, which act where they appear.
		info("--help"), info("--he"), info("--h"), info("-u", "--help", "-z"), info("foo", "--help"),
		info("--version"), info("--v"), info("-V"),
	}
}

// scratchRun is what one implementation did with one case.
type scratchRun struct {
	dir            string // the scratch directory, "$S"
	code           int
	stdout, stderr string
}

func expand(s, dir string) string { return strings.ReplaceAll(s, "$S", dir) }

func caseEnv(tc gnuCase, dir string) []string {
	env := []string{"LC_ALL=C.UTF-8", "PATH=" + os.Getenv("PATH")}
	if tc.tmpdir != nil {
		env = append(env, "TMPDIR="+expand(*tc.tmpdir, dir))
	}
	if tc.posix {
		env = append(env, "POSIXLY_CORRECT=1")
	}
	return env
}

func caseArgs(tc gnuCase, dir string) []string {
	args := make([]string, len(tc.args))
	for i, a := range tc.args {
		args[i] = expand(a, dir)
	}
	return args
}

func runGNU(t *testing.T, tc gnuCase) scratchRun {
	dir := t.TempDir()
	setupScratch(t, dir)
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(gnuMktemp, caseArgs(tc, dir)...)
	cmd.Args[0] = "mktemp" // the program name in its diagnostics
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, caseEnv(tc, dir), &stdout, &stderr
	if tc.devFull {
		cmd.Stdout = openDevFull(t)
	}
	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		require.NoError(t, err)
	}
	return scratchRun{dir: dir, code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
}

func runOurs(t *testing.T, tc gnuCase) scratchRun {
	dir := t.TempDir()
	setupScratch(t, dir)
	var stdout, stderr bytes.Buffer
	c := &CLI{Stdout: &stdout, Stderr: &stderr, FS: osbackend.New(), Env: caseEnv(tc, dir), Dir: dir}
	if tc.devFull {
		c.Stdout = openDevFull(t)
	}
	code := c.Run(append([]string{"mktemp"}, caseArgs(tc, dir)...))
	return scratchRun{dir: dir, code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func openDevFull(t *testing.T) *os.File {
	t.Helper()
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// assertOnlyFixtures checks that a run left no entry in the scratch
// directory or its TMPDIR beside those setupScratch made.
func assertOnlyFixtures(t *testing.T, dir string) {
	t.Helper()
	for sub, want := range map[string][]string{".": {"d", "f", "lnk", "ro", "t"}, "t": nil} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		require.NoError(t, err)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		assert.Equal(t, want, names, "entries in %s", sub)
	}
}

// normalize replaces the scratch directory with "$S" and GNU's program name
// with ours.
func normalize(s, dir string) string {
	s = strings.ReplaceAll(s, dir, "$S")
	s = strings.ReplaceAll(s, "Try 'mktemp --help'", "Try 'tempvfs mktemp --help'")
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "mktemp: ") {
			lines[i] = "tempvfs " + l
		}
	}
	return strings.Join(lines, "")
}

// caseName names a case's subtest by its arguments, long ones shortened.
func caseName(tc gnuCase) string {
	words := make([]string, len(tc.args))
	for i, a := range tc.args {
		if len(a) > 24 {
			a = fmt.Sprintf("%s...(%d bytes)", a[:8], len(a))
		}
		words[i] = strconv.Quote(a)
	}
	name := strings.Join(words, " ")
	if tc.posix {
		name += " POSIXLY_CORRECT"
	}
	if tc.tmpdir == nil {
		name += " TMPDIR-unset"
	} else if *tc.tmpdir != "$S/t" {
		name += " TMPDIR=" + strconv.Quote(*tc.tmpdir)
	}
	return name
}

func isNameChar(c byte) bool { return strings.IndexByte(nameChars, c) >= 0 }

// TestMktempMatchesGNU runs every case through GNU mktemp and through
// tempvfs mktemp, each in a scratch directory of its own, and compares
// the exit status, the diagnostics, the shape of the printed name and the
// entry created under it.
func TestMktempMatchesGNU(t *testing.T) {
	requireGNUMktemp(t)
	for _, tc := range gnuCases() {
		t.Run(caseName(tc), func(t *testing.T) {
			t.Parallel()
			gnu, ours := runGNU(t, tc), runOurs(t, tc)
			assert.Equal(t, gnu.code, ours.code, "exit status")
			assert.Equal(t, normalize(gnu.stderr, gnu.dir), normalize(ours.stderr, ours.dir), "standard error")
			if tc.devFull {
				assertOnlyFixtures(t, gnu.dir)
				assertOnlyFixtures(t, ours.dir)
				return
			}
			if tc.ignoreStdout {
				assert.Equal(t, gnu.code == 0, ours.stdout != "", "standard output")
				return
			}
			gnuOut, ourOut := normalize(gnu.stdout, gnu.dir), normalize(ours.stdout, ours.dir)
			if gnuOut == "" || ourOut == "" {
				assert.Equal(t, gnuOut, ourOut, "standard output")
				return
			}
			assertSameShape(t, gnuOut, ourOut)
			assertSameEntry(t, gnu, ours)
		})
	}
}

// assertSameShape checks that two printed names are one line each, of the
// same length, and differ only in name characters in their last
// component: the random part.
func assertSameShape(t *testing.T, gnuOut, ourOut string) {
	t.Helper()
	require.True(t, strings.HasSuffix(gnuOut, "\n") && strings.Count(gnuOut, "\n") == 1, "GNU printed %q", gnuOut)
	require.True(t, strings.HasSuffix(ourOut, "\n") && strings.Count(ourOut, "\n") == 1, "printed %q", ourOut)
	require.Equal(t, len(gnuOut), len(ourOut), "length of %q and %q", gnuOut, ourOut)
	lastSlash := strings.LastIndexByte(strings.TrimRight(gnuOut, "/\n"), '/')
	for i := range len(gnuOut) {
		if gnuOut[i] == ourOut[i] {
			continue
		}
		if !assert.True(t, i > lastSlash && isNameChar(gnuOut[i]) && isNameChar(ourOut[i]),
			"GNU printed %q, we printed %q: they differ at byte %d outside the random part", gnuOut, ourOut, i) {
			return
		}
	}
}

// assertSameEntry checks that both made the same kind of entry with the
// same permissions, or that neither made one.
func assertSameEntry(t *testing.T, gnu, ours scratchRun) {
	t.Helper()
	stat := func(r scratchRun) (fs.FileInfo, error) {
		name := strings.TrimSuffix(r.stdout, "\n")
		if !filepath.IsAbs(name) {
			name = filepath.Join(r.dir, name)
		}
		return os.Lstat(name)
	}
	gi, gerr := stat(gnu)
	oi, oerr := stat(ours)
	if gerr != nil || oerr != nil {
		assert.ErrorIs(t, gerr, fs.ErrNotExist, "GNU's entry")
		assert.ErrorIs(t, oerr, fs.ErrNotExist, "our entry")
		return
	}
	assert.Equal(t, gi.Mode(), oi.Mode(), "mode of the entry made")
	if gi.Mode().IsRegular() {
		assert.Zero(t, oi.Size(), "size of the file made")
	}
	// Entries made outside the scratch directories (dry runs aside, no
	// case does so) would be left behind.
	for _, r := range []scratchRun{gnu, ours} {
		name := strings.TrimSuffix(r.stdout, "\n")
		if filepath.IsAbs(name) && !strings.HasPrefix(name, r.dir) {
			_ = os.Remove(name)
			t.Errorf("%s was made outside the scratch directory", name)
		}
	}
}
