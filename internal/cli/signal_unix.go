//go:build unix

package cli

import (
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// forwardedSignals are the signals run passes on to the command.
var forwardedSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// runForwardingSignals starts cmd, passes every forwarded signal that
// this process receives on to it until it ends, and returns its status
// as the shell reports it: the exit code, or 128 plus the number of the
// signal that ended it. The error is non-nil only if cmd could not be
// started. While it runs, the forwarded signals no longer end this
// process, so the caller can clean up afterwards.
func runForwardingSignals(cmd *exec.Cmd) (int, error) {
	// Catch the signals before starting cmd, so that none arriving
	// between the two can end this process without its cleanup.
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, forwardedSignals...)
	defer signal.Stop(sigs)

	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait() // the status is in cmd.ProcessState
		close(done)
	}()
	for {
		select {
		case sig := <-sigs:
			// The process may have ended already; then there is
			// nobody to tell.
			_ = cmd.Process.Signal(sig)
		case <-done:
			return exitStatus(cmd.ProcessState), nil
		}
	}
}

func exitStatus(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return exitSignalBase + int(ws.Signal())
	}
	return ps.ExitCode()
}
