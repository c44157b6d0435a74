//go:build linux

package sftpbackend_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/tempfile"
)

// TestENOSPC fills a small tmpfs on the server: a write past its size,
// and a create past its inodes, come back as SSH_FX_FAILURE, which the FS
// tells to be ENOSPC with statvfs@openssh.com.
func TestENOSPC(t *testing.T) {
	t.Parallel()
	fsys, dir := newSharedFS(t)
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64k,nr_inodes=8,mode=0700"); err != nil {
		t.Skipf("cannot mount a tmpfs (root and a kernel that allows it are needed): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })

	f, err := fsys.CreateExclusive(join(dir, "big"), 0o600)
	require.NoError(t, err)
	defer f.Close()
	var werr error
	for range 64 {
		if _, werr = f.Write(bytes.Repeat([]byte("x"), 4096)); werr != nil {
			break
		}
	}
	assert.ErrorIs(t, werr, syscall.ENOSPC, "a write past the filesystem's size")
	var pe *fs.PathError
	if assert.ErrorAs(t, werr, &pe) {
		assert.Equal(t, "write", pe.Op)
	}

	// A spooled file that cannot roll over keeps its data.
	s, err := tempfile.NewSpooled(fsys, 1024, tempfile.WithDir(dir))
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Write(bytes.Repeat([]byte("y"), 4096))
	assert.ErrorIs(t, err, syscall.ENOSPC, "rollover onto a full filesystem")
	require.NoError(t, f.Truncate(0))

	var cerr error
	for i := range 16 {
		var g interface{ Close() error }
		if g, cerr = fsys.CreateExclusive(join(dir, fmt.Sprint(i)), 0o600); cerr != nil {
			break
		}
		g.Close()
	}
	assert.ErrorIs(t, cerr, syscall.ENOSPC, "a create past the filesystem's inodes")
	assert.False(t, errors.Is(cerr, fs.ErrExist))
	assert.ErrorIs(t, fsys.Mkdir(join(dir, "d"), 0o700), syscall.ENOSPC, "a mkdir past the filesystem's inodes")
	_, err = os.Lstat(join(dir, "d"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}
