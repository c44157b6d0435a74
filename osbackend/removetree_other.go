//go:build !unix

package osbackend

import (
	"errors"
	"io/fs"

	"github.com/tempvfs/tempvfs/vfs"
)

var _ vfs.RemoveTreeFS = (*FS)(nil)

// RemoveTree is unsupported here: it returns an [*fs.PathError] wrapping
// [errors.ErrUnsupported] and removes nothing. On Unix it removes name
// and everything in it relative to each directory's descriptor, following
// no link; [os.RemoveAll] on this system looks paths up again.
func (*FS) RemoveTree(name string) error {
	return &fs.PathError{Op: "removeall", Path: name, Err: errors.ErrUnsupported}
}
