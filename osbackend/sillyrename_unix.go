//go:build unix

package osbackend

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// unlinkOpen removes name, which f (open, on directory descriptor dfd or
// AT_FDCWD) was just created as, so that only f refers to the file. On a
// filesystem that would keep a removed open file under a hidden name
// (NFS, FUSE as sshfs does it, SMB) it does not: that name could outlive
// the caller's Close and keep the directory from being removed, so it
// closes f, then removes name, and returns an error wrapping
// [errors.ErrUnsupported] that names the filesystem; callers then make a
// named file that Close removes. If the
// removal fails, f is closed, the name is tried again, and the error is
// returned as it is. The caller names the directory in its error.
func unlinkOpen(f *os.File, dfd int, name string) error {
	var kind string
	if rc, err := f.SyscallConn(); err == nil {
		_ = rc.Control(func(fd uintptr) { kind = sillyRenames(int(fd)) })
	}
	if kind != "" {
		// Removing the name now would leave a hidden one until Close:
		// close first, then remove the name, so that nothing is left.
		cerr := f.Close()
		err := unlinkRetry(dfd, name)
		if err == unix.ENOENT {
			err = nil
		}
		return errors.Join(fmt.Errorf("%w: %s keeps a removed open file under a hidden name until it is closed", errors.ErrUnsupported, kind), cerr, err)
	}
	err := unlinkRetry(dfd, name)
	if err != nil {
		cerr := f.Close()
		rerr := unlinkRetry(dfd, name)
		if rerr == unix.ENOENT {
			rerr = nil
		}
		return errors.Join(err, cerr, rerr)
	}
	return nil
}

// unlinkRetry is unlinkat(2) of a file, retried on EINTR.
func unlinkRetry(dfd int, name string) error {
	for {
		if err := unix.Unlinkat(dfd, name, 0); err != unix.EINTR {
			return err
		}
	}
}
