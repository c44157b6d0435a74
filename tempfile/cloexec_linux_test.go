package tempfile_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// TestNoInherit: on the OS backend every descriptor tempfile opens has
// FD_CLOEXEC, so a child process does not inherit it (Python's
// test_noinherit).
func TestNoInherit(t *testing.T) {
	t.Parallel()
	fsys, dir := backends[0].newFS(t)
	open := map[string]func() (vfs.File, error){
		"CreateTemp":   func() (vfs.File, error) { return tempfile.CreateTemp(fsys, dir, "") },
		"NewNamed":     func() (vfs.File, error) { return tempfile.NewNamed(fsys, tempfile.WithDir(dir)) },
		"NewAnonymous": func() (vfs.File, error) { return tempfile.NewAnonymous(fsys, tempfile.WithDir(dir)) },
	}
	for name, o := range open {
		f, err := o()
		require.NoError(t, err, name)
		var osf *os.File
		switch f := f.(type) {
		case *os.File:
			osf = f
		case *tempfile.File:
			osf = f.File.(*os.File)
		default:
			t.Fatalf("%s: %T", name, f)
		}
		flags, err := unix.FcntlInt(osf.Fd(), unix.F_GETFD, 0)
		require.NoError(t, err)
		assert.NotZero(t, flags&unix.FD_CLOEXEC, name)
		require.NoError(t, f.Close())
	}
}
