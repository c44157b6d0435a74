//go:build !windows

package tempfile

// isBusy reports whether waiting may cure err: never, off Windows.
func isBusy(error) bool { return false }
