//go:build unix && !solaris && !aix

package osbackend

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// hardLink makes newname another name of the file oldname names. A
// symbolic link at oldname gets the new name itself: linkat(2) without
// AT_SYMLINK_FOLLOW never follows it, where link(2), which os.Link calls,
// follows it on the BSDs.
func hardLink(oldname, newname string) error {
	for {
		err := unix.Linkat(unix.AT_FDCWD, oldname, unix.AT_FDCWD, newname, 0)
		if err == nil {
			return nil
		}
		if !errors.Is(err, unix.EINTR) {
			return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: err}
		}
	}
}
