//go:build !unix

package cli

import (
	"os"
	"os/exec"
	"os/signal"
)

// runForwardingSignals starts cmd and waits for it, returning its exit
// code. The error is non-nil only if cmd could not be started. There are
// no signals to pass on here: an interrupt (Ctrl-C on Windows' console)
// reaches cmd directly, so this process only ignores it while cmd runs,
// to be able to clean up afterwards.
func runForwardingSignals(cmd *exec.Cmd) (int, error) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)

	if err := cmd.Start(); err != nil {
		return 0, err
	}
	_ = cmd.Wait() // the status is in cmd.ProcessState
	return cmd.ProcessState.ExitCode(), nil
}
