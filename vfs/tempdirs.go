package vfs

import (
	"os"
	"slices"
)

// TempDirFS is a filesystem that knows where temporary files belong.
type TempDirFS interface {
	Fs

	// TempDirs returns the directories in which temporary files may be
	// created, best first. The list may name directories that do not exist
	// or cannot be written; callers probe them in order.
	TempDirs() []string
}

// TempDirs returns fsys's candidate directories for temporary files, best
// first. If fsys implements [TempDirFS], TempDirs calls its method;
// otherwise it returns [DefaultTempDirs]. The result is a fresh slice that
// the caller may change. A nil fsys has no candidates: the result is nil.
func TempDirs(fsys Fs) []string {
	if fsys == nil {
		return nil
	}
	if x, ok := fsys.(TempDirFS); ok {
		return slices.Clone(x.TempDirs())
	}
	return DefaultTempDirs()
}

// DefaultTempDirs returns the candidates used for a filesystem that does
// not implement [TempDirFS]: [os.TempDir], then "/tmp" if that differs.
func DefaultTempDirs() []string {
	d := os.TempDir()
	if d == "/tmp" {
		return []string{d}
	}
	return []string{d, "/tmp"}
}
