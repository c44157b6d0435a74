//go:build unix

package tempfile_test

import (
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// differentDevices reports whether a and b are on different filesystems.
func differentDevices(t testing.TB, a, b string) bool {
	var sa, sb syscall.Stat_t
	if syscall.Stat(a, &sa) != nil {
		return false
	}
	require.NoError(t, syscall.Stat(b, &sb))
	return sa.Dev != sb.Dev
}
