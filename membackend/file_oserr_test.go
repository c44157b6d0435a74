package membackend_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// TestAtErrorsAsOS checks that ReadAt and WriteAt fail as those of an
// *os.File do, on any system: the checks os makes before the kernel (a
// negative offset, append mode, an empty buffer) come in os's order, before
// a closed File is noticed, with the same error types, Ops and texts.
func TestAtErrorsAsOS(t *testing.T) {
	t.Parallel()
	type call func(f vfs.File) (int, error)
	readAt := func(n int, off int64) call {
		return func(f vfs.File) (int, error) { return f.ReadAt(make([]byte, n), off) }
	}
	writeAt := func(n int, off int64) call {
		return func(f vfs.File) (int, error) { return f.WriteAt(make([]byte, n), off) }
	}
	flags := map[string]int{
		"rdwr":   os.O_RDWR,
		"rdonly": os.O_RDONLY,
		"wronly": os.O_WRONLY,
		"append": os.O_RDWR | os.O_APPEND,
	}
	calls := map[string]call{
		"ReadAt(1, -1)":   readAt(1, -1),
		"ReadAt(0, -1)":   readAt(0, -1),
		"ReadAt(0, 0)":    readAt(0, 0),
		"ReadAt(3, 1)":    readAt(3, 1),
		"ReadAt(3, 100)":  readAt(3, 100),
		"WriteAt(1, -1)":  writeAt(1, -1),
		"WriteAt(0, -1)":  writeAt(0, -1),
		"WriteAt(0, 0)":   writeAt(0, 0),
		"WriteAt(2, 1)":   writeAt(2, 1),
		"WriteAt(2, 100)": writeAt(2, 100),
	}
	dir := t.TempDir()
	for fname, flag := range flags {
		for cname, c := range calls {
			for _, closed := range []bool{false, true} {
				name := fmt.Sprintf("%s/%s/closed=%v", fname, cname, closed)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					osName := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(name))
					require.NoError(t, os.WriteFile(osName, []byte("hello"), 0o644))
					osf, err := os.OpenFile(osName, flag, 0)
					require.NoError(t, err)
					mfs := membackend.New()
					require.NoError(t, afero.WriteFile(mfs, "/f", []byte("hello"), 0o644))
					mf, err := mfs.OpenFile("/f", flag, 0)
					require.NoError(t, err)
					if closed {
						require.NoError(t, osf.Close())
						require.NoError(t, mf.Close())
					} else {
						defer osf.Close()
						defer mf.Close()
					}
					wantN, wantErr := c(osf)
					gotN, gotErr := c(mf)
					if runtime.GOOS == "windows" && errors.Is(wantErr, fs.ErrPermission) && !closed {
						// membackend's errors are Linux's everywhere.
						t.Skipf("on Windows, os says %v where Linux says EBADF, for a handle not opened for the access", wantErr)
					}
					assert.Equal(t, wantN, gotN, "count")
					assert.Equal(t, atErr(wantErr, osName), atErr(gotErr, "/f"))
				})
			}
		}
	}
}

// atErr describes err with the file's name taken out: its type, text and
// the errno and sentinels it matches.
func atErr(err error, name string) string {
	if err == nil {
		return "nil"
	}
	s := fmt.Sprintf("%T %q", err, strings.ReplaceAll(err.Error(), name, "$F"))
	var pe *fs.PathError
	if errors.As(err, &pe) {
		s += " op=" + pe.Op
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s += " errno=" + errno.Error()
	}
	if errors.Is(err, fs.ErrClosed) {
		s += " closed"
	}
	return s
}
