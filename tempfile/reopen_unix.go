//go:build unix

package tempfile

import (
	"syscall"

	"github.com/tempvfs/tempvfs/vfs"
)

// openGuard is added to the flags of an open by a name that may have been
// replaced: a FIFO does not block the open, and a terminal does not
// become the controlling one.
const openGuard = syscall.O_NONBLOCK | syscall.O_NOCTTY

// unguard puts a regular file opened with openGuard back in blocking
// mode, where the handle gives access to its descriptor (an *os.File
// does); elsewhere O_NONBLOCK means nothing for a regular file.
func unguard(h vfs.File) error {
	sc, ok := h.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return serr
}
