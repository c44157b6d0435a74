// Package tempfiletest fails tests that leak temporary files or
// directories, as goleak does for goroutines.
//
// [Watch] watches a filesystem: every temporary object that package
// tempfile makes on it while the test runs (named, anonymous, spooled and
// pending files, directories, pools, and the files and directories of
// CreateTemp and MkdirTemp that still exist) and that is not closed,
// cleaned up or removed when the test ends fails the test, with its path,
// kind and, with [tempfile.WithStacks], the stack that made it. The code
// under test needs no option for it: it only has to make its temporary
// objects on the filesystem the test gives it. [Check] does the same for
// the objects made with [tempfile.WithTracker] and the tracker it returns.
// Either way the leaked objects are then removed, so one failing test does
// not spill into the next.
package tempfiletest

import (
	"strings"
	"testing"

	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// Watch attaches a new tracker, made with opts, to fsys
// ([tempfile.Tracker.Attach]) and registers a cleanup with t that detaches
// it and calls [VerifyNone] on it when the test and its subtests have
// finished; it returns the tracker. Cleanups registered after Watch run
// before it, so a t.Cleanup that closes a file counts. If the tracker
// cannot be attached (fsys is nil, not a pointer, or watched already), t
// fails at once.
func Watch(t testing.TB, fsys vfs.Fs, opts ...tempfile.TrackerOption) *tempfile.Tracker {
	t.Helper()
	tr := tempfile.NewTracker(opts...)
	detach, err := tr.Attach(fsys)
	if err != nil {
		t.Fatalf("tempfiletest: cannot watch the filesystem: %v", err)
		return tr
	}
	t.Cleanup(func() {
		detach()
		VerifyNone(t, tr)
	})
	return tr
}

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
