package membackend_test

import (
	"testing"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	conformance.Run(t, func(*testing.T) (vfs.Fs, string) {
		return membackend.New(), "/tmp"
	})
}

// TestConformanceUnprivileged runs the checks as an unprivileged user, for
// whom the permission bits are enforced.
func TestConformanceUnprivileged(t *testing.T) {
	t.Parallel()
	conformance.Run(t, func(*testing.T) (vfs.Fs, string) {
		return membackend.New(membackend.WithUser(1000, 1000)), "/tmp"
	})
}
