//go:build unix

package tempfile_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// TestWriteFileKeepsOwner: as root, the replaced file's owner and group
// stay.
func TestWriteFileKeepsOwner(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("only root may give a file away")
	}
	for _, fsys := range []vfs.Fs{osbackend.New(), &plainFS{afero.NewOsFs()}} {
		dir := t.TempDir()
		target := filepath.Join(dir, "t")
		require.NoError(t, os.WriteFile(target, []byte("old"), 0o644))
		require.NoError(t, os.Chown(target, 65534, 65534))
		require.NoError(t, tempfile.WriteFile(fsys, target, []byte("new"), 0o600))
		fi, err := os.Stat(target)
		require.NoError(t, err)
		st := fi.Sys().(*syscall.Stat_t)
		assert.Equal(t, uint32(65534), st.Uid, "%T: the owner stays", fsys)
		assert.Equal(t, uint32(65534), st.Gid, "%T: the group stays", fsys)
		assert.Equal(t, fs.FileMode(0o644), fi.Mode().Perm())
	}
}
