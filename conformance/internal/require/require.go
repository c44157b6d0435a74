// Package require is package assert of the conformance checks, ending
// the check on failure: each function asserts as its namesake in package
// assert does, and when the assertion fails it calls t.FailNow, which
// ends the calling goroutine. It is the part of testify's require package
// that the checks use, without package testing.
package require

import "github.com/tempvfs/tempvfs/conformance/internal/assert"

// TestingT is what a failure is reported to: *testing.T, and the
// recorder of package suite. FailNow must not return: it ends the calling
// goroutine, as testing.T's does.
type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
}

type helper interface{ Helper() }

// Equal is [assert.Equal], ending the check on failure.
func Equal(t TestingT, expected, actual any, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.Equal(t, expected, actual, msgAndArgs...) {
		t.FailNow()
	}
}

// NoError is [assert.NoError], ending the check on failure.
func NoError(t TestingT, err error, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.NoError(t, err, msgAndArgs...) {
		t.FailNow()
	}
}

// Error is [assert.Error], ending the check on failure.
func Error(t TestingT, err error, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.Error(t, err, msgAndArgs...) {
		t.FailNow()
	}
}

// ErrorIs is [assert.ErrorIs], ending the check on failure.
func ErrorIs(t TestingT, err, target error, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.ErrorIs(t, err, target, msgAndArgs...) {
		t.FailNow()
	}
}

// ErrorAs is [assert.ErrorAs], ending the check on failure.
func ErrorAs(t TestingT, err error, target any, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.ErrorAs(t, err, target, msgAndArgs...) {
		t.FailNow()
	}
}

// True is [assert.True], ending the check on failure.
func True(t TestingT, value bool, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.True(t, value, msgAndArgs...) {
		t.FailNow()
	}
}

// False is [assert.False], ending the check on failure.
func False(t TestingT, value bool, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.False(t, value, msgAndArgs...) {
		t.FailNow()
	}
}

// Empty is [assert.Empty], ending the check on failure.
func Empty(t TestingT, object any, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.Empty(t, object, msgAndArgs...) {
		t.FailNow()
	}
}

// NotEmpty is [assert.NotEmpty], ending the check on failure.
func NotEmpty(t TestingT, object any, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.NotEmpty(t, object, msgAndArgs...) {
		t.FailNow()
	}
}

// Zero is [assert.Zero], ending the check on failure.
func Zero(t TestingT, i any, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.Zero(t, i, msgAndArgs...) {
		t.FailNow()
	}
}

// Len is [assert.Len], ending the check on failure.
func Len(t TestingT, object any, n int, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.Len(t, object, n, msgAndArgs...) {
		t.FailNow()
	}
}

// Contains is [assert.Contains], ending the check on failure.
func Contains(t TestingT, s, element any, msgAndArgs ...any) {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if !assert.Contains(t, s, element, msgAndArgs...) {
		t.FailNow()
	}
}
