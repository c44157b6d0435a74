//go:build unix

package cli

import (
	"io/fs"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

// ownedInfo is a directory's FileInfo with an owner, as lstat gives it.
type ownedInfo struct {
	dirInfo
	uid uint32
}

func (o ownedInfo) Sys() any { return &syscall.Stat_t{Uid: o.uid} }

// TestAssessSafetyOwner checks the verdict and its reason for each kind
// of owner: you, root, another user.
func TestAssessSafetyOwner(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mode   fs.FileMode
		uid    uint32
		euid   int
		safe   bool
		reason string
	}{
		{"yours", fs.ModeDir | 0o700, 1000, 1000, true, "owned by you, mode 0700"},
		{"root's, for you", fs.ModeDir | 0o755, 0, 1000, true, "owned by root, mode 0755"},
		{"root's, as root", fs.ModeDir | 0o700, 0, 0, true, "owned by you, mode 0700"},
		{"root's and sticky", fs.ModeDir | fs.ModeSticky | 0o777, 0, 1000, true, "world-writable, but sticky: others cannot remove or rename your entries"},
		{"another user's", fs.ModeDir | 0o700, 1001, 1000, false, "owned by user 1001"},
		{"another user's and sticky", fs.ModeDir | fs.ModeSticky | 0o777, 1001, 1000, false, "owned by user 1001"},
		{"another user's, writable by all", fs.ModeDir | 0o777, 1001, 1000, false, "world-writable without the sticky bit; owned by user 1001"},
	}
	for _, tt := range tests {
		fi := ownedInfo{dirInfo{mode: tt.mode}, tt.uid}
		s := assessSafety("d", fi, fi, tt.euid)
		assert.Equal(t, tt.safe, s.Safe, tt.name)
		assert.Equal(t, tt.reason, s.Reason, tt.name)
		assert.Equal(t, !tt.safe, len(s.Problems) > 0, tt.name)
		if assert.NotNil(t, s.OwnerUID, tt.name) {
			assert.Equal(t, int(tt.uid), *s.OwnerUID, tt.name)
		}
	}
}
