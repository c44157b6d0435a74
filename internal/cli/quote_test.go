package cli

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expected strings are what GNU mktemp 9.1 prints in the C.UTF-8
// locale.
func TestQuote(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "‘’"},
		{"foo", "‘foo’"},
		{"a b", "‘a b’"},
		{`a\b`, `‘a\\b’`},
		{"a\nb\x01c\x7fd\re", `‘a\nb\001c\177d\re’`},
		{"\a\b\f\t\v", `‘\a\b\f\t\v’`},
		{"\x1b1", `‘\0331’`},
		{"a’b‘c", `‘a\’b‘c’`},
		{"\xe9\xff1", `‘\351\3771’`},
		{"\xc3", `‘\303’`},
		{"héllo", "‘héllo’"},
		{"a\u200bb", "‘a\u200bb’"},
		{"\u0085", `‘\302\205’`},
		{`it's "x"?`, `‘it's "x"?’`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, quote(tt.in), "quote(%q)", tt.in)
	}
}

func TestErrText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "/x", Err: syscall.ENOENT}, "No such file or directory"},
		{&fs.PathError{Op: "mkdir", Path: "/x", Err: syscall.ENOTDIR}, "Not a directory"},
		{syscall.EEXIST, "File exists"},
		{&fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist}, "File does not exist"},
		{errors.New("Already capitalised"), "Already capitalised"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, errText(tt.err), "errText(%v)", tt.err)
	}
}
