package membackend

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/capcheck"
)

// TestCapabilities holds the package's filesystem types to vfs's one list
// of capabilities: FS has all of them, and the two wrappers that hand a
// call to a vfs helper's fallback hide what that fallback must not see.
func TestCapabilities(t *testing.T) {
	t.Parallel()
	types, err := capcheck.Types(".")
	require.NoError(t, err)
	// linkFS, which embeds vfs.LinkFS, is not found by its embedded type's
	// name; it is checked below with the others.
	assert.Equal(t, []string{"FS", "plainFS"}, types, "a new filesystem type here is checked below too")

	assert.NoError(t, capcheck.Check(New(), nil))
	assert.NoError(t, capcheck.Check(plainFS{New()}, capcheck.HideAllBut(
		"vfs.CreateAnonymous's and vfs.RenameNoReplace's fallbacks must not call back into the FS's own "+
			"method, on a device without CapTmpfile, or without CapRenameNoReplace and CapHardLinks")))
	assert.NoError(t, capcheck.Check(linkFS{New()}, capcheck.HideAllBut(
		"vfs.RenameNoReplace links and removes, on a device without CapRenameNoReplace, "+
			"only for a filesystem without RenameNoReplaceFS", "vfs.LinkFS")))
}
