// Package tempfiletest fails tests that leak temporary files or
// directories, as goleak does for goroutines.
//
// A test makes its temp objects with [tempfile.WithTracker] and a tracker
// from [Check]; when the test ends, anything made with the tracker and not
// closed or cleaned up fails the test, with its path, kind and, with
// [tempfile.WithStacks], the stack that made it. The leaked objects are
// then removed, so one failing test does not spill into the next.
package tempfiletest

import (
	"strings"
	"testing"

	"github.com/tempvfs/tempvfs/tempfile"
)

// Check returns a new tracker, made with opts, and registers a cleanup
// with t that calls [VerifyNone] on it when the test and its subtests have
// finished. Cleanups registered after Check run before it, so a t.Cleanup
// that closes a file counts.
func Check(t testing.TB, opts ...tempfile.TrackerOption) *tempfile.Tracker {
	t.Helper()
	tr := tempfile.NewTracker(opts...)
	t.Cleanup(func() { VerifyNone(t, tr) })
	return tr
}

// VerifyNone fails t, naming each object, if tr lists any live object,
// then removes them with [tempfile.Tracker.CleanupAll], reporting any
// error that leaves. It passes, and does nothing, when tr lists nothing.
func VerifyNone(t testing.TB, tr *tempfile.Tracker) {
	t.Helper()
	live := tr.Live()
	if len(live) == 0 {
		return
	}
	var b strings.Builder
	for _, e := range live {
		b.WriteString("\n\t")
		b.WriteString(e.String())
		if e.Stack != "" {
			b.WriteString("\n\t\t")
			b.WriteString(strings.ReplaceAll(strings.TrimSuffix(e.Stack, "\n"), "\n", "\n\t\t"))
		}
	}
	t.Errorf("tempfiletest: %d temporary object(s) leaked:%s", len(live), b.String())
	if err := tr.CleanupAll(); err != nil {
		t.Errorf("tempfiletest: removing the leaked objects: %v", err)
	}
}
