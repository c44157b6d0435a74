package tempfile

import (
	"os"
	"os/signal"
	"sync"
)

// HandleSignals removes the tracker's objects when the process receives
// one of sigs (by default SIGINT and SIGTERM; os.Interrupt on Windows),
// then lets the signal take its usual course: it restores the signal's
// default handling and sends the signal to the process again, so that it
// ends as it would have without the handler (on Unix, killed by that
// signal; on Windows, with exit status 0xC000013A, as after Ctrl-C).
//
// Cleaning up is [Tracker.CleanupAll]: kept files and directories stay,
// and errors are ignored, since nothing could report them.
//
// The handler does not take the signals over: Go delivers a signal to
// every channel registered for it with [signal.Notify], so the program's
// own handlers receive it too, before, during or after the cleanup. Once
// the cleanup is done, the handler resets the signal's handling for the
// whole process ([signal.Reset], which also stops every other channel
// receiving it) and sends it again, which ends the process whatever the
// other handlers are doing. A program with a shutdown of its own should
// not use HandleSignals, but call [Tracker.CleanupAll] from its own
// handler.
//
// stop uninstalls the handler and waits until it is gone; calling it
// again does nothing. A handler that has started cleaning up finishes
// first.
func (t *Tracker) HandleSignals(sigs ...os.Signal) (stop func()) {
	if len(sigs) == 0 {
		sigs = defaultSignals()
	}
	ch := make(chan os.Signal, 1)
	done := make(chan struct{})
	exited := make(chan struct{})
	signal.Notify(ch, sigs...)
	go func() {
		defer close(exited)
		select {
		case sig := <-ch:
			_ = t.CleanupAll()
			signal.Reset(sig)
			reraise(sig)
		case <-done:
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
			<-exited
		})
	}
}
