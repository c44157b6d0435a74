//go:build linux

package cli

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// reapName returns a name of tempfile's shape with prefix; i makes it
// distinct.
func reapName(prefix string, i int) string {
	var b strings.Builder
	b.WriteString(prefix)
	for j := 0; j < tempfile.DefaultRandomLen; j++ {
		b.WriteByte(tempfile.Alphabet[(i+j*7)%len(tempfile.Alphabet)])
	}
	return b.String()
}

// age sets the modification time of path, and of everything in it,
// to ago before now, without following symbolic links.
func age(t *testing.T, path string, ago time.Duration) {
	t.Helper()
	ts := unix.NsecToTimespec(time.Now().Add(-ago).UnixNano())
	// Children first: changing them does not change their directory's
	// time, but creating them did.
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || p == path {
			return err
		}
		age(t, p, ago)
		return filepath.SkipDir
	})
	require.NoError(t, err)
	entries, _ := os.ReadDir(path)
	for _, e := range entries {
		if !e.IsDir() {
			p := filepath.Join(path, e.Name())
			require.NoError(t, unix.UtimesNanoAt(unix.AT_FDCWD, p, []unix.Timespec{ts, ts}, unix.AT_SYMLINK_NOFOLLOW))
		}
	}
	require.NoError(t, unix.UtimesNanoAt(unix.AT_FDCWD, path, []unix.Timespec{ts, ts}, unix.AT_SYMLINK_NOFOLLOW))
}

// tree lists every path under dir, relative to it, with a trailing "/"
// for directories and "@" for links.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrPermission) && p != dir {
			return nil // an unreadable directory: listed, its contents not
		}
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			rel += "@"
		case d.IsDir():
			rel += "/"
		}
		out = append(out, rel)
		return nil
	})
	require.NoError(t, err)
	return out
}

func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func mkfile(t *testing.T, path string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(t, os.WriteFile(path, []byte(path), 0o600))
}

// reapFixture fills dir with entries that reap must remove (returned,
// sorted) and entries it must keep.
func reapFixture(t *testing.T, dir string) (stale []string) {
	t.Helper()
	const old = 48 * time.Hour
	oldFile := filepath.Join(dir, reapName("tmp", 1))
	mkfile(t, oldFile)
	oldDir := filepath.Join(dir, reapName("tmp", 2))
	mkfile(t, filepath.Join(oldDir, "a", "b", "f"))
	runDir := filepath.Join(dir, reapName(runDirPrefix, 3))
	mkfile(t, filepath.Join(runDir, "ro", "f"))
	mkfile(t, filepath.Join(runDir, "noread", "f"))
	mkfile(t, filepath.Join(runDir, "nosearch", "f"))
	checkDir := filepath.Join(dir, reapName(checkDirPrefix, 4))
	require.NoError(t, os.Mkdir(checkDir, 0o700))
	for _, p := range []string{oldFile, oldDir, runDir, checkDir} {
		age(t, p, old)
	}
	// A tree that an ordinary user cannot walk or remove without giving
	// itself permissions first (as run's commands may leave).
	require.NoError(t, os.Chmod(filepath.Join(runDir, "ro", "f"), 0o400))
	require.NoError(t, os.Chmod(filepath.Join(runDir, "ro"), 0o500))
	require.NoError(t, os.Chmod(filepath.Join(runDir, "noread"), 0o300))
	require.NoError(t, os.Chmod(filepath.Join(runDir, "nosearch"), 0o600))
	t.Cleanup(func() { _ = osbackend.New().RemoveTree(runDir) })

	// Kept: too new, or something inside is.
	mkfile(t, filepath.Join(dir, reapName("tmp", 5)))
	newInside := filepath.Join(dir, reapName("tmp", 6))
	mkfile(t, filepath.Join(newInside, "sub", "new"))
	age(t, newInside, old)
	require.NoError(t, os.Chtimes(filepath.Join(newInside, "sub", "new"), time.Now(), time.Now()))
	// Kept: names tempvfs does not make, however old.
	for _, name := range []string{
		"foo",
		"tmp.abcdefghij",             // GNU mktemp's default
		"tmpABCDEFGHIJKLM",           // not tempfile's alphabet
		"tmpabcdefghijk1",            // '1' is not in it either
		"tmp" + reapName("", 7)[:12], // too short
		reapName("tmp", 8) + "x",     // too long
		"x" + reapName("tmp", 9),
		reapName("tmp", 10) + ".txt", // a suffix
		reapName("tempvfs-mktemp-", 11),
		"." + reapName("tmp", 12),
		"." + "target." + reapName("", 13), // WriteFile's, without --pending
	} {
		mkfile(t, filepath.Join(dir, name))
		age(t, filepath.Join(dir, name), old)
	}
	stale = []string{oldFile, oldDir, runDir, checkDir}
	slices.Sort(stale)
	return stale
}

func TestReapRemovesStaleEntries(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stale := reapFixture(t, dir)
	before := tree(t, dir)

	code, stdout, stderr := runCLI(&CLI{}, "reap", "--dry-run", dir)
	assert.Equal(t, 0, code, stderr)
	assert.Empty(t, stderr)
	assert.Equal(t, stale, lines(stdout), "--dry-run lists what it would remove")
	assert.Equal(t, before, tree(t, dir), "--dry-run changes nothing")

	code, stdout, stderr = runCLI(&CLI{}, "reap", "-v", dir)
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, stale, lines(stdout))
	assert.Regexp(t, `(?m)^tempvfs reap: kept `+filepath.Join(dir, reapName("tmp", 5))+`: modified \d+s ago$`, stderr)
	assert.Regexp(t, `(?m)^tempvfs reap: kept `+filepath.Join(dir, reapName("tmp", 6))+`: .*/sub/new was modified \d+s ago$`, stderr)
	assert.Len(t, lines(stderr), 2, "-v explains only entries with tempvfs names")
	var want []string
	for _, p := range before {
		gone := slices.ContainsFunc(stale, func(s string) bool {
			rel, _ := filepath.Rel(dir, s)
			return p == rel || p == rel+"/" || strings.HasPrefix(p, rel+"/")
		})
		if !gone {
			want = append(want, p)
		}
	}
	assert.Equal(t, want, tree(t, dir), "exactly the stale entries are gone")

	code, stdout, _ = runCLI(&CLI{}, "reap", dir)
	assert.Equal(t, 0, code)
	assert.Empty(t, stdout, "nothing left to reap")
}

func TestReapOlderThan(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i, ago := range []time.Duration{time.Hour, 3 * time.Hour, 50 * time.Hour, 8 * 24 * time.Hour} {
		p := filepath.Join(dir, reapName("tmp", i))
		mkfile(t, p)
		age(t, p, ago)
	}
	tests := []struct {
		olderThan string
		removed   []int
	}{
		{"10d", nil},
		{"7d", []int{3}},
		{"1d12h", []int{2, 3}},
		{"2h", []int{1, 2, 3}},
		{"0", []int{0, 1, 2, 3}},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(&CLI{}, "reap", "-n", "--older-than", tt.olderThan, dir)
		require.Equal(t, 0, code, stderr)
		var want []string
		for _, i := range tt.removed {
			want = append(want, filepath.Join(dir, reapName("tmp", i)))
		}
		slices.Sort(want)
		assert.Equal(t, want, lines(stdout), "--older-than %s", tt.olderThan)
	}
	code, stdout, _ := runCLI(&CLI{}, "reap", "-n", dir)
	assert.Equal(t, 0, code)
	assert.Len(t, lines(stdout), 2, "24 hours by default")
}

// TestReapOlderThanTooLong checks that an age whose days and duration
// add up past what it can hold is refused, and that the longest ages
// accepted keep a fresh entry.
func TestReapOlderThanTooLong(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fresh := filepath.Join(dir, reapName("tempvfs-run-", 1))
	require.NoError(t, os.Mkdir(fresh, 0o700))
	for _, olderThan := range []string{"1d2562047h", "36500d2000000h"} {
		code, stdout, stderr := runCLI(&CLI{}, "reap", "--older-than", olderThan, dir)
		assert.Equal(t, exitUsage, code, olderThan)
		assert.Empty(t, stdout, olderThan)
		assert.Contains(t, stderr, "tempvfs reap: invalid duration ‘"+olderThan+"’", olderThan)
	}
	for _, olderThan := range []string{"36500d", "2562047h"} {
		code, stdout, stderr := runCLI(&CLI{}, "reap", "--older-than", olderThan, dir)
		assert.Equal(t, exitOK, code, "%s: %s", olderThan, stderr)
		assert.Empty(t, stdout, olderThan)
	}
	_, err := os.Lstat(fresh)
	assert.NoError(t, err, "an entry modified just now is kept")
}

// TestReapBindMount checks that an entry holding a bind mount of a
// directory on the same filesystem, or that is one, is kept with the
// mounted files, whether DIR is named directly or through a symbolic
// link.
func TestReapBindMount(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("only root can mount")
	}
	dir := t.TempDir()
	outside := t.TempDir()
	precious := filepath.Join(outside, "precious")
	require.NoError(t, os.WriteFile(precious, []byte("keep me"), 0o600))
	bindMount := func(target string) {
		t.Helper()
		require.NoError(t, os.MkdirAll(target, 0o700))
		require.NoError(t, unix.Mount(outside, target, "", unix.MS_BIND, ""))
		t.Cleanup(func() { assert.NoError(t, unix.Unmount(target, unix.MNT_DETACH)) })
	}
	holds := filepath.Join(dir, reapName("tempvfs-run-", 1))
	bindMount(filepath.Join(holds, "sub", "mnt"))
	is := filepath.Join(dir, reapName("tempvfs-run-", 2))
	bindMount(is)
	stale := filepath.Join(dir, reapName("tempvfs-run-", 3))
	mkfile(t, filepath.Join(stale, "f"))
	for _, p := range []string{outside, holds, is, stale} {
		age(t, p, 72*time.Hour)
	}
	link := filepath.Join(t.TempDir(), "link")
	require.NoError(t, os.Symlink(dir, link))

	for _, arg := range []string{link, dir} {
		code, stdout, stderr := runCLI(&CLI{}, "reap", "-v", arg)
		assert.Equal(t, 0, code, stderr)
		assert.Contains(t, stderr, "tempvfs reap: kept "+filepath.Join(arg, filepath.Base(holds))+": "+filepath.Join(holds, "sub", "mnt")+" is a mount point\n", arg)
		assert.Contains(t, stderr, "tempvfs reap: kept "+filepath.Join(arg, filepath.Base(is))+": it is a mount point\n", arg)
		if arg == link {
			assert.Equal(t, []string{filepath.Join(link, filepath.Base(stale))}, lines(stdout), "an entry without a mount point goes")
		} else {
			assert.Empty(t, stdout)
		}
		data, err := os.ReadFile(precious)
		assert.NoError(t, err, "a file outside DIR, reached through a mount point, is kept")
		assert.Equal(t, "keep me", string(data))
		for _, p := range []string{filepath.Join(holds, "sub", "mnt", "precious"), filepath.Join(is, "precious")} {
			_, err := os.Lstat(p)
			assert.NoError(t, err, "%s: the mount point stays mounted", p)
		}
	}
}

func TestReapPending(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, ".target."+reapName("", 1))
	dirLike := filepath.Join(dir, ".target."+reapName("", 2))
	mkfile(t, file)
	mkfile(t, filepath.Join(dirLike, "f"))
	age(t, file, 48*time.Hour)
	age(t, dirLike, 48*time.Hour)
	code, stdout, stderr := runCLI(&CLI{}, "reap", "--pending", dir)
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, []string{file}, lines(stdout), "only regular files are pending files")
	assert.NoFileExists(t, file)
	assert.DirExists(t, dirLike)
}

// TestReapNeverFollowsLinks plants links with tempvfs names that point
// outside, and links inside a stale directory: the links go, their
// targets stay.
func TestReapNeverFollowsLinks(t *testing.T) {
	t.Parallel()
	dir, outside := t.TempDir(), t.TempDir()
	precious := filepath.Join(outside, "precious")
	mkfile(t, filepath.Join(outside, "sub", "precious"))
	mkfile(t, precious)
	age(t, outside, 48*time.Hour) // the targets are old too

	linkToFile := filepath.Join(dir, reapName("tmp", 1))
	linkToDir := filepath.Join(dir, reapName("tmp", 2))
	withLink := filepath.Join(dir, reapName(runDirPrefix, 3))
	require.NoError(t, os.Symlink(precious, linkToFile))
	require.NoError(t, os.Symlink(outside, linkToDir))
	require.NoError(t, os.Mkdir(withLink, 0o700))
	require.NoError(t, os.Symlink(outside, filepath.Join(withLink, "link")))
	for _, p := range []string{linkToFile, linkToDir, withLink} {
		age(t, p, 48*time.Hour)
	}
	outsideBefore := tree(t, outside)

	code, stdout, stderr := runCLI(&CLI{}, "reap", dir)
	assert.Equal(t, 0, code, stderr)
	want := []string{linkToFile, linkToDir, withLink}
	slices.Sort(want)
	assert.Equal(t, want, lines(stdout))
	assert.Empty(t, tree(t, dir))
	assert.Equal(t, outsideBefore, tree(t, outside), "no target was touched")
	data, err := os.ReadFile(precious)
	require.NoError(t, err)
	assert.Equal(t, precious, string(data))
}

// TestReapInUse holds stale entries open: reap keeps them until they are
// closed.
func TestReapInUse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	openFile := filepath.Join(dir, reapName("tmp", 1))
	openInside := filepath.Join(dir, reapName("tmp", 2))
	mkfile(t, openFile)
	mkfile(t, filepath.Join(openInside, "deep", "f"))
	age(t, openFile, 48*time.Hour)
	age(t, openInside, 48*time.Hour)
	f1, err := os.Open(openFile)
	require.NoError(t, err)
	f2, err := os.Open(filepath.Join(openInside, "deep", "f"))
	require.NoError(t, err)

	code, stdout, stderr := runCLI(&CLI{}, "reap", "--verbose", dir)
	assert.Equal(t, 0, code, stderr)
	assert.Empty(t, stdout)
	// The process is this one, or a child that another test is starting
	// and that holds a copy of this one's descriptors until it execs.
	assert.Regexp(t, `(?m)^tempvfs reap: kept `+openFile+`: in use by process \d+$`, stderr)
	assert.Regexp(t, `(?m)^tempvfs reap: kept `+openInside+`: `+filepath.Join(openInside, "deep", "f")+` is in use by process \d+$`, stderr)

	require.NoError(t, f1.Close())
	require.NoError(t, f2.Close())
	var removed []string
	for try := 0; try < 50 && len(removed) < 2; try++ { // see above
		if try > 0 {
			time.Sleep(20 * time.Millisecond)
		}
		code, stdout, stderr = runCLI(&CLI{}, "reap", dir)
		assert.Equal(t, 0, code, stderr)
		removed = append(removed, lines(stdout)...)
	}
	assert.Equal(t, []string{openFile, openInside}, removed)
}

// TestReapWorkingDirectory runs a process in a stale directory: reap
// keeps the directory while the process lives.
func TestReapWorkingDirectory(t *testing.T) {
	t.Parallel()
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skipf("no sleep command to run: %v", err)
	}
	dir := t.TempDir()
	cwd := filepath.Join(dir, reapName(runDirPrefix, 1))
	mkfile(t, filepath.Join(cwd, "sub", "f"))
	age(t, cwd, 48*time.Hour)
	for _, wd := range []string{cwd, filepath.Join(cwd, "sub")} {
		cmd := exec.Command(sleep, "60")
		cmd.Dir = wd
		require.NoError(t, cmd.Start())
		code, stdout, stderr := runCLI(&CLI{}, "reap", "-v", dir)
		assert.Equal(t, 0, code, stderr)
		assert.Empty(t, stdout, "the directory of process %d is kept", cmd.Process.Pid)
		assert.Contains(t, stderr, "in use by process "+strconv.Itoa(cmd.Process.Pid))
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()
	}
	code, stdout, stderr := runCLI(&CLI{}, "reap", dir)
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, []string{cwd}, lines(stdout))
}

// TestReapOtherUsers gives stale entries to another user: reap, even as
// root, leaves them alone.
func TestReapOtherUsers(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("only root can give a file to another user")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, reapName("tmp", 1))
	link := filepath.Join(dir, reapName("tmp", 2))
	withTheirs := filepath.Join(dir, reapName(runDirPrefix, 3))
	theirs := filepath.Join(withTheirs, "sub", "theirs")
	mkfile(t, theirs)
	require.NoError(t, os.Chown(theirs, 65534, 65534))
	age(t, withTheirs, 48*time.Hour)
	mkfile(t, file)
	require.NoError(t, os.Symlink("/", link))
	require.NoError(t, os.Chown(file, 65534, 65534))
	require.NoError(t, os.Lchown(link, 65534, 65534))
	age(t, file, 48*time.Hour)
	age(t, link, 48*time.Hour)
	code, stdout, stderr := runCLI(&CLI{}, "reap", "-v", dir)
	assert.Equal(t, 0, code, stderr)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "tempvfs reap: kept "+file+": owned by user 65534, not by 0\n")
	assert.Contains(t, stderr, "tempvfs reap: kept "+link+": owned by user 65534, not by 0\n")
	assert.Contains(t, stderr, "tempvfs reap: kept "+withTheirs+": "+theirs+" is owned by user 65534, not by 0\n")
	assert.FileExists(t, file)
	assert.FileExists(t, theirs)
}

// TestReapCannotRemove makes removal fail (as an ordinary user): reap
// says so and exits 1.
func TestReapCannotRemove(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root can remove entries from a read-only directory")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, reapName("tmp", 1))
	mkfile(t, file)
	age(t, file, 48*time.Hour)
	require.NoError(t, os.Chmod(dir, 0o500))
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	code, stdout, stderr := runCLI(&CLI{}, "reap", dir)
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "tempvfs reap: cannot remove "+file+": Permission denied\n", stderr)
}

func TestReapBadDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	mkfile(t, file)
	for path, msg := range map[string]string{
		filepath.Join(dir, "missing"): "No such file or directory",
		file:                          "Not a directory",
	} {
		code, stdout, stderr := runCLI(&CLI{}, "reap", path)
		assert.Equal(t, 1, code)
		assert.Empty(t, stdout)
		assert.Equal(t, "tempvfs reap: "+path+": "+msg+"\n", stderr)
	}
}

// TestReapRelativeDir checks that DIR is resolved against CLI.Dir and
// that paths are printed as DIR was given.
func TestReapRelativeDir(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	p := filepath.Join(parent, "sub", reapName("tmp", 1))
	mkfile(t, p)
	age(t, p, 48*time.Hour)
	code, stdout, stderr := runCLI(&CLI{Dir: parent}, "reap", "sub")
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, filepath.Join("sub", reapName("tmp", 1))+"\n", stdout)
	assert.NoFileExists(t, p)
}
