//go:build !unix && !windows

package osbackend

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/tempvfs/tempvfs/vfs"
)

var errNoAnonymous = fmt.Errorf("%w: this system cannot remove an open file", errors.ErrUnsupported)

func (r *Root) createAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: dir, Err: errNoAnonymous}
}
