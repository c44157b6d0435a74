package tempfile

import "path/filepath"

// platformBadChars are the characters, besides separators and NUL, that a
// prefix or suffix must not contain: on Windows a colon names a volume or
// an alternate data stream of another file.
const platformBadChars = ":"

// platformNameOK reports whether a name made of prefix, a random part and
// suffix is an ordinary file name: on Windows, not a reserved device name
// such as "NUL.x" (which Windows before 11 opens as the device), as
// filepath.IsLocal judges on the running system.
func platformNameOK(prefix, suffix string) bool {
	return filepath.IsLocal(prefix + "a" + suffix)
}
