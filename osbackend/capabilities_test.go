package osbackend_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/capcheck"
	"github.com/tempvfs/tempvfs/osbackend"
)

// rootHidden are the capabilities that a Root does not implement, each
// with the reason.
var rootHidden = capcheck.Hidden{
	"vfs.PublishFS": "a Root does not publish (its documentation names the capabilities it " +
		"brings through the root): tempfile makes a named temporary file in the root instead",
	"vfs.WorkingDirFS": "a Root's names are relative to the root, not to a working directory",
}

// FS is afero's OsFs plus every capability (the package documentation),
// on every system, since the methods are the same everywhere
// (TestSameAPIOnEveryGOOS); Root all but rootHidden. They are the
// package's only filesystem types, with the tests' wrapper hideRename.
func TestCapabilities(t *testing.T) {
	t.Parallel()
	types, err := capcheck.Types(".")
	require.NoError(t, err)
	assert.Equal(t, []string{"FS", "Root", "hideRename"}, types, "a new filesystem type here is checked below too")

	assert.NoError(t, capcheck.Check(osbackend.New(), nil))
	assert.NoError(t, capcheck.Check((*osbackend.Root)(nil), rootHidden))
	assert.NoError(t, capcheck.Check(hideRename{}, rootHidden.With("the test is of vfs.RenameNoReplace's fallback", "vfs.RenameNoReplaceFS")))
}
