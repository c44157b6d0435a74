//go:build unix

package tempfile

import (
	"io/fs"
	"syscall"
)

// fileOwner is the owner and group of a file.
type fileOwner struct{ uid, gid int }

// ownerOf returns the owner and group fi reports, or nil where its Sys
// value does not say.
func ownerOf(fi fs.FileInfo) *fileOwner {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st != nil {
		return &fileOwner{uid: int(st.Uid), gid: int(st.Gid)}
	}
	return nil
}
