package suite

import (
	"errors"
	"io/fs"
	"os"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/vfs"
)

var capSymlink = &capability{"afero.Symlinker", func(fsys vfs.Fs) bool {
	_, ok := fsys.(afero.Symlinker)
	return ok
}}

const promiseNoFollow = "vfs.ExclusiveFS: If anything exists at name (a file, a directory or a symbolic link, dangling or not), it fails with an error matching fs.ErrExist and changes nothing. vfs: POSIX O_CREAT|O_EXCL fails on a symbolic link at the final component even when the link dangles."

func init() {
	register("Symlink",
		testCase{
			name:    "ExclusiveDangling",
			promise: promiseNoFollow,
			needs:   capSymlink,
			run: func(t tester, e *env) {
				checkNoFollow(t, e, "vfs.CreateExclusive", func(name string) (vfs.File, error) {
					return vfs.CreateExclusive(e.fsys, name, 0o600)
				}, false)
			},
		},
		testCase{
			name:    "OpenFileExclDangling",
			promise: promiseNoFollow,
			needs:   capSymlink,
			run: func(t tester, e *env) {
				checkNoFollow(t, e, "OpenFile(O_RDWR|O_CREATE|O_EXCL)", func(name string) (vfs.File, error) {
					return e.fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
				}, false)
			},
		},
		testCase{
			name:    "ExclusiveToFile",
			promise: promiseNoFollow,
			needs:   capSymlink,
			run: func(t tester, e *env) {
				checkNoFollow(t, e, "vfs.CreateExclusive", func(name string) (vfs.File, error) {
					return vfs.CreateExclusive(e.fsys, name, 0o600)
				}, true)
			},
		},
		testCase{
			name:    "Lstat",
			promise: "afero.Symlinker: Lstat does not follow a symbolic link at the final component, and Readlink returns the link's destination.",
			needs:   capSymlink,
			run: func(t tester, e *env) {
				target, link := e.path("target"), e.path("link")
				symlink(t, e, target, link)
				fi, err := vfs.Lstat(e.fsys, link)
				if assert.NoError(t, err, "Lstat of the dangling link %s", link) {
					assert.Equal(t, fs.ModeSymlink, fi.Mode().Type(), "Lstat %s: mode %v", link, fi.Mode())
				}
				got, err := vfs.Readlink(e.fsys, link)
				assert.NoError(t, err, "Readlink %s", link)
				assert.Equal(t, target, got, "Readlink %s", link)
			},
		},
	)
}

// symlink makes link point at target, or skips the check if the
// filesystem cannot make symbolic links after all: it says so with an
// error wrapping errors.ErrUnsupported, Windows refuses for want of the
// privilege, or the link it reported making is not there.
func symlink(t tester, e *env, target, link string) {
	t.Helper()
	err := vfs.Symlink(e.fsys, target, link)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("%s cannot make symbolic links: %v", describe(e.fsys), err)
	}
	if errors.Is(err, errPrivilegeNotHeld) {
		t.Skipf("%s cannot make symbolic links without a privilege, as Windows does: %v", describe(e.fsys), err)
	}
	require.NoError(t, err, "setup: symlink %s -> %s", link, target)
	checkSymlinkMade(t, e, link)
}

// checkNoFollow plants a symbolic link at a name and checks that create
// refuses the name and does not touch the link's target: missing (a
// dangling link) or, if toFile, an existing file.
func checkNoFollow(t tester, e *env, what string, create func(string) (vfs.File, error), toFile bool) {
	target, link := e.path("target"), e.path("link")
	if toFile {
		writeFile(t, e.fsys, target, "secret")
	}
	symlink(t, e, target, link)
	f, err := create(link)
	if f != nil {
		_, _ = f.Write([]byte("attacker"))
		f.Close()
	}
	isPathError(t, err, what, link, fs.ErrExist)
	if toFile {
		assert.Equal(t, "secret", readFile(t, e.fsys, target), "%s through a symbolic link must not change the link's target", what)
	} else {
		absent(t, e.fsys, target, what+" of a dangling symbolic link must not create its target")
	}
	fi, err := vfs.Lstat(e.fsys, link)
	if assert.NoError(t, err, "Lstat %s", link) {
		assert.Equal(t, fs.ModeSymlink, fi.Mode().Type(), "a failed %s must leave the symbolic link %s", what, link)
	}
}
