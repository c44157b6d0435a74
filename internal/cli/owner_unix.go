//go:build unix

package cli

import (
	"io/fs"
	"syscall"
)

// fileOwner returns the user ID that owns the entry fi describes.
func fileOwner(fi fs.FileInfo) (uid int, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return -1, false
	}
	return int(st.Uid), true
}

// fileID identifies a file on its device.
type fileID struct{ dev, ino uint64 }

// fileIDOf returns the device and inode of the entry fi describes.
func fileIDOf(fi fs.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}, true
}
