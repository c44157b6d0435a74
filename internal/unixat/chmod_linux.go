//go:build linux

package unixat

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// NoFchmodat2 makes ChmodDirAt behave as on a kernel without
// fchmodat2(2), for tests.
var NoFchmodat2 = false

// ChmodDirAt sets the mode of the directory base of dfd without following
// a symbolic link: fchmodat2(2) with AT_SYMLINK_NOFOLLOW (Linux 6.6), or
// else chmod(2) of /proc/self/fd/N for an O_PATH descriptor of base
// opened with O_DIRECTORY|O_NOFOLLOW, which refers to that directory and
// nothing else. A link or a file at base gives ENOTDIR.
func ChmodDirAt(dfd int, base string, mode uint32) error {
	if !NoFchmodat2 {
		err := errnoOf(unix.Fchmodat(dfd, base, mode, unix.AT_SYMLINK_NOFOLLOW))
		switch err {
		case nil:
			return nil
		case unix.EOPNOTSUPP, unix.ENOSYS:
			// No fchmodat2, or base is now a symbolic link (which has no
			// mode of its own): the O_PATH descriptor tells which.
		default:
			return err
		}
	}
	fd, err := openAt(dfd, base, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	for {
		err := unix.Fchmodat(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(fd), mode, 0)
		if err != unix.EINTR {
			return errnoOf(err)
		}
	}
}
