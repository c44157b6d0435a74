package osbackend_test

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// The TestNetFS tests run on a network filesystem: the directory that
// TEMPVFS_NETFS_DIR names, which .ci/sshfs/run mounts with sshfs (FUSE)
// from OpenSSH's sshd on 127.0.0.1. Without it they skip.

var updateNetFS = flag.Bool("update-netfs", false, "rewrite "+netfsGolden+" from this run on TEMPVFS_NETFS_DIR, keeping the recorded reasons")

// netfsGolden records the results of the conformance checks on the
// mount that differ from a pass, each with its reason.
const netfsGolden = "testdata/sshfs.golden"

// netfsRoot returns TEMPVFS_NETFS_DIR, or skips the test.
func netfsRoot(t *testing.T) string {
	t.Helper()
	root := os.Getenv("TEMPVFS_NETFS_DIR")
	if root == "" {
		t.Skip("TEMPVFS_NETFS_DIR is not set: bash .ci/sshfs/run mounts sshfs and runs this test there")
	}
	return root
}

// netfsDir returns a fresh directory on the network filesystem, which
// must be empty, or come to be (a hidden file can outlive the Close of
// its last handle by a moment), at the end of the test.
func netfsDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp(netfsRoot(t), "osbackend-netfs-")
	require.NoError(t, err)
	t.Cleanup(func() {
		deadline := time.Now().Add(2 * time.Second)
		for len(dirNames(t, dir)) > 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		left := dirNames(t, dir)
		assert.NoError(t, os.Remove(dir), "what the test left: %v", left)
	})
	return dir
}

// A netfsRecord is a recorded result: its status ("fail", "skip", or
// alternatives such as "pass|fail" for a race that a run may not hit)
// and why.
type netfsRecord struct {
	status, reason string
}

// readNetFSGolden reads the lines "backend check status reason..." of
// netfsGolden.
func readNetFSGolden(t *testing.T) map[string]map[string]netfsRecord {
	t.Helper()
	f, err := os.Open(netfsGolden)
	require.NoError(t, err)
	defer f.Close()
	g := map[string]map[string]netfsRecord{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.SplitN(line, " ", 4)
		require.Len(t, fields, 4, "%s: want \"backend check status reason\", not %q", netfsGolden, line)
		if g[fields[0]] == nil {
			g[fields[0]] = map[string]netfsRecord{}
		}
		g[fields[0]][fields[1]] = netfsRecord{fields[2], fields[3]}
	}
	require.NoError(t, sc.Err())
	return g
}

// netfsBackends are osbackend's two filesystems, each check in a fresh
// directory on the mount.
func netfsBackends(root string) []struct {
	name  string
	newFS conformance.Factory
} {
	fresh := func(newFS func(dir string) (vfs.Fs, string, func(), error)) conformance.Factory {
		return func() (vfs.Fs, string, func(), error) {
			dir, err := os.MkdirTemp(root, "osbackend-conformance-")
			if err != nil {
				return nil, "", nil, err
			}
			fsys, d, release, err := newFS(dir)
			if err != nil {
				os.RemoveAll(dir)
				return nil, "", nil, err
			}
			return fsys, d, func() {
				if release != nil {
					release()
				}
				// A check that failed may leave a hidden file a moment.
				for range 100 {
					if os.RemoveAll(dir) == nil {
						return
					}
					time.Sleep(10 * time.Millisecond)
				}
			}, nil
		}
	}
	return []struct {
		name  string
		newFS conformance.Factory
	}{
		{"osbackend", fresh(func(dir string) (vfs.Fs, string, func(), error) {
			return osbackend.New(), dir, nil, nil
		})},
		{"osbackend.OpenRoot", fresh(func(dir string) (vfs.Fs, string, func(), error) {
			r, err := osbackend.OpenRoot(dir)
			if err != nil {
				return nil, "", nil, err
			}
			return r, string(filepath.Separator), func() { r.Close() }, nil
		})},
	}
}

// TestNetFSConformance runs the conformance checks with osbackend on the
// mount and compares the results with those recorded in
// testdata/sshfs.golden: a check not recorded there must pass, and a
// recorded one must end as recorded. A new failure fails the test, and
// so does a recorded failure that now passes (update the record).
func TestNetFSConformance(t *testing.T) {
	root := netfsRoot(t)
	var reports []conformance.Report
	for _, b := range netfsBackends(root) {
		reports = append(reports, conformance.Check(b.name, b.newFS))
	}
	if *updateNetFS {
		writeNetFSGolden(t, reports)
	}
	g := readNetFSGolden(t)
	for _, r := range reports {
		want := g[r.Backend]
		seen := map[string]bool{}
		for _, res := range r.Results {
			seen[res.Check] = true
			rec, ok := want[res.Check]
			if !ok {
				assert.Equal(t, conformance.Pass, res.Status, "%s %s: not recorded in %s, so it must pass: %s", r.Backend, res.Check, netfsGolden, res.Message)
				continue
			}
			assert.True(t, netfsAllows(rec.status, res.Status), "%s %s: recorded %s (%s), now %s: %s", r.Backend, res.Check, rec.status, rec.reason, res.Status, res.Message)
		}
		for check := range want {
			assert.True(t, seen[check], "%s %s: recorded in %s, but there is no such check", r.Backend, check, netfsGolden)
		}
	}
	assert.NoError(t, errors.Join(leftIn(root)...), "the checks left nothing on the mount")
}

// netfsAllows reports whether the recorded status, or one of its
// alternatives, is got.
func netfsAllows(want string, got conformance.Status) bool {
	for _, w := range strings.Split(want, "|") {
		if conformance.Status(w) == got {
			return true
		}
	}
	return false
}

// leftIn returns an error for each entry that the conformance checks left
// in root.
func leftIn(root string) []error {
	entries, err := os.ReadDir(root)
	if err != nil {
		return []error{err}
	}
	var errs []error
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "osbackend-conformance-") {
			errs = append(errs, fmt.Errorf("left: %s", filepath.Join(root, e.Name())))
		}
	}
	return errs
}

// writeNetFSGolden records every result that is not a pass, keeping the
// status and reason recorded for a check whose status this run admits
// ("pass|fail" stays). A new entry's reason is the first line of the
// check's message, marked for a person to replace with the why.
func writeNetFSGolden(t *testing.T, reports []conformance.Report) {
	t.Helper()
	old := map[string]map[string]netfsRecord{}
	if _, err := os.Stat(netfsGolden); err == nil {
		old = readNetFSGolden(t)
	}
	var b strings.Builder
	b.WriteString(`# The conformance checks with osbackend on sshfs (sshfs 3.7.3, libfuse 3.14,
# OpenSSH 9.2's sftp-server, as .ci/sshfs/run mounts it, run as root), checked by
# TestNetFSConformance: every check not listed here passes. A line is
# "backend check status reason"; "pass|fail" marks a race that a run may not hit.
# Regenerate on the mount with: go test ./osbackend -run TestNetFSConformance -update-netfs
# (which keeps the reasons recorded; write one for each new line).
`)
	for _, r := range reports {
		for _, res := range r.Results {
			rec, ok := old[r.Backend][res.Check]
			switch {
			case ok && netfsAllows(rec.status, res.Status):
			case res.Status == conformance.Pass:
				continue
			default:
				first, _, _ := strings.Cut(res.Message, "\n")
				rec = netfsRecord{string(res.Status), "NEW, say why: " + first}
			}
			fmt.Fprintf(&b, "%s %s %s %s\n", r.Backend, res.Check, rec.status, rec.reason)
		}
	}
	require.NoError(t, os.WriteFile(netfsGolden, []byte(b.String()), 0o644))
}

// TestNetFSRemoveTreeOpenFile: removing a tree that holds an open file
// leaves its hidden name, and the directory, until the file is closed.
// RemoveTree says so at once with ENOTEMPTY rather than removing the
// hidden name again and again (which sshfs answers by hiding the file
// anew); once the file is closed, it removes the rest.
func TestNetFSRemoveTreeOpenFile(t *testing.T) {
	t.Parallel()
	dir := netfsDir(t)
	fsys := osbackend.New()
	top := filepath.Join(dir, "top")
	require.NoError(t, os.MkdirAll(filepath.Join(top, "sub"), 0o700))
	writeFile(t, filepath.Join(top, "sub", "f"), "open")
	writeFile(t, filepath.Join(top, "g"), "closed")
	held, err := os.Open(filepath.Join(top, "sub", "f"))
	require.NoError(t, err)

	err = fsys.RemoveTree(top)
	require.Error(t, err)
	assert.ErrorIs(t, err, syscall.ENOTEMPTY)
	var pe *fs.PathError
	if assert.ErrorAs(t, err, &pe) {
		assert.Equal(t, filepath.Join(top, "sub"), pe.Path, "the error names the directory that holds the open file")
	}
	_, err = os.Lstat(filepath.Join(top, "g"))
	assert.ErrorIs(t, err, fs.ErrNotExist, "the rest is removed")
	buf := make([]byte, 4)
	_, err = held.ReadAt(buf, 0)
	assert.NoError(t, err)
	assert.Equal(t, "open", string(buf), "the open file still reads")

	require.NoError(t, held.Close())
	deadline := time.Now().Add(2 * time.Second)
	for {
		err = fsys.RemoveTree(top)
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	assert.NoError(t, err, "RemoveTree once the file is closed")
}

// TestNetFSAnonymous: on FUSE, removing the name of an open file would
// leave a hidden one until Close, so CreateAnonymous refuses with
// errors.ErrUnsupported and leaves nothing; CreatePublishable has no
// O_TMPFILE.
func TestNetFSAnonymous(t *testing.T) {
	t.Parallel()
	dir := netfsDir(t)
	fsys := osbackend.New()
	f, err := fsys.CreateAnonymous(dir, 0o600)
	if f != nil {
		f.Close()
	}
	require.Error(t, err)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	assert.Contains(t, err.Error(), "FUSE")
	assert.Empty(t, dirNames(t, dir))

	f, err = fsys.CreatePublishable(dir, 0o600)
	if f != nil {
		f.Close()
	}
	assert.ErrorIs(t, err, errors.ErrUnsupported, "no O_TMPFILE on sshfs")
	assert.Empty(t, dirNames(t, dir))
}
