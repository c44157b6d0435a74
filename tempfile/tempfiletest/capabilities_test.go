package tempfiletest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/capcheck"
	"github.com/tempvfs/tempvfs/membackend"
)

// valueFS, the one filesystem type of the tests, hides every capability
// on purpose.
func TestTestFilesystemsForwardCapabilities(t *testing.T) {
	t.Parallel()
	types, err := capcheck.Types(".")
	require.NoError(t, err)
	assert.Equal(t, []string{"valueFS"}, types, "a new filesystem type here is checked below too")

	assert.NoError(t, capcheck.Check(valueFS{membackend.New()}, capcheck.HideAllBut(
		"valueFS is a filesystem that is not a pointer, for Attach to refuse; it needs no capability")))
}
