//go:build linux

package cli

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNetFSCheck runs check on the sshfs mount that TEMPVFS_NETFS_DIR
// names (.ci/sshfs/run makes it), and holds the report to what sshfs
// does: its type, and each behaviour that differs from a local disk,
// with what it means for temporary files.
func TestNetFSCheck(t *testing.T) {
	root := os.Getenv("TEMPVFS_NETFS_DIR")
	if root == "" {
		t.Skip("TEMPVFS_NETFS_DIR is not set: bash .ci/sshfs/run mounts sshfs and runs this test there")
	}
	dir, err := os.MkdirTemp(root, "cli-netfs-")
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, os.Remove(dir), "check leaves nothing behind") })

	want := map[string]string{
		capTmpfile:        "no O_TMPFILE",
		capUnlinkOpen:     "removing an open file leaves a hidden .fuse_hidden file until it is closed (silly rename): anonymous files are named files here",
		capRenameOverOpen: "a rename over an open file is not atomic for readers",
		capSymlinkTargets: "Readlink of absolute or .. targets is refused (sshfs contain_symlinks",
	}

	code, r, stderr := checkJSON(t, dir)
	assert.Equal(t, 1, code, "conformance checks fail on sshfs: %s", stderr)
	assert.False(t, r.OK)
	assert.True(t, r.Safety.Safe, "%+v", r.Safety)
	assert.Equal(t, filesystemReport{Type: "fuse.sshfs", Magic: "0x65735546"}, r.Filesystem)
	caps := capabilityMap(r.Capabilities)
	assert.Len(t, caps, len(capNames()))
	for name, detail := range want {
		assert.Equal(t, capNo, caps[name].Status, "%s: %s", name, caps[name].Detail)
		assert.Contains(t, caps[name].Detail, detail, name)
	}
	for _, name := range []string{capSyncDir, capSymlinks, capCaseSensitive} {
		assert.Equal(t, capYes, caps[name].Status, "%s: %s", name, caps[name].Detail)
	}
	require.NotNil(t, r.Conformance)
	var failed []string
	for _, f := range r.Conformance.Failures {
		failed = append(failed, f.Check)
	}
	// The failures osbackend's TestNetFSConformance records, the two
	// races when a run hits them.
	assert.Subset(t, []string{"Remove/OpenFile", "Remove/AllOpenFile", "Symlink/Lstat", "Rename/AtomicReplace", "Tempfile/WriteFileAtomic"}, failed)

	code, text, stderr := runCLI(&CLI{}, "check", "--quick", dir)
	assert.Equal(t, 0, code, "with --quick only the directory's safety counts: %s", stderr)
	assert.Contains(t, text, "\nFilesystem  fuse.sshfs (statfs magic 0x65735546)\n")
	for name, detail := range want {
		line := "  " + capLabels[name] + " "
		i := strings.Index(text, line)
		if assert.GreaterOrEqual(t, i, 0, "the table has a line for %s:\n%s", name, text) {
			rest, _, _ := strings.Cut(text[i+len(line):], "\n")
			assert.Contains(t, rest, "no ", name)
			assert.Contains(t, rest, detail, name)
		}
	}

	// A hidden file of the probes' may outlive its Close by a moment;
	// check's Cleanup waits for it.
	deadline := time.Now().Add(2 * time.Second)
	for {
		names, err := readNames(dir)
		require.NoError(t, err)
		if len(names) == 0 || time.Now().After(deadline) {
			assert.Empty(t, names, "check leaves nothing behind")
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
}
