package sillyrename_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tempvfs/tempvfs/internal/sillyrename"
)

func TestIsHidden(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		// As sshfs 3.7.3 (libfuse 3.14) and the kernels name them.
		".fuse_hidden0000038700000001":     true,
		".fuse_hidden00000A3F000000ff":     true,
		".nfs000000000012d68700000001":     true,
		".nfs.0000002a.00ab4.4":            true,
		".fuse_hidden":                     false,
		".fuse_hidden000003870000000":      false, // one digit short
		".fuse_hidden00000387000000011":    false, // one too many
		".fuse_hidden0000038700000001.txt": false,
		".fuse_hiddenxyz0038700000001":     false,
		"fuse_hidden0000038700000001":      false,
		".nfs":                             false,
		".nfsrc":                           false,
		".nfs000000000012d6870000000":      false,
		".nfs000000000012d687000000zz":     false,
		".nfs.conf":                        false,
		".nfs.0000":                        false,
		"tmp0000038700000001":              false,
		"":                                 false,
	} {
		assert.Equal(t, want, sillyrename.IsHidden(name), "%q", name)
	}
}
