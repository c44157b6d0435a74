package assert_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	tassert "github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
)

// recorder is a TestingT that keeps what it is told.
type recorder struct {
	msgs    []string
	helpers int
}

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() { r.helpers++ }

// A call is one assertion, made the same way through this package and
// through testify's assert.
type call struct {
	name string
	ours func(t assert.TestingT) bool
	them func(t tassert.TestingT) bool
}

func equal(name string, expected, actual any) call {
	return call{
		name: "Equal " + name,
		ours: func(t assert.TestingT) bool { return assert.Equal(t, expected, actual) },
		them: func(t tassert.TestingT) bool { return tassert.Equal(t, expected, actual) },
	}
}

func unary(fn string, ours func(assert.TestingT, any, ...any) bool, them func(tassert.TestingT, any, ...any) bool) func(name string, v any) call {
	return func(name string, v any) call {
		return call{
			name: fn + " " + name,
			ours: func(t assert.TestingT) bool { return ours(t, v) },
			them: func(t tassert.TestingT) bool { return them(t, v) },
		}
	}
}

type point struct{ X, Y int }

var (
	pathErr = &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist}
	linkErr = &os.LinkError{Op: "rename", Old: "a", New: "b", Err: fs.ErrExist}
	joined  = errors.Join(io.EOF, pathErr)
)

func calls() []call {
	empty := unary("Empty", assert.Empty, tassert.Empty)
	notEmpty := unary("NotEmpty", assert.NotEmpty, tassert.NotEmpty)
	zero := unary("Zero", assert.Zero, tassert.Zero)
	var nilPtr *point
	var nilBytes []byte
	values := map[string]any{
		"nil":             nil,
		"0":               0,
		"1":               1,
		"empty string":    "",
		"string":          "x",
		"nil slice":       []string(nil),
		"empty slice":     []string{},
		"slice":           []string{"a"},
		"nil bytes":       nilBytes,
		"empty bytes":     []byte{},
		"empty map":       map[string]int{},
		"map":             map[string]int{"a": 1},
		"nil pointer":     nilPtr,
		"pointer to zero": &point{},
		"pointer":         &point{1, 2},
		"zero struct":     point{},
		"struct":          point{0, 1},
		"zero array":      [2]int{},
		"array":           [2]int{0, 1},
		"false":           false,
		"true":            true,
		"duration":        time.Second,
		"error":           io.EOF,
		"channel":         make(chan int),
	}
	var cs []call
	for name, v := range values {
		cs = append(cs, empty(name, v), notEmpty(name, v), zero(name, v))
	}
	cs = append(cs,
		equal("ints", 1, 1),
		equal("different ints", 1, 2),
		equal("int and int64", 1, int64(1)),
		equal("strings", "a", "a"),
		equal("different strings", "a", "b"),
		equal("bytes", []byte("ab"), []byte("ab")),
		equal("different bytes", []byte("ab"), []byte("ac")),
		equal("nil and empty bytes", nilBytes, []byte{}),
		equal("empty and nil bytes", []byte{}, nilBytes),
		equal("nil bytes", nilBytes, nilBytes),
		equal("bytes and string", []byte("a"), "a"),
		equal("nil and nil", nil, nil),
		equal("nil and nil pointer", nil, nilPtr),
		equal("slices", []string{"a"}, []string{"a"}),
		equal("nil and empty slices", []string(nil), []string{}),
		equal("maps", map[string]int{"a": 1}, map[string]int{"a": 1}),
		equal("pointers to equal structs", &point{1, 2}, &point{1, 2}),
		equal("structs", point{1, 2}, point{1, 3}),
		equal("durations", time.Second, 2*time.Second),
		equal("modes", fs.FileMode(0o600), fs.FileMode(0o600)),
		equal("errors", io.EOF, io.EOF),
		equal("funcs", func() {}, func() {}),
		equal("nil and func", nil, func() {}),
	)
	for _, tc := range []struct {
		name string
		err  error
	}{{"nil", nil}, {"EOF", io.EOF}, {"path error", pathErr}, {"joined", joined}} {
		err := tc.err
		cs = append(cs,
			call{"NoError " + tc.name, func(t assert.TestingT) bool { return assert.NoError(t, err) }, func(t tassert.TestingT) bool { return tassert.NoError(t, err) }},
			call{"Error " + tc.name, func(t assert.TestingT) bool { return assert.Error(t, err) }, func(t tassert.TestingT) bool { return tassert.Error(t, err) }},
		)
		for _, target := range []error{nil, io.EOF, fs.ErrNotExist, fs.ErrExist} {
			name := fmt.Sprintf("ErrorIs %s %v", tc.name, target)
			cs = append(cs, call{name,
				func(t assert.TestingT) bool { return assert.ErrorIs(t, err, target) },
				func(t tassert.TestingT) bool { return tassert.ErrorIs(t, err, target) }})
		}
		cs = append(cs,
			call{"ErrorAs PathError " + tc.name,
				func(t assert.TestingT) bool { var pe *fs.PathError; return assert.ErrorAs(t, err, &pe) },
				func(t tassert.TestingT) bool { var pe *fs.PathError; return tassert.ErrorAs(t, err, &pe) }},
			call{"ErrorAs LinkError " + tc.name,
				func(t assert.TestingT) bool { var le *os.LinkError; return assert.ErrorAs(t, err, &le) },
				func(t tassert.TestingT) bool { var le *os.LinkError; return tassert.ErrorAs(t, err, &le) }},
		)
	}
	for _, b := range []bool{false, true} {
		cs = append(cs,
			call{fmt.Sprint("True ", b), func(t assert.TestingT) bool { return assert.True(t, b) }, func(t tassert.TestingT) bool { return tassert.True(t, b) }},
			call{fmt.Sprint("False ", b), func(t assert.TestingT) bool { return assert.False(t, b) }, func(t tassert.TestingT) bool { return tassert.False(t, b) }},
		)
	}
	for _, tc := range []struct {
		name string
		obj  any
		n    int
	}{{"slice", []int{1, 2}, 2}, {"short slice", []int{1}, 2}, {"map", map[int]int{1: 1}, 1}, {"string", "abc", 3}, {"nil slice", []int(nil), 0}, {"int", 3, 3}, {"nil", nil, 0}} {
		cs = append(cs, call{"Len " + tc.name,
			func(t assert.TestingT) bool { return assert.Len(t, tc.obj, tc.n) },
			func(t tassert.TestingT) bool { return tassert.Len(t, tc.obj, tc.n) }})
	}
	for _, tc := range []struct {
		name    string
		s, elem any
	}{
		{"substring", "hello", "ell"},
		{"not a substring", "hello", "xyz"},
		{"element", []string{"/tmp", "/var/tmp"}, "/tmp"},
		{"not an element", []string{"/tmp"}, "/var/tmp"},
		{"bytes element", [][]byte{[]byte("a")}, []byte("a")},
		{"key", map[string]bool{"a": true}, "a"},
		{"not a key", map[string]bool{"a": true}, "b"},
		{"int", 3, 3},
		{"nil", nil, "a"},
	} {
		cs = append(cs, call{"Contains " + tc.name,
			func(t assert.TestingT) bool { return assert.Contains(t, tc.s, tc.elem) },
			func(t tassert.TestingT) bool { return tassert.Contains(t, tc.s, tc.elem) }})
	}
	return cs
}

// TestAsTestify checks every assertion against testify's on the same
// values: both hold or both fail, and a failure is reported once.
func TestAsTestify(t *testing.T) {
	t.Parallel()
	for _, c := range calls() {
		ours, them := &recorder{}, &recorder{}
		got, want := c.ours(ours), c.them(them)
		tassert.Equal(t, want, got, "%s: testify says %v", c.name, want)
		if got {
			tassert.Empty(t, ours.msgs, c.name)
		} else {
			tassert.Len(t, ours.msgs, 1, "%s: one failure", c.name)
		}
	}
}

func TestObjectsAreEqual(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ a, b any }{
		{[]byte("x"), []byte("x")}, {[]byte{}, []byte(nil)}, {[]byte("x"), "x"}, {nil, nil}, {nil, 0}, {1, 1}, {point{1, 2}, point{1, 2}},
	} {
		tassert.Equal(t, tassert.ObjectsAreEqual(tc.a, tc.b), assert.ObjectsAreEqual(tc.a, tc.b), "%#v, %#v", tc.a, tc.b)
	}
}

func TestMessages(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		fail func(t assert.TestingT) bool
		want string
	}{
		{"Equal with no message", func(t assert.TestingT) bool { return assert.Equal(t, 1, 2) },
			"Not equal:\nexpected: 1\nactual  : 2"},
		{"Equal with a message", func(t assert.TestingT) bool { return assert.Equal(t, "a", "b", "the content of %s", "f") },
			"the content of f: Not equal:\nexpected: \"a\"\nactual  : \"b\""},
		{"a single message is not a format", func(t assert.TestingT) bool { return assert.True(t, false, "100%s") },
			"100%s: Should be true"},
		{"a single value is formatted", func(t assert.TestingT) bool { return assert.True(t, false, point{1, 2}) },
			"{X:1 Y:2}: Should be true"},
		{"Equal of different types", func(t assert.TestingT) bool { return assert.Equal(t, 1, int64(1)) },
			"Not equal:\nexpected: int(1)\nactual  : int64(1)"},
		{"Equal of bytes shows the text", func(t assert.TestingT) bool { return assert.Equal(t, []byte("old"), []byte("new\n")) },
			"Not equal:\nexpected: []byte(\"old\")\nactual  : []byte(\"new\\n\")"},
		{"Equal of durations", func(t assert.TestingT) bool { return assert.Equal(t, time.Second, time.Minute) },
			"Not equal:\nexpected: 1s\nactual  : 1m0s"},
		{"Equal of funcs", func(t assert.TestingT) bool { return assert.Equal(t, nil, func() {}) },
			"Invalid operation: <nil> == (func())(0x"},
		{"NoError", func(t assert.TestingT) bool { return assert.NoError(t, pathErr, "open") },
			"open: Received unexpected error:\nopen /x: file does not exist"},
		{"Error", func(t assert.TestingT) bool { return assert.Error(t, nil, "remove %s", "d") },
			"remove d: An error is expected but got nil."},
		{"ErrorIs", func(t assert.TestingT) bool { return assert.ErrorIs(t, pathErr, fs.ErrExist) },
			"Target error should be in err chain:\nexpected: \"file already exists\"\nin chain: \"open /x: file does not exist\"\n\t\"file does not exist\""},
		{"ErrorIs of nil", func(t assert.TestingT) bool { return assert.ErrorIs(t, nil, fs.ErrExist) },
			"Expected error with \"file already exists\" in chain but got nil."},
		{"ErrorAs", func(t assert.TestingT) bool { var le *os.LinkError; return assert.ErrorAs(t, joined, &le) },
			"Should be in error chain:\nexpected: *os.LinkError\nin chain: \"EOF\\nopen /x: file does not exist\" (*errors.joinError)\n\t\"EOF\" (*errors.errorString)\n\t\"open /x: file does not exist\" (*fs.PathError)\n\t\"file does not exist\" (*errors.errorString)"},
		{"Empty", func(t assert.TestingT) bool { return assert.Empty(t, []string{"tmp1"}, "names") },
			"names: Should be empty, but was [tmp1]"},
		{"NotEmpty", func(t assert.TestingT) bool { return assert.NotEmpty(t, "") },
			"Should NOT be empty, but was "},
		{"Zero", func(t assert.TestingT) bool { return assert.Zero(t, int32(3)) },
			"Should be zero, but was 3"},
		{"Len", func(t assert.TestingT) bool { return assert.Len(t, []int{1}, 2) },
			"\"[1]\" should have 2 item(s), but has 1"},
		{"Len of no length", func(t assert.TestingT) bool { return assert.Len(t, 3, 2) },
			"\"3\" could not be applied builtin len()"},
		{"Contains", func(t assert.TestingT) bool { return assert.Contains(t, []string{"/tmp"}, "/var/tmp") },
			"[]string{\"/tmp\"} does not contain \"/var/tmp\""},
	} {
		r := &recorder{}
		require.False(t, tc.fail(r), tc.name)
		require.Len(t, r.msgs, 1, tc.name)
		tassert.True(t, strings.HasPrefix(r.msgs[0], tc.want), "%s:\n got %q\nwant %q", tc.name, r.msgs[0], tc.want)
		tassert.Positive(t, r.helpers, "%s: the failure is reported at the caller's line", tc.name)
	}
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	r := &recorder{}
	long := strings.Repeat("x", 1<<20)
	assert.Equal(r, long, long+"y")
	require.Len(t, r.msgs, 1)
	tassert.Less(t, len(r.msgs[0]), 1<<16, "a failure fits on a line that go test scans")
	tassert.Contains(t, r.msgs[0], "<... truncated>")
}

func TestErrorAsSets(t *testing.T) {
	t.Parallel()
	var pe *fs.PathError
	require.True(t, assert.ErrorAs(&recorder{}, joined, &pe))
	tassert.Equal(t, "/x", pe.Path)
	var le *os.LinkError
	require.True(t, assert.ErrorAs(&recorder{}, linkErr, &le))
	tassert.Equal(t, "a", le.Old)
}
