//go:build unix

package vfs

import "syscall"

// fileID returns the device and inode numbers of a FileInfo's Sys value.
func fileID(sys any) (dev, ino uint64, ok bool) {
	st, ok := sys.(*syscall.Stat_t)
	if !ok || st == nil {
		return 0, 0, false
	}
	return uint64(st.Dev), uint64(st.Ino), true
}
