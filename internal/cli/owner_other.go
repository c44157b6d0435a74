//go:build !unix

package cli

import "io/fs"

// fileOwner cannot tell who owns an entry on this platform.
func fileOwner(fs.FileInfo) (uid int, ok bool) { return -1, false }

// fileID identifies a file on its device.
type fileID struct{ dev, ino uint64 }

// fileIDOf cannot identify files on this platform.
func fileIDOf(fs.FileInfo) (fileID, bool) { return fileID{}, false }
