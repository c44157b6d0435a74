package tempfile_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// Another program holds a file of the directory open, as an indexer or a
// virus scanner may on Windows, without FILE_SHARE_DELETE (os.Open's
// handles), and lets go a moment later: Cleanup waits for it.
func TestDirCleanupWaitsForAnOpenFile(t *testing.T) {
	t.Parallel()
	d, err := tempfile.NewDir(osbackend.New(), tempfile.WithDir(t.TempDir()))
	require.NoError(t, err)
	require.NoError(t, d.WriteFile("sub/f", []byte("x")))
	held, err := os.Open(filepath.Join(d.Path(), "sub", "f"))
	require.NoError(t, err)
	released := make(chan struct{})
	go func() {
		time.Sleep(100 * time.Millisecond)
		held.Close()
		close(released)
	}()
	assert.NoError(t, d.Cleanup())
	<-released
	_, err = os.Lstat(d.Path())
	assert.ErrorIs(t, err, os.ErrNotExist)
}
