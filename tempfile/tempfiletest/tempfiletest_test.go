package tempfiletest_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/tempfile/tempfiletest"
	"github.com/tempvfs/tempvfs/vfs"
)

// recorder is a testing.TB that records failures and cleanups instead of
// acting on them.
type recorder struct {
	testing.TB
	errors   []string
	cleanups []func()
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func (r *recorder) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func memFS(t *testing.T) afero.Fs {
	fsys := afero.NewMemMapFs()
	require.NoError(t, fsys.MkdirAll("/tmp", 0o700))
	return fsys
}

// A test that closes what it makes passes.
func TestCheckPasses(t *testing.T) {
	t.Parallel()
	fsys := memFS(t)
	rec := &recorder{TB: t}
	tr := tempfiletest.Check(rec)
	f, err := tempfile.NewNamed(fsys, tempfile.WithDir("/tmp"), tempfile.WithTracker(tr))
	require.NoError(t, err)
	d, err := tempfile.NewDir(fsys, tempfile.WithDir("/tmp"), tempfile.WithTracker(tr))
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.NoError(t, d.Cleanup())
	rec.runCleanups()
	assert.Empty(t, rec.errors)
}

// A test that leaks fails, with each leaked object named and the stack
// that made it, and the leaks are removed.
func TestCheckFailsOnLeaks(t *testing.T) {
	t.Parallel()
	fsys := memFS(t)
	rec := &recorder{TB: t}
	tr := tempfiletest.Check(rec, tempfile.WithStacks())
	f, err := tempfile.NewNamed(fsys, tempfile.WithDir("/tmp"), tempfile.WithTracker(tr))
	require.NoError(t, err)
	d, err := tempfile.NewDir(fsys, tempfile.WithDir("/tmp"), tempfile.WithTracker(tr))
	require.NoError(t, err)
	rec.runCleanups()
	require.Len(t, rec.errors, 1)
	msg := rec.errors[0]
	assert.Contains(t, msg, "2 temporary object(s) leaked")
	assert.Contains(t, msg, "named file "+f.Name())
	assert.Contains(t, msg, "directory "+d.Path())
	assert.Contains(t, msg, "TestCheckFailsOnLeaks")
	assert.Empty(t, tr.Live())
	names, err := afero.ReadDir(fsys, "/tmp")
	require.NoError(t, err)
	assert.Empty(t, names, "the leaks were removed")
}

// VerifyNone reports what it could not remove as well.
func TestVerifyNoneReportsCleanupErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := afero.NewOsFs()
	tr := tempfile.NewTracker()
	d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithTracker(tr))
	require.NoError(t, err)
	require.NoError(t, d.WriteFile("f", []byte("x")))
	// Make the directory's parent read-only so nothing in it can go.
	sub := d.Path()
	require.NoError(t, os.Chmod(dir, 0o500))
	defer os.Chmod(dir, 0o700)
	if os.Geteuid() == 0 {
		t.Skip("root removes entries of read-only directories")
	}
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits: a read-only directory's entries can be removed")
	}
	rec := &recorder{TB: t}
	tempfiletest.VerifyNone(rec, tr)
	require.Len(t, rec.errors, 2)
	assert.Contains(t, rec.errors[0], sub)
	assert.True(t, strings.HasPrefix(rec.errors[1], "tempfiletest: removing the leaked objects:"), rec.errors[1])
	require.NoError(t, os.Chmod(dir, 0o700))
	require.NoError(t, d.Cleanup())
}

// Check on a real test: everything is closed, so the test passes.
func TestCheckRealTest(t *testing.T) {
	t.Parallel()
	tr := tempfiletest.Check(t)
	f, err := tempfile.NewAnonymous(memFS(t), tempfile.WithDir("/tmp"), tempfile.WithTracker(tr))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
}

// leaky is code under test: it takes a filesystem and makes temporary
// objects on it with no tracker, and leaks some.
func leaky(fsys vfs.Fs, leak bool) error {
	f, err := tempfile.NewNamed(fsys, tempfile.WithDir("/tmp"))
	if err != nil {
		return err
	}
	d, err := tempfile.NewDir(fsys, tempfile.WithDir("/tmp"))
	if err != nil {
		return err
	}
	c, err := tempfile.CreateTemp(fsys, "/tmp", "c*")
	if err != nil {
		return err
	}
	c.Close()
	m, err := tempfile.MkdirTemp(fsys, "/tmp", "m*")
	if err != nil {
		return err
	}
	s, err := tempfile.NewSpooled(fsys, 4, tempfile.WithDir("/tmp"))
	if err != nil {
		return err
	}
	if _, err := s.Write([]byte("rolled over")); err != nil {
		return err
	}
	if err := tempfile.WriteFile(fsys, "/tmp/target", []byte("x"), 0o644); err != nil {
		return err
	}
	if leak {
		return nil
	}
	return errors.Join(f.Close(), d.Cleanup(), fsys.Remove(c.Name()), fsys.Remove(m), s.Close(), fsys.Remove("/tmp/target"))
}

// Watch sees what code under test leaks on the watched filesystem, with
// no option in that code.
func TestWatchFailsOnLeaks(t *testing.T) {
	t.Parallel()
	for _, leak := range []bool{false, true} {
		t.Run(fmt.Sprintf("leak=%v", leak), func(t *testing.T) {
			t.Parallel()
			fsys := membackend.New()
			rec := &recorder{TB: t}
			tr := tempfiletest.Watch(rec, fsys)
			require.NoError(t, leaky(fsys, leak))
			other := membackend.New()
			require.NoError(t, leaky(other, true), "a filesystem that is not watched")
			rec.runCleanups()
			if !leak {
				assert.Empty(t, rec.errors)
				return
			}
			require.Len(t, rec.errors, 1)
			msg := filepath.ToSlash(rec.errors[0]) // a membackend name is `\tmp\x` on Windows
			assert.Contains(t, msg, "5 temporary object(s) leaked")
			for _, kind := range []string{"named file /tmp/", "directory /tmp/", "file from CreateTemp /tmp/c", "directory from MkdirTemp /tmp/m", "spooled file"} {
				assert.Contains(t, msg, kind)
			}
			assert.Empty(t, tr.Live())
			names, err := afero.ReadDir(fsys, "/tmp")
			require.NoError(t, err)
			require.Len(t, names, 1, "the leaks were removed, the WriteFile target stays")
			assert.Equal(t, "target", names[0].Name())
			_, err = tr.Attach(fsys)
			assert.NoError(t, err, "Watch detached its tracker")
		})
	}
}

// Watch refuses what it cannot watch.
func TestWatchRefuses(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	tempfiletest.Watch(t, fsys)
	_, err := tempfile.NewTracker().Attach(fsys)
	assert.ErrorIs(t, err, fs.ErrInvalid, "one tracker per filesystem")
	_, err = tempfile.NewTracker().Attach(nil)
	assert.ErrorIs(t, err, fs.ErrInvalid)
	_, err = tempfile.NewTracker().Attach(valueFS{})
	assert.ErrorIs(t, err, fs.ErrInvalid, "a value that is not a pointer")
}

type valueFS struct{ afero.Fs }
