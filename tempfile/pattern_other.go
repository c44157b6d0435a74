//go:build !windows

package tempfile

// platformBadChars are the characters, besides separators and NUL, that a
// prefix or suffix must not contain.
const platformBadChars = ""
