package suite

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/tempvfs/tempvfs/vfs"
)

// Factory returns a fresh filesystem, an existing empty directory in it,
// and a function that releases both (it may be nil). It is
// conformance.NewFS for code that has no testing.T: [Check] calls it
// once per check.
type Factory func() (fsys vfs.Fs, dir string, cleanup func(), err error)

// Status is the outcome of one check.
type Status string

// The outcomes of a check.
const (
	Pass Status = "pass" // the filesystem kept the promise
	Fail Status = "fail" // the filesystem broke the promise, or the check could not run
	Skip Status = "skip" // the check does not apply: a capability is missing
)

// Result is the outcome of one check on one filesystem.
type Result struct {
	Group   string `json:"group"`   // "Create"
	Check   string `json:"check"`   // "Create/ExclusiveRace", as conformance.Run names the subtest
	Promise string `json:"promise"` // the promise checked, quoted from its documentation
	Status  Status `json:"status"`
	// Message is, for a failure, what went wrong (one line per problem)
	// and, for a skip, the reason. It is empty for a pass.
	Message string `json:"message,omitempty"`

	// factoryErr is the Factory's error when the check could not run
	// for it, kept so that Report.Err wraps it. JSON does not carry it.
	factoryErr error
}

// Report is the outcome of every check on one filesystem. It marshals to
// JSON as it is.
type Report struct {
	Backend string   `json:"backend"` // the name given to Check
	Results []Result `json:"results"`
}

// Check runs every check, one after another, against fresh filesystems
// from newFS, and reports the outcome of each. It is the entry point for
// programs; tests call conformance.Run. backend names the filesystem in the report.
// A failing newFS fails the check it was called for, and so does a check
// that has not finished after two minutes, stuck in the filesystem: Check
// then moves on and leaves its goroutine behind.
//
// A nil newFS, or one that returns a nil filesystem and no error, fails
// every check with a message saying so, and then [Report.Err] matches
// [fs.ErrInvalid]; nothing panics. (A nil pointer of a filesystem type is
// not a nil filesystem: see [vfs.ErrNilFS].)
func Check(backend string, newFS Factory) Report {
	return check(backend, newFS, defaultEnv(), nil)
}

// check runs the checks that keep accepts (all if keep is nil).
func check(backend string, newFS Factory, e env, keep func(testCase) bool) Report {
	r := Report{Backend: backend, Results: []Result{}}
	for _, c := range allCases() {
		if keep != nil && !keep(c) {
			continue
		}
		r.Results = append(r.Results, runRecorded(c, newFS, e))
	}
	return r
}

func runRecorded(c testCase, newFS Factory, e env) Result {
	res := Result{Group: c.group, Check: c.id(), Promise: c.promise}
	fsys, dir, cleanup, err := callFactory(newFS)
	if err != nil {
		res.Status, res.Message, res.factoryErr = Fail, fmt.Sprintf("new filesystem: %v", err), err
		return res
	}
	rec := &recorder{name: c.id()}
	done := make(chan struct{})
	go func() {
		defer close(done)
		runCase(rec, c, fsys, dir, e)
	}()
	var timeout <-chan time.Time
	if e.timeout > 0 {
		timer := time.NewTimer(e.timeout)
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case <-done:
	case <-timeout:
		// The check's goroutine is stuck in the filesystem; it and the
		// cleanups are abandoned, as nothing can stop it.
		res.Status = Fail
		res.Message = fmt.Sprintf("the check did not finish within %v", e.timeout)
		return res
	}
	rec.runCleanups()
	if cleanup != nil {
		cleanup()
	}
	switch {
	case rec.failed:
		res.Status, res.Message = Fail, strings.Join(rec.msgs, "\n")
	case rec.skipped:
		res.Status, res.Message = Skip, rec.skipReason
	default:
		res.Status = Pass
	}
	return res
}

// errNilFactory is the error for a nil [Factory].
var errNilFactory = fmt.Errorf("conformance: nil filesystem factory: %w", fs.ErrInvalid)

// nilFS is the error for a factory that returned a nil filesystem and
// the directory dir.
func nilFS(dir string) error {
	return &fs.PathError{Op: "check", Path: dir, Err: vfs.ErrNilFS}
}

func callFactory(newFS Factory) (fsys vfs.Fs, dir string, cleanup func(), err error) {
	if newFS == nil {
		return nil, "", nil, errNilFactory
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	fsys, dir, cleanup, err = newFS()
	if err == nil && fsys == nil {
		// The factory thinks it made something: let it release that.
		if cleanup != nil {
			cleanup()
		}
		return nil, dir, nil, nilFS(dir)
	}
	return fsys, dir, cleanup, err
}

// Failed returns the results that failed.
func (r Report) Failed() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Status == Fail {
			out = append(out, res)
		}
	}
	return out
}

// Err returns nil if no check failed, and otherwise an error listing each
// failed check with its promise and message. Where a check failed because
// the [Factory] did, the error wraps the factory's, so that [errors.Is]
// finds it ([fs.ErrInvalid] for a nil Factory or filesystem); a Report
// decoded from JSON has only the messages.
func (r Report) Err() error {
	var errs []error
	for _, res := range r.Failed() {
		if res.factoryErr != nil {
			errs = append(errs, fmt.Errorf("%s: %s: new filesystem: %w\n\tpromise: %s", r.Backend, res.Check, res.factoryErr, res.Promise))
			continue
		}
		errs = append(errs, fmt.Errorf("%s: %s: %s\n\tpromise: %s", r.Backend, res.Check, res.Message, res.Promise))
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("conformance: %d of %d checks failed on %s:\n%w", len(errs), len(r.Results), r.Backend, errors.Join(errs...))
}

// Markdown renders reports as a Markdown table with one row per report
// and one column per check group. A cell says "pass" when every check of
// the group passed, "N/M fail" when N of the M checks that ran failed, and
// how many were skipped.
func Markdown(reports ...Report) string {
	var groups []string
	seen := map[string]bool{}
	for _, r := range reports {
		for _, res := range r.Results {
			if !seen[res.Group] {
				seen[res.Group] = true
				groups = append(groups, res.Group)
			}
		}
	}
	var b strings.Builder
	b.WriteString("| backend |")
	for _, g := range groups {
		fmt.Fprintf(&b, " %s |", g)
	}
	b.WriteString("\n|---|")
	for range groups {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, r := range reports {
		fmt.Fprintf(&b, "| %s |", escapeCell(r.Backend))
		for _, g := range groups {
			fmt.Fprintf(&b, " %s |", cell(r, g))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func cell(r Report, group string) string {
	var pass, fail, skip int
	for _, res := range r.Results {
		if res.Group != group {
			continue
		}
		switch res.Status {
		case Pass:
			pass++
		case Fail:
			fail++
		case Skip:
			skip++
		}
	}
	var parts []string
	switch {
	case pass+fail == 0 && skip == 0:
		return "–"
	case pass+fail == 0:
		return "skip"
	case fail == 0:
		parts = append(parts, "pass")
	default:
		parts = append(parts, fmt.Sprintf("%d/%d fail", fail, pass+fail))
	}
	if skip > 0 {
		parts = append(parts, fmt.Sprintf("%d skip", skip))
	}
	return strings.Join(parts, ", ")
}

func escapeCell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
