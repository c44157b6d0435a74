//go:build !unix

package vfs

// fileID returns the device and inode numbers of a FileInfo's Sys value;
// here no Sys value carries them.
func fileID(any) (dev, ino uint64, ok bool) { return 0, 0, false }
