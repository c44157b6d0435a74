package osbackend

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

func renameNoReplace(oldname, newname string) error {
	err := unix.RenamexNp(oldname, newname, unix.RENAME_EXCL)
	if err == nil {
		return nil
	}
	if errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EINVAL) {
		if lerr := linkThenRemove(oldname, newname); !errors.Is(lerr, unix.EPERM) {
			return lerr
		}
	}
	return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
}
