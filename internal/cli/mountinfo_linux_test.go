//go:build linux

package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseMountInfo(t *testing.T) {
	t.Parallel()
	data := `22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw
36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
40 22 0:35 / /tmp rw,nosuid,nodev - tmpfs tmpfs rw
41 22 259:2 /home/a\040b /srv/with\040space\011tab\012nl\134bs rw shared:7 master:2 - ext4 /dev/nvme0n1p2 rw
42 22 0:40 / /odd\0 rw - tmpfs tmpfs rw
short line
43 22 0:41 / /nofstype rw
`
	want := []mountInfo{
		{dev: "259:2", mountPoint: "/", fsType: "ext4"},
		{dev: "98:0", mountPoint: "/mnt2", fsType: "ext3"},
		{dev: "0:35", mountPoint: "/tmp", fsType: "tmpfs"},
		{dev: "259:2", mountPoint: "/srv/with space\ttab\nnl\\bs", fsType: "ext4"},
		{dev: "0:40", mountPoint: `/odd\0`, fsType: "tmpfs"},
		{dev: "0:41", mountPoint: "/nofstype"},
	}
	assert.Equal(t, want, parseMountInfo([]byte(data)))
}

func TestUnescapeMountField(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"/plain", "/plain"},
		{`/a\040b`, "/a b"},
		{`\134`, `\`},
		{`/a\134040`, `/a\040`},
		{`/end\04`, `/end\04`},
		{`/bad\09x`, `/bad\09x`},
		{`/\377`, "/\xff"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, unescapeMountField(tt.in), "%q", tt.in)
	}
}

// TestMountPoints checks that the mount points this process sees include
// the root directory and /proc, which the in-use check reads too.
func TestMountPoints(t *testing.T) {
	t.Parallel()
	points, err := mountPoints()
	if !assert.NoError(t, err) {
		return
	}
	assert.Contains(t, points, "/")
	assert.Contains(t, points, "/proc")
}
