// Package assert is the part of testify's assert package that the
// conformance checks use, without package testing: each function has
// testify's signature and meaning, reports a failure with Errorf and
// returns whether its condition held, so that a check goes on after it.
//
// The checks run under *testing.T (conformance.Run) and under the
// recorder of package suite, which has no testing.T; this package is what
// lets the command-line tool run them without linking test code.
//
// A failure is one message: the caller's message, if any, then ": ", then
// what was wrong, with the expected and the actual value on lines of their
// own, as testify puts them.
//
// Values are compared as testify's ObjectsAreEqual compares them:
// [reflect.DeepEqual], except that two []byte are equal when
// [bytes.Equal] says so (and both or neither are nil).
package assert

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// TestingT is what a failure is reported to: *testing.T, and the
// recorder of package suite. A t that also has a Helper method has it
// called, so that testing reports the caller's line.
type TestingT interface {
	Errorf(format string, args ...any)
}

type helper interface{ Helper() }

// maxValue is the length at which a formatted value is cut, as testify
// cuts it, so that a failure fits on a line that go test can scan.
const maxValue = bufio.MaxScanTokenSize/2 - 100

// Fail reports failure, after the message that msgAndArgs makes, and
// returns false.
func Fail(t TestingT, failure string, msgAndArgs ...any) bool {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if msg := message(msgAndArgs...); msg != "" {
		failure = msg + ": " + failure
	}
	t.Errorf("%s", failure)
	return false
}

// message makes the caller's message from msgAndArgs as testify does: a
// single string is taken as it is, a single other value is formatted with
// %+v, and a format followed by arguments is formatted with fmt.Sprintf.
// (Where testify panics, on arguments after a first that is not a
// string, all of them are formatted with %+v.)
func message(msgAndArgs ...any) string {
	switch len(msgAndArgs) {
	case 0:
		return ""
	case 1:
		if s, ok := msgAndArgs[0].(string); ok {
			return s
		}
		return fmt.Sprintf("%+v", msgAndArgs[0])
	}
	format, ok := msgAndArgs[0].(string)
	if !ok {
		return fmt.Sprintf("%+v", msgAndArgs)
	}
	return fmt.Sprintf(format, msgAndArgs[1:]...)
}

// format formats data with verb and cuts the result at maxValue.
func format(verb string, data any) string {
	s := fmt.Sprintf(verb, data)
	if len(s) > maxValue {
		s = s[:maxValue] + "<... truncated>"
	}
	return s
}

// ObjectsAreEqual reports whether expected and actual are equal:
// [reflect.DeepEqual], except that two []byte are compared with
// [bytes.Equal] (a nil slice equals only a nil slice).
func ObjectsAreEqual(expected, actual any) bool {
	if expected == nil || actual == nil {
		return expected == actual
	}
	exp, ok := expected.([]byte)
	if !ok {
		return reflect.DeepEqual(expected, actual)
	}
	act, ok := actual.([]byte)
	if !ok {
		return false
	}
	if exp == nil || act == nil {
		return exp == nil && act == nil
	}
	return bytes.Equal(exp, act)
}

// Equal asserts that expected and actual are equal, as [ObjectsAreEqual]
// says. A function value, which cannot be compared, fails.
func Equal(t TestingT, expected, actual any, msgAndArgs ...any) bool {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if isFunc(expected) || isFunc(actual) {
		return Fail(t, fmt.Sprintf("Invalid operation: %#v == %#v (cannot take func type as argument)", expected, actual), msgAndArgs...)
	}
	if !ObjectsAreEqual(expected, actual) {
		e, a := unequalValues(expected, actual)
		return Fail(t, fmt.Sprintf("Not equal:\nexpected: %s\nactual  : %s", e, a), msgAndArgs...)
	}
	return true
}

func isFunc(v any) bool {
	return v != nil && reflect.TypeOf(v).Kind() == reflect.Func
}

// unequalValues formats two values that differ: with %#v, prefixed by
// their types when these differ; a time.Duration as it prints itself,
// and a []byte as the string it holds, which is what a check compares
// (file contents).
func unequalValues(expected, actual any) (e, a string) {
	if reflect.TypeOf(expected) != reflect.TypeOf(actual) {
		return fmt.Sprintf("%T(%s)", expected, format("%#v", expected)),
			fmt.Sprintf("%T(%s)", actual, format("%#v", actual))
	}
	switch exp := expected.(type) {
	case time.Duration:
		return fmt.Sprintf("%v", exp), fmt.Sprintf("%v", actual)
	case []byte:
		if exp != nil && actual.([]byte) != nil {
			return "[]byte(" + format("%q", exp) + ")", "[]byte(" + format("%q", actual) + ")"
		}
	}
	return format("%#v", expected), format("%#v", actual)
}

// NoError asserts that err is nil.
func NoError(t TestingT, err error, msgAndArgs ...any) bool {
	if err != nil {
		if h, ok := t.(helper); ok {
			h.Helper()
		}
		return Fail(t, "Received unexpected error:\n"+format("%+v", err), msgAndArgs...)
	}
	return true
}

// Error asserts that err is not nil.
func Error(t TestingT, err error, msgAndArgs ...any) bool {
	if err == nil {
		if h, ok := t.(helper); ok {
			h.Helper()
		}
		return Fail(t, "An error is expected but got nil.", msgAndArgs...)
	}
	return true
}

// ErrorIs asserts that err matches target with [errors.Is]. The failure
// lists the text of every error in err's chain.
func ErrorIs(t TestingT, err, target error, msgAndArgs ...any) bool {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if errors.Is(err, target) {
		return true
	}
	var expected string
	if target != nil {
		expected = target.Error()
		if err == nil {
			return Fail(t, fmt.Sprintf("Expected error with %q in chain but got nil.", expected), msgAndArgs...)
		}
	}
	return Fail(t, fmt.Sprintf("Target error should be in err chain:\nexpected: %s\nin chain: %s",
		format("%q", expected), format("%s", chain(err, false))), msgAndArgs...)
}

// ErrorAs asserts that [errors.As] finds, in err's chain, an error that
// target (a non-nil pointer) can point at, and sets *target to it. The
// failure lists every error in err's chain with its type.
func ErrorAs(t TestingT, err error, target any, msgAndArgs ...any) bool {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if errors.As(err, target) {
		return true
	}
	want := reflect.TypeOf(target).Elem().String()
	if err == nil {
		return Fail(t, "An error is expected but got nil.\nexpected: "+want, msgAndArgs...)
	}
	return Fail(t, fmt.Sprintf("Should be in error chain:\nexpected: %s\nin chain: %s",
		want, format("%s", chain(err, true))), msgAndArgs...)
}

// chain quotes the text of err and of every error it wraps, one after
// another, each with its type when withType is set.
func chain(err error, withType bool) string {
	var b strings.Builder
	for i, e := range unwrapAll(err) {
		if i > 0 {
			b.WriteString("\n\t")
		}
		fmt.Fprintf(&b, "%q", e.Error())
		if withType {
			fmt.Fprintf(&b, " (%T)", e)
		}
	}
	return b.String()
}

func unwrapAll(err error) []error {
	if err == nil {
		return nil
	}
	errs := []error{err}
	switch x := err.(type) {
	case interface{ Unwrap() error }:
		errs = append(errs, unwrapAll(x.Unwrap())...)
	case interface{ Unwrap() []error }:
		for _, e := range x.Unwrap() {
			errs = append(errs, unwrapAll(e)...)
		}
	}
	return errs
}

// True asserts that value is true.
func True(t TestingT, value bool, msgAndArgs ...any) bool {
	if !value {
		if h, ok := t.(helper); ok {
			h.Helper()
		}
		return Fail(t, "Should be true", msgAndArgs...)
	}
	return true
}

// False asserts that value is false.
func False(t TestingT, value bool, msgAndArgs ...any) bool {
	if value {
		if h, ok := t.(helper); ok {
			h.Helper()
		}
		return Fail(t, "Should be false", msgAndArgs...)
	}
	return true
}

// isEmpty reports whether object is empty as testify's Empty means it:
// nil, a zero value, a slice, map or channel of length 0, or a pointer
// to an empty value.
func isEmpty(object any) bool {
	if object == nil {
		return true
	}
	return isEmptyValue(reflect.ValueOf(object))
}

func isEmptyValue(v reflect.Value) bool {
	if v.IsZero() {
		return true
	}
	switch v.Kind() {
	case reflect.Chan, reflect.Map, reflect.Slice:
		return v.Len() == 0
	case reflect.Pointer:
		return isEmptyValue(v.Elem())
	}
	return false
}

// Empty asserts that object is empty: nil, the zero value of its type, a
// slice, map or channel with no element, or a pointer to an empty value.
// An array is empty when every element is the zero value.
func Empty(t TestingT, object any, msgAndArgs ...any) bool {
	if !isEmpty(object) {
		if h, ok := t.(helper); ok {
			h.Helper()
		}
		return Fail(t, "Should be empty, but was "+format("%v", object), msgAndArgs...)
	}
	return true
}

// NotEmpty asserts that object is not [Empty].
func NotEmpty(t TestingT, object any, msgAndArgs ...any) bool {
	if isEmpty(object) {
		if h, ok := t.(helper); ok {
			h.Helper()
		}
		return Fail(t, "Should NOT be empty, but was "+format("%v", object), msgAndArgs...)
	}
	return true
}

// Zero asserts that i is nil or the zero value of its type, compared with
// [reflect.DeepEqual].
func Zero(t TestingT, i any, msgAndArgs ...any) bool {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	if i != nil && !reflect.DeepEqual(i, reflect.Zero(reflect.TypeOf(i)).Interface()) {
		return Fail(t, "Should be zero, but was "+format("%v", i), msgAndArgs...)
	}
	return true
}

// length returns len(x), and false if x has no length.
func length(x any) (n int, ok bool) {
	defer func() {
		if recover() != nil {
			n, ok = 0, false
		}
	}()
	return reflect.ValueOf(x).Len(), true
}

// Len asserts that object, which len accepts, has n elements.
func Len(t TestingT, object any, n int, msgAndArgs ...any) bool {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	l, ok := length(object)
	if !ok {
		return Fail(t, fmt.Sprintf("%q could not be applied builtin len()", format("%v", object)), msgAndArgs...)
	}
	if l != n {
		return Fail(t, fmt.Sprintf("%q should have %d item(s), but has %d", format("%v", object), n, l), msgAndArgs...)
	}
	return true
}

// contains reports whether list, a string, array, slice or map, contains
// element: a substring of a string, an element of an array or slice, a
// key of a map, compared with [ObjectsAreEqual]. ok is false for any other
// list.
func contains(list, element any) (ok, found bool) {
	v := reflect.ValueOf(list)
	if list == nil {
		return false, false
	}
	defer func() {
		if recover() != nil {
			ok, found = false, false
		}
	}()
	switch v.Kind() {
	case reflect.String:
		return true, strings.Contains(v.String(), reflect.ValueOf(element).String())
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if ObjectsAreEqual(k.Interface(), element) {
				return true, true
			}
		}
		return true, false
	}
	for i := range v.Len() {
		if ObjectsAreEqual(v.Index(i).Interface(), element) {
			return true, true
		}
	}
	return true, false
}

// Contains asserts that s, a string, array, slice or map, contains
// element: as a substring, an element or a key.
func Contains(t TestingT, s, element any, msgAndArgs ...any) bool {
	if h, ok := t.(helper); ok {
		h.Helper()
	}
	ok, found := contains(s, element)
	if !ok {
		return Fail(t, format("%#v", s)+" could not be applied builtin len()", msgAndArgs...)
	}
	if !found {
		return Fail(t, fmt.Sprintf("%s does not contain %#v", format("%#v", s), element), msgAndArgs...)
	}
	return true
}
