//go:build !unix && !windows

package tempfile

import (
	"os"
)

func defaultSignals() []os.Signal { return []os.Signal{os.Interrupt} }

// reraise ends the process with status 2, as a Go program does on an
// unhandled signal, where a signal cannot be sent back to oneself.
func reraise(os.Signal) { os.Exit(2) }
