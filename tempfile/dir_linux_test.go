package tempfile_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// A program given the directory may build a tree deeper than PATH_MAX,
// which no path can name; Cleanup still removes all of it.
func TestDirCleanupBeyondPathMax(t *testing.T) {
	fsys := osbackend.New()
	parent := t.TempDir()
	d, err := tempfile.NewDir(fsys, tempfile.WithDir(parent))
	require.NoError(t, err)

	t.Chdir(d.Path())
	name := strings.Repeat("d", 100)
	for range 60 { // 60 × 101 bytes: past PATH_MAX (4096)
		require.NoError(t, os.Mkdir(name, 0o700))
		require.NoError(t, os.Chdir(name))
	}
	require.NoError(t, os.WriteFile("f", []byte("x"), 0o600))
	require.NoError(t, os.Chdir(parent))

	require.NoError(t, d.Cleanup())
	entries, err := os.ReadDir(parent)
	require.NoError(t, err)
	assert.Empty(t, entries)
}
