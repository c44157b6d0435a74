//go:build !unix

package tempfile_test

import "testing"

// differentDevices cannot tell here.
func differentDevices(testing.TB, string, string) bool { return false }
