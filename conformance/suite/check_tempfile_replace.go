package suite

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

func checkTempPersist(t tester, e *env) {
	target := e.path("target")
	writeFile(t, e.fsys, target, "old")
	f, err := tempfile.NewNamed(e.fsys, tempfile.WithDir(e.dir))
	require.NoError(t, err, "NewNamed")
	t.Cleanup(func() { f.Close() })
	tmp := f.Name()
	_, err = f.Write([]byte("new"))
	require.NoError(t, err)
	require.NoError(t, f.Persist(target), "Persist over an existing file")
	assert.Equal(t, target, f.Name(), "Name after Persist")
	assert.Equal(t, "new", readFile(t, e.fsys, target), "the target after Persist")
	absent(t, e.fsys, tmp, "the temporary name after Persist")
	_, err = f.Write([]byte("+"))
	assert.NoError(t, err, "the file stays open after Persist")
	assert.NoError(t, f.Close(), "Close after Persist")
	assert.Equal(t, "new+", readFile(t, e.fsys, target), "Close no longer removes a persisted file")
	assert.Equal(t, []string{"target"}, names(t, e.fsys, e.dir))
}

func checkTempNoClobber(t tester, e *env) {
	target, free := e.path("target"), e.path("free")
	writeFile(t, e.fsys, target, "old")
	f, err := tempfile.NewNamed(e.fsys, tempfile.WithDir(e.dir))
	require.NoError(t, err, "NewNamed")
	t.Cleanup(func() { f.Close() })
	tmp := f.Name()
	_, err = f.Write([]byte("new"))
	require.NoError(t, err)
	err = f.PersistNoClobber(target)
	if errors.Is(err, errors.ErrUnsupported) {
		assert.Equal(t, "old", readFile(t, e.fsys, target), "an unsupported PersistNoClobber changes nothing")
		if !t.Failed() {
			t.Skipf("%s can neither rename without replacing nor make hard links: %v", describe(e.fsys), err)
		}
		return
	}
	assert.ErrorIs(t, err, fs.ErrExist, "PersistNoClobber over an existing file")
	assert.Equal(t, "old", readFile(t, e.fsys, target), "a refused PersistNoClobber must not change the target")
	assert.Equal(t, tmp, f.Name(), "a refused PersistNoClobber keeps the temporary name")
	assert.Equal(t, "new", readFile(t, e.fsys, tmp), "a refused PersistNoClobber keeps the file")

	require.NoError(t, f.PersistNoClobber(free), "PersistNoClobber to a free name")
	assert.Equal(t, "new", readFile(t, e.fsys, free))
	// Where it links then removes, Windows may keep the removed name of
	// the open file until Close.
	pending := deletePending(e, tmp)
	if pending == "" {
		absent(t, e.fsys, tmp, "the temporary name after PersistNoClobber")
	}
	assert.NoError(t, f.Close())
	absent(t, e.fsys, tmp, "the temporary name after PersistNoClobber and Close")
	assert.Equal(t, []string{"free", "target"}, names(t, e.fsys, e.dir))
	if pending != "" && !t.Failed() {
		t.Skipf("PersistNoClobber left the temporary name until Close: %s", pending)
	}
}

// checkTempWriteFileAtomic replaces a target with WriteFile many times
// while readers read it whole: every read must see one complete version,
// and no temporary file may remain.
func checkTempWriteFileAtomic(t tester, e *env) {
	target := e.path("target")
	version := func(i int) []byte { return bytes.Repeat([]byte{byte('a' + i%26)}, tfWriteSize+i) }
	require.NoError(t, tempfile.WriteFile(e.fsys, target, version(0), 0o600), "WriteFile of a new file")

	whole := func(got string) bool {
		return len(got) >= tfWriteSize && strings.Count(got, got[:1]) == len(got) && len(got) == tfWriteSize+int(got[0]-'a')
	}
	var refused error // a WriteFile that Windows refused for a reader's handle
	torn, reads := readersDuring(t, e.fsys, target, "WriteFile", whole, func() {
		for i := 1; i <= tfWriteRounds; i++ {
			if err := tempfile.WriteFile(e.fsys, target, version(i), 0o600); sharingViolation(err) {
				refused = err
				break
			} else if !assert.NoError(t, err, "WriteFile over an existing file") {
				break
			}
		}
	})
	assert.Zero(t, torn, "reads of %s that saw an error or a partial file, of %d", target, reads)
	if refused != nil {
		assert.Equal(t, []string{"target"}, names(t, e.fsys, e.dir), "a refused WriteFile leaves no temporary file")
		skipSharingViolation(t, "WriteFile of "+target, refused)
	}
	assert.Equal(t, string(version(tfWriteRounds)), readFile(t, e.fsys, target), "the target after the last WriteFile")
	assert.Equal(t, []string{"target"}, names(t, e.fsys, e.dir), "no temporary file remains")
}

// errInjected is the error of the failures that checks inject.
var errInjected = fmt.Errorf("injected by the conformance check: %w", syscall.EIO)

// checkTempWriteFileFailure makes WriteFile fail at its last step, the
// rename, and abandons a Pending: the target must keep its content and no
// temporary file may remain.
func checkTempWriteFileFailure(t tester, e *env) {
	target := e.path("target")
	writeFile(t, e.fsys, target, "old")
	err := tempfile.WriteFile(renameFails{e.fsys}, target, []byte("new content"), 0o600)
	assert.ErrorIs(t, err, errInjected, "WriteFile whose rename fails must return the error")
	assert.Equal(t, "old", readFile(t, e.fsys, target), "a failed WriteFile must keep the old content")
	assert.Equal(t, []string{"target"}, names(t, e.fsys, e.dir), "a failed WriteFile must leave no temporary file")

	p, err := tempfile.NewPending(e.fsys, target, 0o600)
	require.NoError(t, err, "NewPending")
	_, err = p.Write([]byte("abandoned"))
	assert.NoError(t, err)
	assert.NoError(t, p.Cleanup(), "Pending.Cleanup")
	assert.Equal(t, "old", readFile(t, e.fsys, target), "an abandoned Pending must keep the old content")
	assert.Equal(t, []string{"target"}, names(t, e.fsys, e.dir), "an abandoned Pending must leave no temporary file")
}

// renameFails is the filesystem under test whose Rename fails. It keeps
// every capability of the filesystem, through the vfs helpers, so that
// tempfile takes the same path as on the filesystem itself.
type renameFails struct{ vfs.Fs }

func (r renameFails) Rename(oldname, newname string) error {
	return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: errInjected}
}
func (r renameFails) CreateExclusive(name string, perm fs.FileMode) (vfs.File, error) {
	return vfs.CreateExclusive(r.Fs, name, perm)
}
func (r renameFails) CreateAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	return vfs.CreateAnonymous(r.Fs, dir, perm)
}
func (r renameFails) CreatePublishable(dir string, perm fs.FileMode) (vfs.File, error) {
	return vfs.CreatePublishable(r.Fs, dir, perm)
}
func (r renameFails) Publish(f vfs.File, newname string) error {
	return vfs.Publish(r.Fs, f, newname)
}
func (r renameFails) Link(oldname, newname string) error { return vfs.Link(r.Fs, oldname, newname) }
func (r renameFails) RenameNoReplace(oldname, newname string) error {
	return vfs.RenameNoReplace(r.Fs, oldname, newname)
}
func (r renameFails) SyncDir(name string) error    { return vfs.SyncDir(r.Fs, name) }
func (r renameFails) RemoveTree(name string) error { return vfs.RemoveTree(r.Fs, name) }
func (r renameFails) TempDirs() []string           { return vfs.TempDirs(r.Fs) }
func (r renameFails) Getwd() (string, error)       { return vfs.Getwd(r.Fs) }
func (r renameFails) LstatIfPossible(name string) (fs.FileInfo, bool, error) {
	if l, ok := r.Fs.(afero.Lstater); ok {
		return l.LstatIfPossible(name)
	}
	fi, err := r.Fs.Stat(name)
	return fi, false, err
}
func (r renameFails) SymlinkIfPossible(oldname, newname string) error {
	return vfs.Symlink(r.Fs, oldname, newname)
}
func (r renameFails) ReadlinkIfPossible(name string) (string, error) {
	return vfs.Readlink(r.Fs, name)
}

var (
	_ vfs.ExclusiveFS       = renameFails{}
	_ vfs.AnonymousFS       = renameFails{}
	_ vfs.PublishFS         = renameFails{}
	_ vfs.LinkFS            = renameFails{}
	_ vfs.RenameNoReplaceFS = renameFails{}
	_ vfs.SyncDirFS         = renameFails{}
	_ vfs.RemoveTreeFS      = renameFails{}
	_ vfs.TempDirFS         = renameFails{}
	_ vfs.WorkingDirFS      = renameFails{}
	_ afero.Symlinker       = renameFails{}
)
