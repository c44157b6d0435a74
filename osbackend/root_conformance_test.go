package osbackend_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/internal/testing/wine"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// TestRootConformance runs the conformance checks on a Root, with the
// root itself as the checks' directory.
func TestRootConformance(t *testing.T) {
	t.Parallel()
	conformance.Run(t, func(t *testing.T) (vfs.Fs, string) {
		dir := t.TempDir()
		if why := wine.ConformanceSkip(t.Name(), dir); why != "" {
			t.Skip(why)
		}
		r, err := osbackend.OpenRoot(dir)
		require.NoError(t, err)
		t.Cleanup(func() { r.Close() })
		return r, "/"
	})
}

// TestRootConformanceSubdir runs them with a directory below the root,
// named without a leading separator.
func TestRootConformanceSubdir(t *testing.T) {
	t.Parallel()
	conformance.Run(t, func(t *testing.T) (vfs.Fs, string) {
		dir := t.TempDir()
		if why := wine.ConformanceSkip(t.Name(), dir); why != "" {
			t.Skip(why)
		}
		r, err := osbackend.OpenRoot(dir)
		require.NoError(t, err)
		t.Cleanup(func() { r.Close() })
		require.NoError(t, r.MkdirAll("work/dir", 0o700))
		return r, "work/dir"
	})
}
