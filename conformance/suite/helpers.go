package suite

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/vfs"
)

// path returns the name of an entry in the check's directory.
func (e *env) path(elem ...string) string {
	return filepath.Join(append([]string{e.dir}, elem...)...)
}

// writeFile creates a new file holding data, for a check's setup.
func writeFile(t tester, fsys vfs.Fs, name, data string) {
	t.Helper()
	f, err := fsys.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	require.NoError(t, err, "setup: create %s", name)
	_, err = f.Write([]byte(data))
	require.NoError(t, err, "setup: write %s", name)
	require.NoError(t, f.Close(), "setup: close %s", name)
}

// readFile returns the contents of the named file.
func readFile(t tester, fsys vfs.Fs, name string) string {
	t.Helper()
	f, err := fsys.Open(name)
	require.NoError(t, err, "open %s", name)
	defer f.Close()
	b, err := io.ReadAll(f)
	require.NoError(t, err, "read %s", name)
	return string(b)
}

// mkdir makes a directory for a check's setup.
func mkdir(t tester, fsys vfs.Fs, name string) {
	t.Helper()
	require.NoError(t, fsys.Mkdir(name, 0o700), "setup: mkdir %s", name)
}

// open opens name with flag, for a check's setup, and closes it when the
// check ends.
func open(t tester, fsys vfs.Fs, name string, flag int) vfs.File {
	t.Helper()
	f, err := fsys.OpenFile(name, flag, 0o600)
	require.NoError(t, err, "setup: open %s", name)
	t.Cleanup(func() { f.Close() })
	return f
}

// names returns the sorted names in directory dir.
func names(t tester, fsys vfs.Fs, dir string) []string {
	t.Helper()
	d, err := fsys.Open(dir)
	require.NoError(t, err, "open directory %s", dir)
	defer d.Close()
	list, err := d.Readdirnames(-1)
	require.NoError(t, err, "read directory %s", dir)
	sort.Strings(list)
	if list == nil {
		list = []string{}
	}
	return list
}

// absent asserts that nothing, not even a dangling symbolic link, exists
// at name.
func absent(t tester, fsys vfs.Fs, name, why string) bool {
	t.Helper()
	_, err := vfs.Lstat(fsys, name)
	return assert.ErrorIs(t, err, fs.ErrNotExist, "%s: %s must not exist", why, name)
}

// isPathError asserts that err is an *fs.PathError about name that
// matches target with errors.Is.
func isPathError(t tester, err error, op, name string, target error) bool {
	t.Helper()
	if !assert.Error(t, err, "%s %s must fail with an error matching %v", op, name, describeErr(target)) {
		return false
	}
	ok := assert.ErrorIs(t, err, target, "%s %s", op, name)
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		t.Errorf("%s %s: error %q (%T) is not an *fs.PathError", op, name, err, err)
		return false
	}
	return ok
}

// isLinkError asserts that err is an *os.LinkError matching target.
func isLinkError(t tester, err error, op string, target error) bool {
	t.Helper()
	if !assert.Error(t, err, "%s must fail with an error matching %v", op, describeErr(target)) {
		return false
	}
	ok := assert.ErrorIs(t, err, target, op)
	var le *os.LinkError
	if !errors.As(err, &le) {
		t.Errorf("%s: error %q (%T) is not an *os.LinkError", op, err, err)
		return false
	}
	return ok
}

// isRenameError asserts that err from Rename matches target and is an
// *os.LinkError or an *fs.PathError.
func isRenameError(t tester, err error, op string, target error) bool {
	t.Helper()
	if !assert.Error(t, err, "%s must fail with an error matching %v", op, describeErr(target)) {
		return false
	}
	ok := assert.ErrorIs(t, err, target, op)
	var le *os.LinkError
	var pe *fs.PathError
	if !errors.As(err, &le) && !errors.As(err, &pe) {
		t.Errorf("%s: error %q (%T) is neither an *os.LinkError nor an *fs.PathError", op, err, err)
		return false
	}
	return ok
}

func describeErr(err error) string {
	if errno, ok := err.(syscall.Errno); ok {
		return fmt.Sprintf("%s (%q)", errnoName(errno), errno.Error())
	}
	return fmt.Sprintf("%q", err.Error())
}

func errnoName(e syscall.Errno) string {
	switch e {
	case syscall.ENOTEMPTY:
		return "ENOTEMPTY"
	case syscall.EEXIST:
		return "EEXIST"
	case syscall.ENOENT:
		return "ENOENT"
	}
	return fmt.Sprintf("errno %d", uintptr(e))
}

// safely runs f, turning a panic into a failure. Goroutines a check starts
// run their bodies through it: a panic there cannot be recovered by the
// check's own goroutine.
func safely(t tester, what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panic: %v", what, r)
		}
	}()
	f()
}

// readAll returns the contents of the named file, for use where a failure
// must not end the check (in goroutines, or while counting).
func readAll(fsys vfs.Fs, name string) (string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return string(b), err
}

// isNotEmpty reports whether err says that a directory is not empty, with
// the errno the operating system gives.
func isNotEmpty(err error) bool {
	for _, target := range errNotEmpty {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
