//go:build !unix

package cli

import (
	"io/fs"
	"os"
)

// chmodEntry sets the mode of directory path. Here there is no way to do
// it relative to a descriptor, and permission bits mean little: it is
// os.Chmod.
func chmodEntry(path string, mode fs.FileMode) error { return os.Chmod(path, mode) }
