package conformance_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/internal/testing/wine"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// osbackendKnownFailures are the checks that osbackend fails today, each
// with the reason. TestOSBackendReport fails when one of them passes, so
// that the entry is removed once osbackend is fixed.
var osbackendKnownFailures = map[string]string{}

// backends are tempvfs's own filesystems: each must pass every check
// that applies to it.
var backends = []struct {
	name  string
	newFS conformance.NewFS
}{
	{"osbackend", func(t *testing.T) (vfs.Fs, string) {
		dir := t.TempDir()
		if why := wine.ConformanceSkip(t.Name(), dir); why != "" {
			t.Skip(why)
		}
		return osbackend.New(), dir
	}},
}

func TestBackends(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			conformance.Run(t, b.newFS)
		})
	}
}

func TestOSBackendReport(t *testing.T) {
	t.Parallel()
	r := conformance.Check("osbackend", tempDirFactory(t, func() vfs.Fs { return osbackend.New() }))
	probe := t.TempDir()
	for _, res := range r.Results {
		if why := wine.ConformanceSkip(res.Check, probe); why != "" && res.Status == conformance.Fail {
			t.Logf("%s: failed as expected under Wine (%s): %s", res.Check, why, res.Message)
			continue
		}
		if reason, known := osbackendKnownFailures[res.Check]; known {
			assert.Equal(t, conformance.Fail, res.Status, "%s is a known failure (%s): if osbackend is fixed, remove it from osbackendKnownFailures", res.Check, reason)
			continue
		}
		assert.NotEqual(t, conformance.Fail, res.Status, "%s: %s\npromise: %s", res.Check, res.Message, res.Promise)
	}
}

// tempDirFactory returns a Factory of fresh directories under t's
// temporary directory on the OS.
func tempDirFactory(t *testing.T, newFS func() vfs.Fs) conformance.Factory {
	root := t.TempDir()
	return func() (vfs.Fs, string, func(), error) {
		dir, err := os.MkdirTemp(root, "")
		if err != nil {
			return nil, "", nil, err
		}
		return newFS(), dir, func() { os.RemoveAll(dir) }, nil
	}
}
