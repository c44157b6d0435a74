package osbackend

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On local filesystems nothing is silly-renamed, and an anonymous file
// made by create-then-unlink leaves no name.
func TestSillyRenamesLocal(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{t.TempDir(), "/dev/shm"} {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		f, err := os.CreateTemp(dir, "silly-")
		require.NoError(t, err)
		defer os.Remove(f.Name())
		assert.Empty(t, sillyRenames(int(f.Fd())), dir)
		f.Close()

		g, err := createUnlinked(dir, 0o600)
		require.NoError(t, err, dir)
		g.Close()
	}
}
