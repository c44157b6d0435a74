//go:build windows

package tempfile

import (
	"os"
)

func defaultSignals() []os.Signal { return []os.Signal{os.Interrupt} }

// statusControlCExit is STATUS_CONTROL_C_EXIT, the exit status of a
// console process ended by Ctrl-C.
const statusControlCExit = -1073741510 // 0xC000013A as an int32

// reraise ends the process as Ctrl-C does: Windows has no way to send a
// signal back to oneself.
func reraise(os.Signal) { os.Exit(statusControlCExit) }
