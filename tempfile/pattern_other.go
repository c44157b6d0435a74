//go:build !windows

package tempfile

// platformBadChars are the characters, besides separators and NUL, that a
// prefix or suffix must not contain.
const platformBadChars = ""

// platformNameOK reports whether a name made of prefix, a random part and
// suffix is an ordinary file name; every such name is on this platform.
func platformNameOK(prefix, suffix string) bool { return true }
