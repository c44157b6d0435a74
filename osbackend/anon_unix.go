//go:build unix && !linux

package osbackend

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/tempvfs/tempvfs/vfs"
)

func createAnonymous(dir string, perm fs.FileMode) (*os.File, error) {
	return createUnlinked(dir, perm)
}

func createPublishable(dir string, perm fs.FileMode) (*os.File, error) {
	return nil, &fs.PathError{Op: "open", Path: dir, Err: fmt.Errorf("%w: no O_TMPFILE on this system", errors.ErrUnsupported)}
}

func publish(f vfs.File, newname string) error {
	return &os.LinkError{Op: "link", Old: f.Name(), New: newname, Err: fmt.Errorf("%w: no O_TMPFILE on this system", errors.ErrUnsupported)}
}
