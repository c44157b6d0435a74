//go:build !unix && !windows

package osbackend

import (
	"errors"
	"io/fs"
	"os"

	"github.com/tempvfs/tempvfs/vfs"
)

func createExclusive(name string, perm fs.FileMode) (*os.File, error) {
	return os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
}

func createAnonymous(dir string, perm fs.FileMode) (*os.File, error) {
	return nil, &fs.PathError{Op: "open", Path: dir, Err: errors.ErrUnsupported}
}

func createPublishable(dir string, perm fs.FileMode) (*os.File, error) {
	return nil, &fs.PathError{Op: "open", Path: dir, Err: errors.ErrUnsupported}
}

func publish(f vfs.File, newname string) error {
	return &os.LinkError{Op: "link", Old: f.Name(), New: newname, Err: errors.ErrUnsupported}
}

func syncDir(name string) error {
	return &fs.PathError{Op: "sync", Path: name, Err: errors.ErrUnsupported}
}

func platformTempDirs() []string {
	return append(envDirs("TMPDIR", "TEMP", "TMP"), "/tmp")
}
