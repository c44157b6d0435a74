//go:build unix

package osbackend

import (
	"os"

	"github.com/tempvfs/tempvfs/vfs"
)

var _ vfs.RemoveTreeFS = (*FS)(nil)

// RemoveTree removes name and everything in it, following no symbolic
// link at any depth, even one swapped in while it runs, and reaching
// entries deeper than PATH_MAX. It is [os.RemoveAll], which on Unix
// opens each directory with O_NOFOLLOW and removes its entries with
// unlinkat(2) relative to it. Windows has no RemoveTree: os.RemoveAll
// there looks each path up again.
func (*FS) RemoveTree(name string) error {
	return os.RemoveAll(name)
}
