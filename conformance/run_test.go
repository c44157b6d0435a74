package conformance_test

import (
	"testing"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

func TestOSBackend(t *testing.T) {
	conformance.Run(t, func(t *testing.T) (vfs.Fs, string) {
		return osbackend.New(), t.TempDir()
	})
}
