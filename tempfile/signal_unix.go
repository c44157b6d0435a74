//go:build unix

package tempfile

import (
	"os"
	"syscall"
)

func defaultSignals() []os.Signal { return []os.Signal{syscall.SIGINT, syscall.SIGTERM} }

// reraise sends sig to the process again, now that its handling is the
// default one, which ends the process for SIGINT and SIGTERM.
func reraise(sig os.Signal) {
	if s, ok := sig.(syscall.Signal); ok {
		_ = syscall.Kill(os.Getpid(), s)
	}
}
