package cli

import (
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"24h", 24 * time.Hour},
		{"90m", 90 * time.Minute},
		{"0", 0},
		{"0d", 0},
		{"7d", 7 * 24 * time.Hour},
		{"1.5d", 36 * time.Hour},
		{"1d12h", 36 * time.Hour},
		{"2d30m15s", 48*time.Hour + 30*time.Minute + 15*time.Second},
		{"36500d", 36500 * 24 * time.Hour},
		{"36499d24h", 36500 * 24 * time.Hour},
		{"2562047h", 2562047 * time.Hour},
	}
	for _, tt := range tests {
		got, err := parseAge(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	for _, bad := range []string{"", "x", "1", "-1h", "-1d", "d", "1dd", "1d-1h", "NaNd", "Infd", "1w", "1h1d", "99999999d", " 1h",
		"1d2562047h", "36500d2000000h", "36500d1ns", "0d876001h"} {
		_, err := parseAge(bad)
		assert.Error(t, err, "%q", bad)
	}
}

func TestReapable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		pending bool
		want    bool
	}{
		{"tmpabcdefghijklm", false, true},
		{"tempvfs-run-abcdefghijk23", false, true},
		{"tempvfs-check-234567abcdefg", false, true},
		{"tmpabcdefghijkl", false, false},
		{"tmpabcdefghijklmn", false, false},
		{"tmpABCDEFGHIJKLM", false, false},
		{"tmp.abcdefghij", false, false},
		{".f.abcdefghijklm", false, false},
		{".f.abcdefghijklm", true, true},
		{".a.b.abcdefghijklm", true, true},
		{"..abcdefghijklm", true, false},
		{".f.abcdefghijkl1", true, false},
		{"f.abcdefghijklm", true, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, reapable(tt.name, 0, tt.pending), "%s, pending %v", tt.name, tt.pending)
	}
	assert.False(t, reapable(".f.abcdefghijklm", fs.ModeDir, true), "a pending file is a regular file")
	assert.False(t, reapable(".f.abcdefghijklm", fs.ModeSymlink, true), "a pending file is a regular file")
	assert.True(t, reapable("tmpabcdefghijklm", fs.ModeSymlink, false), "a link with a tempvfs name is removed, as a link")
}

func TestMountPointIn(t *testing.T) {
	t.Parallel()
	p := filepath.FromSlash
	mounts := []string{p("/"), p("/tmp"), p("/tmp/d/tempvfs-run-a/x/mnt"), p("/real/tempvfs-run-b"), p("/tmp/d/tempvfs-run-cc")}
	tests := []struct {
		dirs []string
		name string
		want string
	}{
		{[]string{p("/tmp/d")}, "tempvfs-run-a", p("/tmp/d/tempvfs-run-a/x/mnt") + " is a mount point"},
		{[]string{p("/tmp/d")}, "tempvfs-run-b", ""},
		{[]string{p("/tmp/d")}, "tempvfs-run-c", ""}, // a longer name is not below it
		{[]string{p("/tmp/d")}, "tempvfs-run-cc", "it is a mount point"},
		{[]string{p("/link"), p("/real")}, "tempvfs-run-b", "it is a mount point"},
		{nil, "tempvfs-run-a", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, mountPointIn(mounts, tt.dirs, tt.name), "%v %s", tt.dirs, tt.name)
	}
	assert.Empty(t, mountPointIn(nil, []string{p("/tmp/d")}, "tempvfs-run-a"), "no mount points known")
}

// FuzzParseAge checks that any --older-than value either fails or gives
// a duration that is not negative, and that Go durations keep their
// meaning.
func FuzzParseAge(f *testing.F) {
	for _, s := range []string{"24h", "7d", "1.5d", "1d12h", "-1h", "NaNd", "1e308d", "0", "1d2562047h", "36500d2000000h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseAge(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("parseAge(%q) = %v, negative", s, d)
		}
		if want, err := time.ParseDuration(s); err == nil && want >= 0 && d != want {
			t.Fatalf("parseAge(%q) = %v, time.ParseDuration says %v", s, d, want)
		}
	})
}
