package osbackend

import (
	"errors"
	"os"
)

// linkThenRemove is the portable no-replace rename: link(2) fails if
// newname exists, so there is no check-then-act window. Errors are
// [*os.LinkError] with Op "rename".
func linkThenRemove(oldname, newname string) error {
	if err := os.Link(oldname, newname); err != nil {
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
