//go:build linux

package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// statfsMagic returns the statfs f_type of the filesystem holding dir.
func statfsMagic(t *testing.T, dir string) int64 {
	t.Helper()
	var st unix.Statfs_t
	require.NoError(t, unix.Statfs(dir, &st))
	return int64(st.Type) & 0xffffffff
}

// tmpfsDir returns a new directory on a tmpfs (in /dev/shm), or skips
// the test if there is none.
func tmpfsDir(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/dev/shm"); err != nil {
		t.Skipf("no tmpfs to test on: %v", err)
	}
	if m := statfsMagic(t, "/dev/shm"); m != unix.TMPFS_MAGIC {
		t.Skipf("/dev/shm is not a tmpfs (statfs f_type 0x%x)", m)
	}
	dir, err := os.MkdirTemp("/dev/shm", "tempvfs-cli-test-")
	if err != nil {
		t.Skipf("cannot make a directory in /dev/shm: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// ext4Dir returns a new directory on ext4 (t.TempDir), or skips the test
// if the test's temporary directory is on another filesystem.
func ext4Dir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.Chmod(dir, 0o700)) // as tmpfsDir's, whatever the umask
	if m := statfsMagic(t, dir); m != unix.EXT4_SUPER_MAGIC {
		t.Skipf("%s is not on ext2/3/4 (statfs f_type 0x%x)", dir, m)
	}
	if mt := mountType(dir); mt != "ext4" {
		t.Skipf("%s is on %q according to /proc/self/mountinfo, not ext4", dir, mt)
	}
	return dir
}

// checkJSON runs check --json with args and decodes the report.
func checkJSON(t *testing.T, args ...string) (int, checkReport, string) {
	t.Helper()
	code, stdout, stderr := runCLI(&CLI{}, append([]string{"check", "--json"}, args...)...)
	var r checkReport
	require.NoError(t, json.Unmarshal([]byte(stdout), &r), "stdout: %s\nstderr: %s", stdout, stderr)
	return code, r, stderr
}

func capabilityMap(caps []capability) map[string]capability {
	m := make(map[string]capability)
	for _, c := range caps {
		m[c.Name] = c
	}
	return m
}

// assertTextMatches checks that the table says what the JSON report says.
func assertTextMatches(t *testing.T, text string, r checkReport) {
	t.Helper()
	assert.Contains(t, text, "Directory  ")
	assert.Regexp(t, `(?m)^Directory +`+regexp.QuoteMeta(r.Dir)+`$`, text)
	assert.Regexp(t, fmt.Sprintf(`(?m)^  mode +%s \(%s\), owner uid %d$`, regexp.QuoteMeta(r.Safety.Mode), r.Safety.Perm, *r.Safety.OwnerUID), text)
	assert.NotEmpty(t, r.Safety.Reason, "the verdict has a reason")
	assert.Regexp(t, `(?m)^  safe +`+yesNo(r.Safety.Safe)+` \(`+regexp.QuoteMeta(r.Safety.Reason)+`\)$`, text)
	assert.Regexp(t, `(?m)^  symbolic link +`+yesNo(r.Safety.Symlink)+`$`, text)
	assert.Regexp(t, `(?m)^  sticky +`+yesNo(r.Safety.Sticky)+`$`, text)
	for _, p := range r.Safety.Problems {
		assert.Regexp(t, `(?m)^  unsafe: +`+regexp.QuoteMeta(p)+`$`, text)
	}
	for _, p := range r.Safety.Warnings {
		assert.Regexp(t, `(?m)^  warning: +`+regexp.QuoteMeta(p)+`$`, text)
	}
	assert.Regexp(t, `(?m)^Filesystem +`+regexp.QuoteMeta(r.Filesystem.Type)+` \(statfs magic `+r.Filesystem.Magic+`\)$`, text)
	for _, c := range r.Capabilities {
		assert.Regexp(t, `(?m)^  `+regexp.QuoteMeta(capLabels[c.Name])+` +`+c.Status+` +`+regexp.QuoteMeta(c.Detail)+`$`, text, c.Name)
	}
	if s := r.Conformance; s != nil {
		assert.Regexp(t, fmt.Sprintf(`(?m)^Conformance +%d passed, %d failed, %d skipped$`, s.Passed, s.Failed, s.Skipped), text)
		for _, g := range s.Groups {
			assert.Regexp(t, fmt.Sprintf(`(?m)^  %s +%d passed, %d failed, %d skipped$`, g.Group, g.Passed, g.Failed, g.Skipped), text)
		}
		for _, f := range s.Skips {
			assert.Contains(t, text, "skip "+f.Check+": ") // the message names a fresh directory each run
		}
		for _, f := range s.Failures {
			assert.Contains(t, text, "FAIL "+f.Check+": ")
		}
	} else if r.Quick {
		assert.Contains(t, text, "Conformance  not run (--quick)")
	}
	if r.OK {
		assert.Contains(t, text, "\nResult: ok\n")
	} else {
		assert.Contains(t, text, "\nResult: not ok: ")
	}
}

// TestCheckFilesystems runs the whole check on a tmpfs and an ext4
// directory, and compares the report with what the kernel is known to
// offer on each.
func TestCheckFilesystems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		dir    func(*testing.T) string
		fsType string
		magic  string
	}{
		{"tmpfs", tmpfsDir, "tmpfs", "0x1021994"},
		{"ext4", ext4Dir, "ext4", "0xef53"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := tt.dir(t)
			code, r, stderr := checkJSON(t, dir)
			assert.Equal(t, 0, code, stderr)
			assert.Empty(t, stderr)
			assert.True(t, r.OK)
			assert.Equal(t, dir, r.Dir)
			assert.Equal(t, filesystemReport{Type: tt.fsType, Magic: tt.magic}, r.Filesystem)

			assert.True(t, r.Safety.Safe)
			assert.Equal(t, "drwx------", r.Safety.Mode)
			assert.Equal(t, "0700", r.Safety.Perm)
			require.NotNil(t, r.Safety.OwnerUID)
			assert.Equal(t, os.Geteuid(), *r.Safety.OwnerUID)
			assert.Empty(t, r.Safety.Problems)
			assert.Empty(t, r.Safety.Warnings)

			caps := capabilityMap(r.Capabilities)
			assert.Len(t, caps, len(capNames()))
			for _, name := range []string{capTmpfile, capPublish, capRenameNoReplace, capSyncDir, capSymlinks, capHardLinks, capCaseSensitive, capSymlinkTargets, capUnlinkOpen, capRenameOverOpen} {
				assert.Equal(t, capYes, caps[name].Status, "%s: %s", name, caps[name].Detail)
			}
			if os.Geteuid() == 0 {
				assert.Equal(t, capability{Name: capPermissions, Status: capNotChecked, Detail: "running as root, whom permission bits do not bind"}, caps[capPermissions])
			} else {
				assert.Equal(t, capYes, caps[capPermissions].Status, caps[capPermissions].Detail)
			}

			require.NotNil(t, r.Conformance)
			assert.Zero(t, r.Conformance.Failed, "%+v", r.Conformance.Failures)
			assert.Greater(t, r.Conformance.Passed, 40)
			var groups []string
			var passed, skipped int
			for _, g := range r.Conformance.Groups {
				groups = append(groups, g.Group)
				passed += g.Passed
				skipped += g.Skipped
			}
			assert.Subset(t, groups, []string{"Access", "Capability", "Create", "Mode", "Permission", "Remove", "Rename", "Symlink"})
			assert.Equal(t, r.Conformance.Passed, passed, "the groups add up")
			assert.Equal(t, r.Conformance.Skipped, skipped, "the groups add up")
			assert.Len(t, r.Conformance.Skips, skipped)
			require.NotNil(t, r.CreateTime)
			assert.Equal(t, 200, r.CreateTime.Creates)
			assert.Positive(t, r.CreateTime.OsbackendNs)
			assert.Positive(t, r.CreateTime.OSCreateTempNs)

			code, text, stderr := runCLI(&CLI{}, "check", dir)
			assert.Equal(t, 0, code, stderr)
			assertTextMatches(t, text, r)
			names, err := readNames(dir)
			require.NoError(t, err)
			assert.Empty(t, names, "check leaves nothing behind")
		})
	}
}

// TestCheckSafety checks the verdict on the directory itself, for
// directories whose mode, owner or kind make them safe or unsafe.
func TestCheckSafety(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		setup    func(t *testing.T, dir string) string // returns the directory to check
		root     bool                                  // needs root
		safe     bool
		mode     string
		reason   string // the reason for the verdict, exactly
		problem  string // a substring of the one problem, when unsafe
		warning  string // a substring of the one warning
		symlink  bool
		ownerUID int
	}{
		{name: "private", setup: chmodDir(0o700), safe: true, mode: "drwx------", reason: "owned by you, mode 0700"},
		{name: "readable by all", setup: chmodDir(0o755), safe: true, mode: "drwxr-xr-x", reason: "owned by you, mode 0755"},
		{name: "world-writable without sticky bit", setup: chmodDir(0o777), mode: "drwxrwxrwx", reason: "world-writable without the sticky bit", problem: "lacks the sticky bit"},
		{name: "world-writable with sticky bit", setup: chmodDir(0o777 | os.ModeSticky), safe: true, mode: "drwxrwxrwt", reason: "world-writable, but sticky: others cannot remove or rename your entries"},
		{name: "group-writable", setup: chmodDir(0o770), safe: true, mode: "drwxrwx---", reason: "owned by you, mode 0770, writable by its group too (see the warning)", warning: "its group can write to it"},
		{name: "group-writable with sticky bit", setup: chmodDir(0o770 | os.ModeSticky), safe: true, mode: "drwxrwx--T", reason: "group-writable, but sticky: its group cannot remove or rename your entries"},
		{name: "symbolic link", setup: func(t *testing.T, dir string) string {
			require.NoError(t, os.Chmod(dir, 0o700))
			link := filepath.Join(t.TempDir(), "link")
			require.NoError(t, os.Symlink(dir, link))
			return link
		}, mode: "drwx------", symlink: true, reason: "a symbolic link", problem: "it is a symbolic link (to "},
		{name: "another user's", root: true, setup: func(t *testing.T, dir string) string {
			require.NoError(t, os.Chmod(dir, 0o750))
			require.NoError(t, os.Chown(dir, 65534, 65534))
			return dir
		}, mode: "drwxr-x---", reason: "owned by user 65534", problem: "it belongs to user 65534, neither you (0) nor root", ownerUID: 65534},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.root && os.Geteuid() != 0 {
				t.Skip("only root can give a directory to another user")
			}
			dir := tt.setup(t, t.TempDir())
			code, r, stderr := checkJSON(t, "--quick", dir)
			assert.Empty(t, stderr)
			assert.Equal(t, tt.safe, r.Safety.Safe)
			assert.Equal(t, tt.safe, r.OK)
			assert.Equal(t, map[bool]int{true: 0, false: 1}[tt.safe], code, "exit status")
			assert.Equal(t, tt.mode, r.Safety.Mode)
			assert.Equal(t, tt.reason, r.Safety.Reason)
			assert.Equal(t, tt.symlink, r.Safety.Symlink)
			want := os.Geteuid()
			if tt.ownerUID != 0 {
				want = tt.ownerUID
			}
			require.NotNil(t, r.Safety.OwnerUID)
			assert.Equal(t, want, *r.Safety.OwnerUID)
			if tt.problem == "" {
				assert.Empty(t, r.Safety.Problems)
			} else if assert.Len(t, r.Safety.Problems, 1) {
				assert.Contains(t, r.Safety.Problems[0], tt.problem)
			}
			if tt.warning == "" {
				assert.Empty(t, r.Safety.Warnings)
			} else if assert.Len(t, r.Safety.Warnings, 1) {
				assert.Contains(t, r.Safety.Warnings[0], tt.warning)
			}
			assert.Nil(t, r.Conformance, "--quick")
			require.NotNil(t, r.CreateTime)
			assert.Equal(t, 20, r.CreateTime.Creates, "--quick")

			code, text, _ := runCLI(&CLI{}, "check", "--quick", dir)
			assert.Equal(t, map[bool]int{true: 0, false: 1}[tt.safe], code, "exit status")
			assertTextMatches(t, text, r)
		})
	}
}

// TestCheckSymlinkSpellings checks that a symbolic link is reported as
// one however DIR names it: with a trailing slash or "/." as well, and
// as $TMPDIR.
func TestCheckSymlinkSpellings(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	require.NoError(t, os.Mkdir(real, 0o700))
	link := filepath.Join(base, "link")
	require.NoError(t, os.Symlink(real, link))
	for _, arg := range []string{link, link + "/", link + "/.", link + "//./"} {
		code, r, stderr := checkJSON(t, "--quick", arg)
		assert.Empty(t, stderr, arg)
		assert.Equal(t, arg, r.Dir, "DIR is reported as given")
		assert.True(t, r.Safety.Symlink, "%s goes through a symbolic link", arg)
		assert.False(t, r.Safety.Safe, arg)
		assert.Equal(t, 1, code, arg)
		if assert.Len(t, r.Safety.Problems, 1, arg) {
			assert.Contains(t, r.Safety.Problems[0], "it is a symbolic link (to "+real+")", arg)
		}
	}
	t.Setenv("TMPDIR", link+"/")
	code, r, stderr := checkJSON(t, "--quick")
	assert.Empty(t, stderr)
	assert.True(t, r.Safety.Symlink, "$TMPDIR %s goes through a symbolic link", link+"/")
	assert.Equal(t, 1, code, "$TMPDIR %s", link+"/")

	code, r, stderr = checkJSON(t, "--quick", real+"/.")
	assert.Empty(t, stderr)
	assert.False(t, r.Safety.Symlink, "the link's target is no link")
	assert.Equal(t, 0, code, "the link's target is safe")
}

// chmodDir returns a setup that gives the directory mode, whatever the
// umask.
func chmodDir(mode os.FileMode) func(*testing.T, string) string {
	return func(t *testing.T, dir string) string {
		require.NoError(t, os.Chmod(dir, mode))
		return dir
	}
}

func TestCheckCannotCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	tests := []struct {
		path, stderr string
	}{
		{filepath.Join(dir, "missing"), "No such file or directory"},
		{file, "Not a directory"},
		{filepath.Join(file, "below"), "Not a directory"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(&CLI{}, "check", tt.path)
		assert.Equal(t, 1, code)
		assert.Empty(t, stdout)
		assert.Equal(t, "tempvfs check: "+tt.path+": "+tt.stderr+"\n", stderr)
	}
}

// TestCheckRelativeDir checks that DIR is resolved against CLI.Dir and
// reported as given.
func TestCheckRelativeDir(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(parent, "sub"), 0o700))
	code, stdout, stderr := runCLI(&CLI{Dir: parent}, "check", "--quick", "--json", "sub")
	require.Equal(t, 0, code, stderr)
	var r checkReport
	require.NoError(t, json.Unmarshal([]byte(stdout), &r))
	assert.Equal(t, filepath.Join(parent, "sub"), r.Dir)
}

// TestCheckUnusableDir checks a directory in which nothing can be made:
// a problem, capabilities not checked, no conformance run.
func TestCheckUnusableDir(t *testing.T) {
	t.Parallel()
	const dir = "/proc/1"
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Skipf("no %s to test with: %v", dir, err)
	}
	code, r, stderr := checkJSON(t, dir)
	assert.Equal(t, 1, code, stderr)
	assert.False(t, r.OK)
	assert.False(t, r.Safety.Safe)
	if assert.Len(t, r.Safety.Problems, 1) {
		assert.Contains(t, r.Safety.Problems[0], "no directory can be created in it: ")
	}
	assert.Equal(t, "proc", r.Filesystem.Type)
	assert.Len(t, r.Capabilities, len(capNames()))
	for _, c := range r.Capabilities {
		assert.Equal(t, capNotChecked, c.Status, c.Name)
	}
	assert.Nil(t, r.Conformance)
	assert.Nil(t, r.CreateTime)
	assert.False(t, r.Quick)
	code, text, _ := runCLI(&CLI{}, "check", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, text, "Conformance  not run: no directory can be made in /proc/1\n")
	assert.Contains(t, text, "\nResult: not ok: the directory is unsafe or unusable\n")
}
