package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"unicode/utf8"
)

// quote returns s between ‘ and ’, the way GNU programs quote a file name
// in a diagnostic under a UTF-8 locale: a backslash, a closing quote and
// control characters are escaped with a backslash (\n, \t, \033, ...),
// bytes that are not valid UTF-8 are shown in octal, and every other
// character appears as it is.
func quote(s string) string {
	var b strings.Builder
	b.WriteString("‘")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r >= 0x80 && r < 0xa0:
			// Not valid UTF-8, or a C1 control character.
			for _, c := range []byte(s[i : i+size]) {
				fmt.Fprintf(&b, "\\%03o", c)
			}
		case r == '’':
			b.WriteString("\\’")
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || r == 0x7f:
			if e, ok := cEscapes[r]; ok {
				b.WriteString(e)
			} else {
				fmt.Fprintf(&b, "\\%03o", r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteString("’")
	return b.String()
}

var cEscapes = map[rune]string{
	'\a': `\a`, '\b': `\b`, '\f': `\f`, '\n': `\n`, '\r': `\r`, '\t': `\t`, '\v': `\v`,
}

// errText returns the reason in err as C's strerror words it ("No such
// file or directory"), without the operation and path that a
// *fs.PathError adds, since the diagnostic names the path itself.
func errText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return capitalize(errno.Error())
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return capitalize(err.Error())
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
