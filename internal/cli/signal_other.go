//go:build !unix

package cli

import (
	"os"
	"os/exec"
	"os/signal"
)

// signalCatcher keeps an interrupt (Ctrl-C on Windows' console) from
// ending this process between its creation and stop, so that run can
// always clean up. There is nothing to pass on: the interrupt reaches the
// command directly.
type signalCatcher struct{ ch chan os.Signal }

func catchSignals() *signalCatcher {
	s := &signalCatcher{ch: make(chan os.Signal, 1)}
	signal.Notify(s.ch, os.Interrupt)
	return s
}

// stop lets an interrupt end this process again.
func (s *signalCatcher) stop() { signal.Stop(s.ch) }

// run starts cmd, waits for it and returns its exit code. The error is
// non-nil only if cmd could not be started.
func (s *signalCatcher) run(cmd *exec.Cmd) (int, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	_ = cmd.Wait() // the status is in cmd.ProcessState
	return cmd.ProcessState.ExitCode(), nil
}
