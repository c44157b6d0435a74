//go:build linux

package cli

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// mountInfoPath is the kernel's list of the mounts that this process
// sees, with paths relative to its root directory.
const mountInfoPath = "/proc/self/mountinfo"

// mountInfo is one line of /proc/self/mountinfo.
type mountInfo struct {
	dev        string // "major:minor" of the mounted filesystem
	mountPoint string // where it is mounted, unescaped
	fsType     string // "" if the line has none
}

// readMountInfo reads and parses /proc/self/mountinfo.
func readMountInfo() ([]mountInfo, error) {
	data, err := os.ReadFile(mountInfoPath)
	if err != nil {
		return nil, err
	}
	return parseMountInfo(data), nil
}

// parseMountInfo parses the lines of /proc/self/mountinfo (proc(5)):
//
//	36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw
//
// Lines with fewer than five fields are skipped.
func parseMountInfo(data []byte) []mountInfo {
	var mounts []mountInfo
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		m := mountInfo{dev: fields[2], mountPoint: unescapeMountField(fields[4])}
		// Optional fields come after the sixth, up to a lone "-".
		for i := 6; i < len(fields)-1; i++ {
			if fields[i] == "-" {
				m.fsType = fields[i+1]
				break
			}
		}
		mounts = append(mounts, m)
	}
	return mounts
}

// unescapeMountField decodes the octal escapes (\040 for a space, \011,
// \012, \134) with which the kernel writes white space and backslashes
// in the paths of /proc/self/mountinfo.
func unescapeMountField(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mountCheck says whether reap can tell where filesystems are mounted.
const mountCheck = true

// mountPoints returns the cleaned paths of every mount point that this
// process sees, from /proc/self/mountinfo.
func mountPoints() ([]string, error) {
	mounts, err := readMountInfo()
	if err != nil {
		return nil, err
	}
	points := make([]string, 0, len(mounts))
	for _, m := range mounts {
		points = append(points, filepath.Clean(m.mountPoint))
	}
	return points, nil
}
