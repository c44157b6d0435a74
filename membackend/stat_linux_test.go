package membackend_test

import (
	"io/fs"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
)

// statOf returns what fi's Sys value says, in membackend's own terms.
func statOf(t *testing.T, fi fs.FileInfo) membackend.Stat {
	t.Helper()
	st, ok := fi.Sys().(*syscall.Stat_t)
	require.True(t, ok, "on Linux, Sys returns a *syscall.Stat_t, not %T", fi.Sys())
	return membackend.Stat{
		Dev:   uint64(st.Dev),
		Ino:   uint64(st.Ino),
		Nlink: uint64(st.Nlink),
		Uid:   int(st.Uid),
		Gid:   int(st.Gid),
		Atime: time.Unix(st.Atim.Unix()),
		Ctime: time.Unix(st.Ctim.Unix()),
	}
}
