package require_test

import (
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tempvfs/tempvfs/conformance/internal/require"
)

// recorder is a TestingT whose FailNow ends the goroutine, as
// testing.T's does.
type recorder struct {
	msgs    []string
	stopped bool
}

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) FailNow() {
	r.stopped = true
	runtime.Goexit()
}

// run calls f in a goroutine of its own and reports whether f returned.
func run(r *recorder, f func(t require.TestingT)) (returned bool) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
		returned = true
	}()
	<-done
	return returned
}

func TestRequire(t *testing.T) {
	t.Parallel()
	var pe *fs.PathError
	pathErr := &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist}
	for _, tc := range []struct {
		name       string
		pass, fail func(t require.TestingT)
	}{
		{"Equal", func(t require.TestingT) { require.Equal(t, []byte("a"), []byte("a")) }, func(t require.TestingT) { require.Equal(t, 1, 2) }},
		{"NoError", func(t require.TestingT) { require.NoError(t, nil) }, func(t require.TestingT) { require.NoError(t, io.EOF, "read %s", "f") }},
		{"Error", func(t require.TestingT) { require.Error(t, io.EOF) }, func(t require.TestingT) { require.Error(t, nil) }},
		{"ErrorIs", func(t require.TestingT) { require.ErrorIs(t, pathErr, fs.ErrNotExist) }, func(t require.TestingT) { require.ErrorIs(t, pathErr, fs.ErrExist) }},
		{"ErrorAs", func(t require.TestingT) { require.ErrorAs(t, pathErr, &pe) }, func(t require.TestingT) { require.ErrorAs(t, io.EOF, &pe) }},
		{"True", func(t require.TestingT) { require.True(t, true) }, func(t require.TestingT) { require.True(t, false) }},
		{"False", func(t require.TestingT) { require.False(t, false) }, func(t require.TestingT) { require.False(t, true) }},
		{"Empty", func(t require.TestingT) { require.Empty(t, []string{}) }, func(t require.TestingT) { require.Empty(t, "x") }},
		{"NotEmpty", func(t require.TestingT) { require.NotEmpty(t, []string{"/tmp"}) }, func(t require.TestingT) { require.NotEmpty(t, []string(nil)) }},
		{"Zero", func(t require.TestingT) { require.Zero(t, 0) }, func(t require.TestingT) { require.Zero(t, 1) }},
		{"Len", func(t require.TestingT) { require.Len(t, "ab", 2) }, func(t require.TestingT) { require.Len(t, "ab", 3) }},
		{"Contains", func(t require.TestingT) { require.Contains(t, "abc", "b") }, func(t require.TestingT) { require.Contains(t, "abc", "d") }},
	} {
		r := &recorder{}
		assert.True(t, run(r, tc.pass), "%s: a check goes on after an assertion that holds", tc.name)
		assert.False(t, r.stopped, tc.name)
		assert.Empty(t, r.msgs, tc.name)

		r = &recorder{}
		assert.False(t, run(r, tc.fail), "%s: a failure ends the check", tc.name)
		assert.True(t, r.stopped, "%s: a failure calls FailNow", tc.name)
		assert.Len(t, r.msgs, 1, "%s: the failure is reported first", tc.name)
	}
}

func TestMessage(t *testing.T) {
	t.Parallel()
	r := &recorder{}
	run(r, func(t require.TestingT) { require.NoError(t, io.EOF, "read %s", "f") })
	assert.Equal(t, []string{"read f: Received unexpected error:\nEOF"}, r.msgs)
}
