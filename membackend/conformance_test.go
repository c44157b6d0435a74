package membackend_test

import (
	"os"
	"testing"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// processUser returns the options that make membackend act as the user
// running the test. The conformance suite expects permission bits to be
// enforced exactly when that user is not root, as on the operating system;
// on Windows, which has no uid (Geteuid is -1), no user is root to it, so
// membackend acts for an unprivileged one.
func processUser() []membackend.Option {
	switch uid := os.Geteuid(); {
	case uid > 0:
		return []membackend.Option{membackend.WithUser(uid, os.Getegid())}
	case uid < 0:
		return []membackend.Option{membackend.WithUser(1000, 1000)}
	}
	return nil
}

func TestConformance(t *testing.T) {
	t.Parallel()
	conformance.Run(t, func(*testing.T) (vfs.Fs, string) {
		return membackend.New(processUser()...), "/tmp"
	})
}

// TestConformanceUnprivileged runs the checks with membackend acting as an
// unprivileged user, for whom the permission bits are enforced.
func TestConformanceUnprivileged(t *testing.T) {
	t.Parallel()
	conformance.Run(t, func(*testing.T) (vfs.Fs, string) {
		return membackend.New(membackend.WithUser(1000, 1000)), "/tmp"
	})
}

// TestConformanceMounts runs the checks in a directory on a mount without
// O_TMPFILE and RENAME_NOREPLACE, so that the fallbacks of tempfile and
// the suite's skips run too, and in one on a tmpfs of the preset Linux
// host. (A mount without links fails the suite's link checks: membackend
// still implements the interfaces, as osbackend does on vfat.)
func TestConformanceMounts(t *testing.T) {
	t.Parallel()
	t.Run("without O_TMPFILE and RENAME_NOREPLACE", func(t *testing.T) {
		t.Parallel()
		conformance.Run(t, func(*testing.T) (vfs.Fs, string) {
			lacking := membackend.WithoutCapabilities(membackend.CapTmpfile, membackend.CapRenameNoReplace)
			opts := append(processUser(), membackend.WithMount("/tmp", lacking))
			return membackend.New(opts...), "/tmp"
		})
	})
	t.Run("linux host", func(t *testing.T) {
		t.Parallel()
		conformance.Run(t, func(*testing.T) (vfs.Fs, string) {
			opts := append(processUser(), membackend.WithLinuxHost())
			return membackend.New(opts...), "/dev/shm"
		})
	})
}
