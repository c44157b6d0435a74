package tempfile

// platformBadChars are the characters, besides separators and NUL, that a
// prefix or suffix must not contain: on Windows a colon names a volume or
// an alternate data stream of another file.
const platformBadChars = ":"
