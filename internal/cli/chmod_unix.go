//go:build unix

package cli

import (
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/internal/unixat"
)

// chmodEntry sets the mode of directory path without following a
// symbolic link at its last element: relative to its parent's
// descriptor, by [unixat.ChmodDirAt]. A link or a file at path gives
// ENOTDIR, and changes nothing.
func chmodEntry(path string, mode fs.FileMode) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	dfd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(dfd)
	if err := unixat.ChmodDirAt(dfd, base, uint32(mode.Perm())|unixBits(mode)); err != nil {
		return &fs.PathError{Op: "chmod", Path: path, Err: err}
	}
	return nil
}

// unixBits returns the setuid, setgid and sticky bits of mode as chmod(2)
// takes them.
func unixBits(mode fs.FileMode) uint32 {
	var v uint32
	if mode&os.ModeSetuid != 0 {
		v |= unix.S_ISUID
	}
	if mode&os.ModeSetgid != 0 {
		v |= unix.S_ISGID
	}
	if mode&os.ModeSticky != 0 {
		v |= unix.S_ISVTX
	}
	return v
}
