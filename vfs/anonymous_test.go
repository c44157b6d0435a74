package vfs_test

import (
	"errors"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/faultfs"
	"github.com/tempvfs/tempvfs/vfs"
)

// sharingViolation is the error a filesystem with Windows semantics gives
// for the removal of a file in use, as this platform spells it.
func sharingViolation() syscall.Errno {
	if runtime.GOOS == "windows" {
		return syscall.Errno(32) // ERROR_SHARING_VIOLATION
	}
	return syscall.EBUSY
}

// refuseOpen fails the Remove of a name that is open with err, as Windows
// does, and removes it once it is closed.
type refuseOpen struct {
	afero.Fs
	err error

	mu   sync.Mutex
	open map[string]int
}

type refuseOpenFile struct {
	afero.File
	fsys *refuseOpen
}

func (f refuseOpenFile) Close() error {
	f.fsys.mu.Lock()
	f.fsys.open[f.Name()]--
	f.fsys.mu.Unlock()
	return f.File.Close()
}

func (r *refuseOpen) OpenFile(name string, flag int, perm fs.FileMode) (afero.File, error) {
	f, err := r.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.open[name]++
	r.mu.Unlock()
	return refuseOpenFile{f, r}, nil
}

func (r *refuseOpen) Remove(name string) error {
	r.mu.Lock()
	open := r.open[name] > 0
	r.mu.Unlock()
	if open {
		return &fs.PathError{Op: "remove", Path: name, Err: r.err}
	}
	return r.Fs.Remove(name)
}

// Only a refusal that a file in use gets, and that Close lifts, means the
// filesystem cannot remove an open file: an error wrapping
// ErrUnsupported, and nothing left in the directory.
func TestCreateAnonymousFallbackRefusedWhileOpen(t *testing.T) {
	t.Parallel()
	for name, refusal := range map[string]error{
		"Permission":       fs.ErrPermission,
		"EACCES":           syscall.EACCES,
		"SharingViolation": sharingViolation(),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fsys := &refuseOpen{Fs: afero.NewMemMapFs(), err: refusal, open: map[string]int{}}
			require.NoError(t, fsys.MkdirAll("/d", 0o755))

			f, err := vfs.CreateAnonymous(fsys, "/d", 0o600)
			assert.Nil(t, f)
			assert.ErrorIs(t, err, errors.ErrUnsupported)
			assert.ErrorIs(t, err, refusal, "the refusal is kept in the chain")
			var pe *fs.PathError
			if assert.ErrorAs(t, err, &pe) {
				assert.Equal(t, "/d", pe.Path)
			}
			entries, rerr := afero.ReadDir(fsys, "/d")
			require.NoError(t, rerr)
			assert.Empty(t, entries, "the fallback removes the file it made")
		})
	}
}

// Any other failure of the removal reaches the caller as itself, never as
// ErrUnsupported, after the file is closed and its name removed; where the
// name cannot be removed at all, the error says so.
func TestCreateAnonymousFallbackRemoveFails(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		fault    func(f *faultfs.FS)
		err      error
		leftover bool // the second removal fails too
	}{
		{"TransientEIO", func(f *faultfs.FS) { f.FailAt(faultfs.Remove, 1, syscall.EIO) }, syscall.EIO, false},
		{"EIO", func(f *faultfs.FS) { f.FailFrom(faultfs.Remove, 1, syscall.EIO) }, syscall.EIO, true},
		// An append-only directory: a file can be made, never unlinked,
		// open or not.
		{"EPERMAlways", func(f *faultfs.FS) { f.FailFrom(faultfs.Remove, 1, syscall.EPERM) }, syscall.EPERM, true},
		{"ENOENT", func(f *faultfs.FS) { f.FailAt(faultfs.Remove, 1, syscall.ENOENT) }, syscall.ENOENT, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := afero.NewMemMapFs()
			require.NoError(t, base.MkdirAll("/d", 0o755))
			ffs := faultfs.New(base)
			fsys := plain{ffs} // hide faultfs's own CreateAnonymous: the fallback is under test
			tc.fault(ffs)

			f, err := vfs.CreateAnonymous(fsys, "/d", 0o600)
			assert.Nil(t, f)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.err)
			assert.NotErrorIs(t, err, errors.ErrUnsupported, "not mistaken for a filesystem that cannot remove an open file")
			var pe *fs.PathError
			if assert.ErrorAs(t, err, &pe) {
				assert.Equal(t, "open", pe.Op)
				assert.Equal(t, "/d", pe.Path)
			}
			assert.Equal(t, 1, ffs.Calls(faultfs.Close), "the file is closed")
			assert.Equal(t, 2, ffs.Calls(faultfs.Remove), "the name is removed again after Close")

			entries, rerr := afero.ReadDir(base, "/d")
			require.NoError(t, rerr)
			if !tc.leftover {
				assert.Empty(t, entries, "no name is left")
				return
			}
			require.Len(t, entries, 1)
			assert.True(t, strings.Contains(err.Error(), entries[0].Name()), "the error names what is left: %v", err)
		})
	}
}

// A Close that fails in the cleanup is joined to the error.
func TestCreateAnonymousFallbackCloseFails(t *testing.T) {
	t.Parallel()
	base := afero.NewMemMapFs()
	require.NoError(t, base.MkdirAll("/d", 0o755))
	ffs := faultfs.New(base)
	ffs.FailAt(faultfs.Remove, 1, syscall.EIO)
	ffs.FailAt(faultfs.Close, 1, syscall.ENOSPC)

	_, err := vfs.CreateAnonymous(plain{ffs}, "/d", 0o600)
	assert.ErrorIs(t, err, syscall.EIO)
	assert.ErrorIs(t, err, syscall.ENOSPC)
	assert.NotErrorIs(t, err, errors.ErrUnsupported)
	entries, rerr := afero.ReadDir(base, "/d")
	require.NoError(t, rerr)
	assert.Empty(t, entries)
}
