package conformance

import (
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"sort"
	"sync"
	"testing"
	"time"

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
	for _, c := range allCases() {
		t.Run(c.id(), func(t *testing.T) {
			t.Parallel()
			fsys, dir := newFS(t)
			if fsys == nil {
				t.Fatalf("conformance.Run: NewFS: %v", nilFS(dir))
			}
			runCase(t, c, fsys, dir, defaultEnv())
		})
	}
}

// errNilFactory is the error for a nil [NewFS] or [Factory].
var errNilFactory = fmt.Errorf("conformance: nil filesystem factory: %w", fs.ErrInvalid)

// nilFS is the error for a factory that returned a nil filesystem and
// the directory dir.
func nilFS(dir string) error {
	return &fs.PathError{Op: "check", Path: dir, Err: vfs.ErrNilFS}
}

// tester is the part of [testing.T] that a check uses. *testing.T
// implements it for [Run]; a recorder implements it for [Check]. It
// satisfies testify's require.TestingT and assert.TestingT.
type tester interface {
	Helper()
	Errorf(format string, args ...any)
	FailNow()
	Failed() bool
	Skipf(format string, args ...any)
	Logf(format string, args ...any)
	Cleanup(func())
	Name() string
}

var _ tester = (*testing.T)(nil)

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
