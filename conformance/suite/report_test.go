package suite

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	checkassert "github.com/tempvfs/tempvfs/conformance/internal/assert"
	checkrequire "github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/vfs"
)

func memFactory() (vfs.Fs, string, func(), error) {
	fsys := afero.NewMemMapFs()
	return fsys, "/d", nil, fsys.MkdirAll("/d", 0o700)
}

func TestRecorder(t *testing.T) {
	t.Parallel()
	var trace []string
	for _, tc := range []struct {
		name    string
		run     func(t tester, e *env)
		status  Status
		message string // a regular expression
		trace   []string
	}{
		{
			name:   "pass",
			run:    func(t tester, e *env) { writeFile(t, e.fsys, e.path("f"), "x") },
			status: Pass,
		},
		{
			name: "assert keeps going",
			run: func(t tester, e *env) {
				checkassert.Equal(t, 1, 2, "first")
				checkassert.Equal(t, 3, 4, "second")
				trace = append(trace, "after")
			},
			status:  Fail,
			message: `(?s)^first: Not equal:.*expected: 1.*\nsecond: Not equal:`,
			trace:   []string{"after"},
		},
		{
			name: "require stops the check and runs cleanups last first",
			run: func(t tester, e *env) {
				t.Cleanup(func() { trace = append(trace, "cleanup 1") })
				t.Cleanup(func() { trace = append(trace, "cleanup 2") })
				checkrequire.NoError(t, errors.New("boom"), "setup")
				trace = append(trace, "not reached")
			},
			status:  Fail,
			message: `^setup: Received unexpected error:\nboom$`,
			trace:   []string{"cleanup 2", "cleanup 1"},
		},
		{
			name: "skip",
			run: func(t tester, e *env) {
				t.Skipf("no %s here", "capability")
				trace = append(trace, "not reached")
			},
			status:  Skip,
			message: `^no capability here$`,
		},
		{
			name:    "panic",
			run:     func(t tester, e *env) { panic("kaboom") },
			status:  Fail,
			message: `^panic: kaboom\n`,
		},
		{
			name: "panic in a cleanup",
			run: func(t tester, e *env) {
				t.Cleanup(func() { panic("in cleanup") })
			},
			status:  Fail,
			message: `^panic in cleanup: in cleanup`,
		},
		{
			name: "failure then skip is a failure",
			run: func(t tester, e *env) {
				t.Errorf("broken")
				t.Skipf("skipped")
			},
			status:  Fail,
			message: `^broken$`,
		},
	} {
		trace = nil
		c := testCase{group: "Self", name: tc.name, promise: "a promise", run: tc.run}
		res := runRecorded(c, memFactory, env{})
		assert.Equal(t, tc.status, res.Status, tc.name)
		assert.Equal(t, "Self/"+tc.name, res.Check, tc.name)
		assert.Equal(t, "Self", res.Group, tc.name)
		assert.Equal(t, "a promise", res.Promise, tc.name)
		if tc.message == "" {
			assert.Empty(t, res.Message, tc.name)
		} else {
			assert.Regexp(t, regexp.MustCompile(tc.message), res.Message, tc.name)
		}
		assert.NotContains(t, res.Message, "Error Trace", "%s: the report must not carry a file trace", tc.name)
		assert.Equal(t, tc.trace, trace, tc.name)
	}
}

func TestRecorderNeeds(t *testing.T) {
	t.Parallel()
	c := testCase{group: "Self", name: "needs", promise: "p", needs: capLink, run: func(t tester, e *env) {
		t.Errorf("must not run")
	}}
	res := runRecorded(c, memFactory, env{})
	assert.Equal(t, Skip, res.Status)
	assert.Equal(t, "*afero.MemMapFs (MemMapFS) does not implement vfs.LinkFS", res.Message)
}

func TestFactoryFailure(t *testing.T) {
	t.Parallel()
	c := testCase{group: "Self", name: "f", promise: "p", run: func(t tester, e *env) {}}
	for name, f := range map[string]Factory{
		"error": func() (vfs.Fs, string, func(), error) { return nil, "", nil, errors.New("no disk") },
		"panic": func() (vfs.Fs, string, func(), error) { panic("no disk") },
		"nil":   func() (vfs.Fs, string, func(), error) { return nil, "/", nil, nil },
	} {
		res := runRecorded(c, f, env{})
		assert.Equal(t, Fail, res.Status, name)
		assert.True(t, strings.HasPrefix(res.Message, "new filesystem: "), "%s: %q", name, res.Message)
	}

	cleaned := false
	res := runRecorded(c, func() (vfs.Fs, string, func(), error) {
		fsys, dir, _, err := memFactory()
		return fsys, dir, func() { cleaned = true }, err
	}, env{})
	assert.Equal(t, Pass, res.Status)
	assert.True(t, cleaned, "Check must call the factory's cleanup")
}

func TestCheckTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	defer close(release)
	c := testCase{group: "Self", name: "stuck", promise: "p", run: func(t tester, e *env) { <-release }}
	res := runRecorded(c, memFactory, env{timeout: 10 * time.Millisecond})
	assert.Equal(t, Fail, res.Status)
	assert.Equal(t, "the check did not finish within 10ms", res.Message)
}

func TestCaseTable(t *testing.T) {
	t.Parallel()
	name := regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	seen := map[string]bool{}
	cases := allCases()
	require.NotEmpty(t, cases)
	for i, c := range cases {
		assert.Regexp(t, name, c.group, c.id())
		assert.Regexp(t, name, c.name, c.id())
		assert.False(t, seen[c.id()], "%s is in the table twice", c.id())
		seen[c.id()] = true
		assert.NotEmpty(t, c.promise, "%s names no promise", c.id())
		assert.NotNil(t, c.run, c.id())
		if i > 0 {
			assert.LessOrEqual(t, cases[i-1].group, c.group, "groups are in order")
		}
	}
}

func TestReport(t *testing.T) {
	t.Parallel()
	r := Report{Backend: "mem|fs", Results: []Result{
		{Group: "A", Check: "A/One", Promise: "p1", Status: Pass},
		{Group: "A", Check: "A/Two", Promise: "p2", Status: Fail, Message: "went wrong"},
		{Group: "B", Check: "B/One", Promise: "p3", Status: Skip, Message: "no capability"},
		{Group: "C", Check: "C/One", Promise: "p4", Status: Pass},
		{Group: "C", Check: "C/Two", Promise: "p5", Status: Skip, Message: "no capability"},
	}}
	ok := Report{Backend: "good", Results: []Result{{Group: "A", Check: "A/One", Status: Pass}}}

	b, err := json.Marshal(r)
	require.NoError(t, err)
	var back Report
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r, back)
	assert.Contains(t, string(b), `"status":"fail"`)

	assert.Equal(t, []Result{r.Results[1]}, r.Failed())
	assert.NoError(t, ok.Err())
	err = r.Err()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1 of 5 checks failed on mem|fs")
	assert.Contains(t, err.Error(), "A/Two: went wrong")
	assert.Contains(t, err.Error(), "promise: p2")

	assert.Equal(t, ""+
		"| backend | A | B | C |\n"+
		"|---|---|---|---|\n"+
		"| mem\\|fs | 1/2 fail | skip | pass, 1 skip |\n"+
		"| good | pass | – | – |\n",
		Markdown(r, ok))
}

func TestCheckReportsEveryCase(t *testing.T) {
	t.Parallel()
	r := Check("MemMapFs", memFactory)
	assert.Equal(t, "MemMapFs", r.Backend)
	require.Len(t, r.Results, len(allCases()))
	for i, c := range allCases() {
		res := r.Results[i]
		assert.Equal(t, c.id(), res.Check)
		assert.Equal(t, c.promise, res.Promise)
		switch res.Status {
		case Pass:
			assert.Empty(t, res.Message, res.Check)
		case Fail, Skip:
			assert.NotEmpty(t, res.Message, res.Check)
		default:
			t.Errorf("%s: status %q", res.Check, res.Status)
		}
	}
}
