package suite

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// recorder is the tester behind Check: it records instead of printing.
// FailNow and Skipf end the calling goroutine, as they do on a
// testing.T, so each check runs in a goroutine of its own.
type recorder struct {
	name string

	mu         sync.Mutex
	failed     bool
	skipped    bool
	skipReason string
	msgs       []string
	cleanups   []func()
}

var _ tester = (*recorder)(nil)

func (*recorder) Helper()        {}
func (r *recorder) Name() string { return r.name }

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	r.msgs = append(r.msgs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func (r *recorder) FailNow() {
	r.mu.Lock()
	r.failed = true
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}

func (r *recorder) Skipf(format string, args ...any) {
	r.mu.Lock()
	r.skipped = true
	r.skipReason = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (*recorder) Logf(string, ...any) {}

func (r *recorder) Cleanup(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups = append(r.cleanups, f)
}

// runCleanups runs the registered functions, last first, as testing does.
func (r *recorder) runCleanups() {
	for {
		r.mu.Lock()
		n := len(r.cleanups)
		if n == 0 {
			r.mu.Unlock()
			return
		}
		f := r.cleanups[n-1]
		r.cleanups = r.cleanups[:n-1]
		r.mu.Unlock()
		func() {
			defer func() {
				if p := recover(); p != nil {
					r.Errorf("panic in cleanup: %v\n%s", p, debug.Stack())
				}
			}()
			f()
		}()
	}
}
