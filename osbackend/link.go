package osbackend

import (
	"errors"
	"os"
)

// linkThenRemove is the portable no-replace rename: a hard link fails if
// newname exists, so there is no check-then-act window, and moves a
// symbolic link itself. Errors are [*os.LinkError] with Op "rename".
func linkThenRemove(oldname, newname string) error {
	if err := hardLink(oldname, newname); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	if err := os.Remove(oldname); err != nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	return nil
}
