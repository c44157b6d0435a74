package cli

import (
	"io/fs"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// dirInfo is a FileInfo with a mode and no owner.
type dirInfo struct{ mode fs.FileMode }

func (d dirInfo) Name() string       { return "d" }
func (d dirInfo) Size() int64        { return 0 }
func (d dirInfo) Mode() fs.FileMode  { return d.mode }
func (d dirInfo) ModTime() time.Time { return time.Time{} }
func (d dirInfo) IsDir() bool        { return d.mode.IsDir() }
func (d dirInfo) Sys() any           { return nil }

func TestLsMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode  fs.FileMode
		ls    string
		octal uint32
	}{
		{fs.ModeDir | 0o700, "drwx------", 0o700},
		{fs.ModeDir | fs.ModeSticky | 0o777, "drwxrwxrwt", 0o1777},
		{fs.ModeDir | fs.ModeSticky | 0o770, "drwxrwx--T", 0o1770},
		{fs.ModeSymlink | 0o777, "lrwxrwxrwx", 0o777},
		{fs.ModeSetuid | fs.ModeSetgid | 0o755, "-rwsr-sr-x", 0o6755},
		{fs.ModeSetuid | 0o644, "-rwSr--r--", 0o4644},
		{fs.ModeNamedPipe | 0o600, "?rw-------", 0o600},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.ls, lsMode(tt.mode), "%v", tt.mode)
		assert.Equal(t, tt.octal, octalMode(tt.mode), "%v", tt.mode)
	}
}

// TestAssessSafetyModes checks the verdict that follows from the mode
// alone (these FileInfos have no owner).
func TestAssessSafetyModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode     fs.FileMode
		safe     bool
		warnings int
		reason   string
	}{
		{fs.ModeDir | 0o700, true, 0, "owner unknown, mode 0700"},
		{fs.ModeDir | 0o755, true, 0, "owner unknown, mode 0755"},
		{fs.ModeDir | 0o775, true, 1, "owner unknown, mode 0775, writable by its group too (see the warning)"},
		{fs.ModeDir | 0o777, false, 0, "world-writable without the sticky bit"},
		{fs.ModeDir | 0o703, false, 0, "world-writable without the sticky bit"},
		{fs.ModeDir | fs.ModeSticky | 0o777, true, 0, "world-writable, but sticky: others cannot remove or rename your entries"},
		{fs.ModeDir | fs.ModeSticky | 0o770, true, 0, "group-writable, but sticky: its group cannot remove or rename your entries"},
	}
	for _, tt := range tests {
		fi := dirInfo{mode: tt.mode}
		s := assessSafety("d", fi, fi, 1000)
		assert.Equal(t, tt.safe, s.Safe, "%v", tt.mode)
		assert.Len(t, s.Warnings, tt.warnings, "%v", tt.mode)
		assert.Equal(t, tt.reason, s.Reason, "%v", tt.mode)
		assert.Nil(t, s.OwnerUID)
	}
	link := dirInfo{mode: fs.ModeSymlink | 0o777}
	s := assessSafety("/nonexistent/link", link, dirInfo{mode: fs.ModeDir | 0o700}, 1000)
	assert.False(t, s.Safe, "a symbolic link")
	assert.True(t, s.Symlink)
	assert.Equal(t, "a symbolic link", s.Reason)

	// Every problem is in the reason of an unsafe directory, and a
	// problem found later, by checkDir, joins them.
	s = assessSafety("/nonexistent/link", link, dirInfo{mode: fs.ModeDir | 0o777}, 1000)
	s.unsafe("no directory can be created in it: read-only file system", "no directory can be created in it")
	assert.False(t, s.Safe)
	assert.Len(t, s.Problems, 3)
	assert.Equal(t, "a symbolic link; world-writable without the sticky bit; no directory can be created in it", s.Reason)

	fi := dirInfo{mode: fs.ModeDir | 0o700}
	s = assessSafety("d", fi, fi, 1000)
	s.unsafe("check could not remove its own directory: busy", "check could not remove its own directory")
	assert.False(t, s.Safe)
	assert.Equal(t, "check could not remove its own directory", s.Reason, "the reason of a safe directory gives way to the problem")
}

func TestTrimTrailingDots(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"link", "link"},
		{"link/", "link"},
		{"link//", "link"},
		{"link/.", "link"},
		{"link/./", "link"},
		{"link/././/", "link"},
		{"a/b/.", "a/b"},
		{"link/..", "link/.."},
		{"link/../", "link/.."},
		{"name.", "name."},
		{"a/.b", "a/.b"},
		{".", "."},
		{"./", "."},
		{"./.", "."},
		{"/", "/"},
		{"//", "/"},
		{"/.", "/"},
		{"/./", "/"},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, trimTrailingDots(tt.in), "%q", tt.in)
	}
}
