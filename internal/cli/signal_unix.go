//go:build unix

package cli

import (
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// forwardedSignals are the signals run passes on to the command.
var forwardedSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// signalCatcher keeps the forwarded signals from ending this process
// between its creation and stop, so that run can always clean up.
type signalCatcher struct{ ch chan os.Signal }

func catchSignals() *signalCatcher {
	s := &signalCatcher{ch: make(chan os.Signal, 8)}
	signal.Notify(s.ch, forwardedSignals...)
	return s
}

// stop lets the forwarded signals end this process again.
func (s *signalCatcher) stop() { signal.Stop(s.ch) }

// run starts cmd, passes every forwarded signal that this process
// receives on to it until it ends, and returns its status as the shell
// reports it: the exit code, or 128 plus the number of the signal that
// ended it. If a signal came before cmd could be started, cmd is not
// started and the status is 128 plus that signal's number. The error is
// non-nil only if cmd could not be started.
func (s *signalCatcher) run(cmd *exec.Cmd) (int, error) {
	select {
	case sig := <-s.ch:
		return exitSignalBase + int(sig.(syscall.Signal)), nil
	default:
	}
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
		case sig := <-s.ch:
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
