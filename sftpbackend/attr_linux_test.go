//go:build linux

package sftpbackend_test

import (
	"io/fs"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/pkg/sftp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/sftpbackend"
)

// TestAttributes checks Chtimes, Chmod and Chown against what the
// server's disk (this machine's) shows.
func TestAttributes(t *testing.T) {
	t.Parallel()
	fsys, dir := newSharedFS(t)
	name := join(dir, "f")
	require.NoError(t, os.WriteFile(name, nil, 0o600))

	mtime := time.Date(2001, 2, 3, 4, 5, 6, 789, time.UTC)
	atime := time.Date(2002, 2, 3, 4, 5, 6, 0, time.UTC)
	require.NoError(t, fsys.Chtimes(name, atime, mtime))
	fi, err := os.Stat(name)
	require.NoError(t, err)
	assert.Equal(t, mtime.Truncate(time.Second), fi.ModTime().UTC(), "Chtimes sets whole seconds")
	require.NoError(t, fsys.Chtimes(name, time.Time{}, mtime.Add(time.Hour)))
	st := fi.Sys().(*syscall.Stat_t)
	fi, err = os.Stat(name)
	require.NoError(t, err)
	assert.Equal(t, mtime.Add(time.Hour).Truncate(time.Second), fi.ModTime().UTC())
	assert.Equal(t, st.Atim, fi.Sys().(*syscall.Stat_t).Atim, "a zero atime leaves it")
	sfi, err := fsys.Stat(name)
	require.NoError(t, err)
	assert.Equal(t, fi.ModTime().Unix(), sfi.ModTime().Unix(), "Stat's modification time")
	_, ok := sfi.Sys().(*sftp.FileStat)
	assert.True(t, ok, "Stat's Sys is a *sftp.FileStat")

	require.NoError(t, fsys.Chmod(name, 0o640))
	fi, err = os.Stat(name)
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o640), fi.Mode().Perm())

	if os.Geteuid() != 0 {
		return
	}
	require.NoError(t, fsys.Chown(name, nobodyUID, -1))
	fi, err = os.Stat(name)
	require.NoError(t, err)
	assert.Equal(t, uint32(nobodyUID), fi.Sys().(*syscall.Stat_t).Uid)
	assert.Equal(t, uint32(0), fi.Sys().(*syscall.Stat_t).Gid, "Chown with gid -1 leaves the group")
	f, err := fsys.Open(name)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, f.(*sftpbackend.File).Chown(-1, nobodyUID))
	fi, err = os.Stat(name)
	require.NoError(t, err)
	assert.Equal(t, uint32(nobodyUID), fi.Sys().(*syscall.Stat_t).Uid, "File.Chown with uid -1 leaves the owner")
	assert.Equal(t, uint32(nobodyUID), fi.Sys().(*syscall.Stat_t).Gid)
}
