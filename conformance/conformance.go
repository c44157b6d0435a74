package conformance

import (
	"fmt"
	"io/fs"
	"testing"

	"github.com/tempvfs/tempvfs/conformance/suite"
	"github.com/tempvfs/tempvfs/vfs"
)

// NewFS returns a fresh filesystem for one check, and an existing, empty
// directory in it that the check may fill. It is called once per check,
// from the check's own subtest, and may use t.TempDir and t.Cleanup. No two
// checks share what it returns.
type NewFS func(t *testing.T) (fsys vfs.Fs, dir string)

// Run runs every check against fresh filesystems from newFS, each as its
// own parallel subtest of t named Group/Check (for example
// "Create/ExclusiveRace"), so that a single check can be selected with
// go test -run. A check whose capability the filesystem lacks is skipped
// with the reason; a broken promise fails the subtest with a message that
// quotes the promise.
//
// A nil newFS fails t at once, with a message saying so; a newFS that
// returns a nil filesystem fails each subtest the same way. Neither
// panics. (A nil pointer of a filesystem type is not a nil filesystem:
// see [vfs.ErrNilFS].)
func Run(t *testing.T, newFS NewFS) {
	t.Helper()
	if newFS == nil {
		t.Fatalf("conformance.Run: %v", errNilFactory)
		return
	}
	for _, c := range suite.Cases() {
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			fsys, dir := newFS(t)
			if fsys == nil {
				t.Fatalf("conformance.Run: NewFS: %v", &fs.PathError{Op: "check", Path: dir, Err: vfs.ErrNilFS})
			}
			c.Run(t, fsys, dir)
		})
	}
}

// errNilFactory is the error for a nil [NewFS]; [Check] reports a nil
// [Factory] with the same text.
var errNilFactory = fmt.Errorf("conformance: nil filesystem factory: %w", fs.ErrInvalid)

// *testing.T is what the checks report to in [Run].
var _ suite.T = (*testing.T)(nil)

// Factory returns a fresh filesystem, an existing empty directory in it,
// and a function that releases both (it may be nil). It is [NewFS] for
// code that has no [testing.T]: [Check] calls it once per check. It is
// [suite.Factory].
type Factory = suite.Factory

// Status is the outcome of one check: [Pass], [Fail] or [Skip]. It is
// [suite.Status].
type Status = suite.Status

// The outcomes of a check.
const (
	Pass = suite.Pass // the filesystem kept the promise
	Fail = suite.Fail // the filesystem broke the promise, or the check could not run
	Skip = suite.Skip // the check does not apply: a capability is missing
)

// Result is the outcome of one check on one filesystem. It is
// [suite.Result].
type Result = suite.Result

// Report is the outcome of every check on one filesystem. It marshals to
// JSON as it is. It is [suite.Report].
type Report = suite.Report

// Check runs every check, one after another, against fresh filesystems
// from newFS, and reports the outcome of each: it is [suite.Check], for
// programs, where tests call [Run]. backend names the filesystem in the
// report. A failing newFS fails the check it was called for, and so does
// a check that has not finished after two minutes, stuck in the
// filesystem: Check then moves on and leaves its goroutine behind.
//
// A nil newFS, or one that returns a nil filesystem and no error, fails
// every check with a message saying so, and then [Report.Err] matches
// [fs.ErrInvalid]; nothing panics. (A nil pointer of a filesystem type is
// not a nil filesystem: see [vfs.ErrNilFS].)
//
// A program that calls Check links package testing through this package;
// one that calls [suite.Check] does not.
func Check(backend string, newFS Factory) Report {
	return suite.Check(backend, newFS)
}

// Markdown renders reports as a Markdown table with one row per report
// and one column per check group: it is [suite.Markdown].
func Markdown(reports ...Report) string {
	return suite.Markdown(reports...)
}
