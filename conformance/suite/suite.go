package suite

import (
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/tempvfs/tempvfs/vfs"
)

// T is what a check needs of the test it runs in: the methods of
// [testing.T] that it calls, so that *testing.T is a T (package
// conformance passes one) and so is the recorder behind [Check], which
// needs no package testing. As on a testing.T, FailNow and Skipf must not
// return: they end the calling goroutine (with [runtime.Goexit]), after
// recording the failure or the skip; Errorf records a failure and
// returns; Failed reports whether one was recorded; Cleanup registers a
// function to call, last first, when the check ends. Helper, Logf and
// Name may do nothing and return anything.
type T interface {
	Helper()
	Errorf(format string, args ...any)
	FailNow()
	Failed() bool
	Skipf(format string, args ...any)
	Logf(format string, args ...any)
	Cleanup(func())
	Name() string
}

// tester is the name the checks use for [T].
type tester = T

// A Case is one check of the suite: a promise and a test of it.
type Case struct{ c testCase }

// Cases returns every check, in the order [Check] runs them: by group
// name, and within a group in the order the group lists them.
func Cases() []Case {
	all := allCases()
	cases := make([]Case, len(all))
	for i, c := range all {
		cases[i] = Case{c}
	}
	return cases
}

// Group returns the name of the check's group, such as "Create".
func (c Case) Group() string { return c.c.group }

// Name returns the check's name, its group's and its own, such as
// "Create/ExclusiveRace": [Result.Check], and the subtest that
// conformance.Run runs it in.
func (c Case) Name() string { return c.c.id() }

// Promise returns the promise the check tests, quoted from its
// documentation.
func (c Case) Promise() string { return c.c.promise }

// Run runs the check in the calling goroutine against fsys and dir, an
// existing, empty directory in it that the check may fill, and reports
// to t. A check whose capability fsys lacks is skipped with t.Skipf and
// the reason. A panic in the check or in the filesystem is a failure, and
// when the check has failed, a last Errorf quotes the promise. A nil fsys
// fails the check with an error matching [fs.ErrInvalid], at once.
func (c Case) Run(t T, fsys vfs.Fs, dir string) {
	t.Helper()
	if fsys == nil {
		t.Errorf("%v", nilFS(dir))
		t.FailNow()
		return
	}
	runCase(t, c.c, fsys, dir, defaultEnv())
}

// A testCase is one check: a promise and a function that tests it.
type testCase struct {
	group   string
	name    string
	promise string      // the sentence being checked, quoted from its doc
	needs   *capability // nil: every filesystem
	run     func(t tester, e *env)
}

func (c testCase) id() string { return c.group + "/" + c.name }

// env is what a check works with.
type env struct {
	fsys vfs.Fs
	dir  string
	// root reports whether the process is privileged, so that the operating
	// system would not enforce permission bits on it.
	root bool
	// timeout bounds each check that Check runs (0: no bound).
	timeout time.Duration
	// winModes caches windowsModes (nil: not looked at yet).
	winModes *bool
}

// checkTimeout is how long Check waits for one check. The slowest check
// takes well under a second on an ordinary machine.
const checkTimeout = 2 * time.Minute

func defaultEnv() env { return env{root: os.Geteuid() == 0, timeout: checkTimeout} }

// A capability is an optional interface that some checks need.
type capability struct {
	name string // as in the skip message: "vfs.LinkFS"
	has  func(vfs.Fs) bool
}

var (
	registryMu sync.Mutex
	registry   []testCase
	sorted     bool
)

// register adds a group of checks. Each group lives in its own file and
// registers itself from an init function; allCases orders groups by name
// and keeps the order of checks within a group, so that adding a group
// touches no other file.
func register(group string, cases ...testCase) {
	registryMu.Lock()
	defer registryMu.Unlock()
	for _, c := range cases {
		c.group = group
		registry = append(registry, c)
	}
	sorted = false
}

func allCases() []testCase {
	registryMu.Lock()
	defer registryMu.Unlock()
	if !sorted {
		sort.SliceStable(registry, func(i, j int) bool { return registry[i].group < registry[j].group })
		sorted = true
	}
	return append([]testCase(nil), registry...)
}

// runCase runs one check in the calling goroutine. A panic in the check or
// in the filesystem is a failure; FailNow and Skipf end the goroutine and
// are not caught. When the check has failed it reports the promise.
func runCase(t tester, c testCase, fsys vfs.Fs, dir string, e env) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("panic: %v\n%s", r, debug.Stack())
		}
		if _, ok := t.(*recorder); !ok && t.Failed() {
			// A Result carries the promise in a field of its own.
			t.Errorf("broken promise: %s", c.promise)
		}
	}()
	if c.needs != nil && !c.needs.has(fsys) {
		t.Skipf("%s does not implement %s", describe(fsys), c.needs.name)
	}
	e.fsys, e.dir = fsys, dir
	c.run(t, &e)
}

func describe(fsys vfs.Fs) string {
	return fmt.Sprintf("%T (%s)", fsys, fsys.Name())
}
