//go:build linux

// Linux only, as broken_test.go, whose filesystems it checks, is.

package suite

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/capcheck"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// The filesystems of the package and of its tests forward every
// capability of the one they wrap, so that a check that wraps the
// filesystem under test, and the broken filesystems that the checks are
// tested against, take the paths that filesystem would.
func TestWrappersForwardEveryCapability(t *testing.T) {
	t.Parallel()
	wrappers := map[string]func(base *osbackend.FS) vfs.Fs{
		"renameFails": func(base *osbackend.FS) vfs.Fs { return renameFails{base} },
		"healthy":     func(base *osbackend.FS) vfs.Fs { return healthy{base} },
		"broken":      func(base *osbackend.FS) vfs.Fs { return &broken{healthy: healthy{base}} },
	}
	types, err := capcheck.Types(".")
	require.NoError(t, err)
	var names []string
	for name := range wrappers {
		names = append(names, name)
	}
	assert.ElementsMatch(t, types, names, "every filesystem type of the package is checked here")

	base := osbackend.New()
	require.NoError(t, capcheck.Check(base, nil), "the base has every capability")
	for name, wrap := range wrappers {
		assert.NoError(t, capcheck.Check(wrap(base), nil), name)
	}
}
