//go:build unix && !linux

package unixat

import "golang.org/x/sys/unix"

// NoFchmodat2 stands for the Linux switch of the same name, for tests; it
// changes nothing here, where fchmodat(2) itself takes AT_SYMLINK_NOFOLLOW.
var NoFchmodat2 = false

// ChmodDirAt sets the mode of the directory base of dfd without following
// a symbolic link: fchmodat(2) with AT_SYMLINK_NOFOLLOW changes a link
// swapped in at base, never what it points to.
func ChmodDirAt(dfd int, base string, mode uint32) error {
	for {
		err := unix.Fchmodat(dfd, base, mode, unix.AT_SYMLINK_NOFOLLOW)
		if err != unix.EINTR {
			return errnoOf(err)
		}
	}
}
