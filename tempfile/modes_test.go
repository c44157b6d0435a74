package tempfile_test

import (
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

func modeOf(t *testing.T, fsys vfs.Fs, name string) fs.FileMode {
	t.Helper()
	fi, err := fsys.Stat(name)
	require.NoError(t, err)
	return fi.Mode().Perm()
}

// TestWriteFileKeepsMode: over an existing file, WriteFile and Pending
// keep its mode exactly, as os.WriteFile does, whatever the umask and
// perm; WithStaticMode sets perm instead.
func TestWriteFileKeepsMode(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		target := filepath.Join(dir, "t")
		require.NoError(t, afero.WriteFile(fsys, target, []byte("old"), 0o600))
		require.NoError(t, fsys.Chmod(target, 0o754))
		require.NoError(t, tempfile.WriteFile(fsys, target, []byte("new"), 0o600))
		assert.Equal(t, filePerm(t, fsys, dir, 0o754), modeOf(t, fsys, target), "the old mode stays")
		assert.Equal(t, "new", readFile(t, fsys, target))

		p, err := tempfile.NewPending(fsys, target, 0o600)
		require.NoError(t, err)
		_, err = p.Write([]byte("newer"))
		require.NoError(t, err)
		require.NoError(t, p.Commit())
		assert.Equal(t, filePerm(t, fsys, dir, 0o754), modeOf(t, fsys, target))

		require.NoError(t, tempfile.WriteFile(fsys, target, []byte("static"), 0o640, tempfile.WithStaticMode()))
		assert.Equal(t, filePerm(t, fsys, dir, 0o640), modeOf(t, fsys, target), "WithStaticMode: perm exactly")
		assert.Equal(t, []string{"t"}, listDir(t, fsys, dir))
	})
}

// TestWriteFileNewMode: a new target gets perm less the umask, with and
// without WithKeepMode; WithStaticMode gives perm whatever the umask.
func TestWriteFileNewMode(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(membackend.WithUmask(0o027))
	for _, tc := range []struct {
		name string
		opts []tempfile.Option
		want fs.FileMode
	}{
		{"default", nil, 0o640},
		{"WithKeepMode", []tempfile.Option{tempfile.WithKeepMode()}, 0o640},
		{"WithStaticMode", []tempfile.Option{tempfile.WithStaticMode()}, 0o666},
	} {
		target := "/tmp/" + tc.name
		require.NoError(t, tempfile.WriteFile(fsys, target, []byte("x"), 0o666, tc.opts...))
		assert.Equal(t, tc.want, modeOf(t, fsys, target), tc.name)
	}
	err := tempfile.WriteFile(fsys, "/tmp/both", nil, 0o600, tempfile.WithKeepMode(), tempfile.WithStaticMode())
	assert.ErrorIs(t, err, fs.ErrInvalid, "WithKeepMode and WithStaticMode conflict")
	assert.Contains(t, err.Error(), "WriteFile", "the error names the function called")
	_, err = tempfile.NewPending(fsys, "/tmp/x", 0o600, tempfile.WithKeep())
	assert.ErrorContains(t, err, "NewPending does not take WithKeep")
	err = tempfile.WriteFile(fsys, "/tmp/x", nil, 0o600, tempfile.WithKeep())
	assert.ErrorContains(t, err, "WriteFile does not take WithKeep")
}

// TestPendingClose: Close before Commit abandons the content and leaves
// nothing; Commit after it fails with fs.ErrClosed; Close after Commit
// does nothing.
func TestPendingClose(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		target := filepath.Join(dir, "t")
		writeFile(t, fsys, target, "old")
		p, err := tempfile.NewPending(fsys, target, 0o600)
		require.NoError(t, err)
		_, err = p.Write([]byte("new"))
		require.NoError(t, err)
		require.NoError(t, p.Close())
		assert.ErrorIs(t, p.Commit(), fs.ErrClosed)
		assert.Equal(t, "old", readFile(t, fsys, target))
		assert.Equal(t, []string{"t"}, listDir(t, fsys, dir), "no temporary file is left")

		p, err = tempfile.NewPending(fsys, target, 0o600)
		require.NoError(t, err)
		_, err = p.Write([]byte("new"))
		require.NoError(t, err)
		require.NoError(t, p.Commit())
		assert.NoError(t, p.Close(), "Close after Commit does nothing")
		assert.Equal(t, "new", readFile(t, fsys, target))
	})
}

// TestPendingTracked: a Pending is listed until it is committed or
// cleaned up, with WithTracker or an attached tracker.
func TestPendingTracked(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	tr := tempfile.NewTracker()
	p, err := tempfile.NewPending(fsys, "/tmp/t", 0o600, tempfile.WithTracker(tr))
	require.NoError(t, err)
	live := tr.Live()
	require.Len(t, live, 1)
	assert.Equal(t, tempfile.KindPending, live[0].Kind)
	assert.Equal(t, "/tmp/t", live[0].Path)
	require.NoError(t, p.Commit())
	assert.Empty(t, tr.Live())

	at := tempfile.NewTracker()
	detach, err := at.Attach(fsys)
	require.NoError(t, err)
	defer detach()
	p, err = tempfile.NewPending(fsys, "/tmp/u", 0o600)
	require.NoError(t, err)
	assert.Len(t, at.Live(), 1)
	require.NoError(t, p.Cleanup())
	assert.Empty(t, at.Live())
	require.NoError(t, tempfile.WriteFile(fsys, "/tmp/v", []byte("x"), 0o600, tempfile.WithTracker(tr)))
	assert.Empty(t, tr.Live(), "a committed WriteFile leaves nothing listed")
	assert.Empty(t, at.Live())
}

// TestZeroValues: the zero values of the package's types return errors
// matching fs.ErrInvalid, or harmless answers, rather than panic.
func TestZeroValues(t *testing.T) {
	t.Parallel()
	errs := map[string]func() error{
		"Dir.Cleanup":        func() error { return (&tempfile.Dir{}).Cleanup() },
		"Dir.WriteFile":      func() error { return (&tempfile.Dir{}).WriteFile("a", nil) },
		"Dir.MkdirAll":       func() error { return (&tempfile.Dir{}).MkdirAll("a") },
		"File.Close":         func() error { return (&tempfile.File{}).Close() },
		"File.Remove":        func() error { return (&tempfile.File{}).Remove() },
		"File.Persist":       func() error { return (&tempfile.File{}).Persist("/x") },
		"File.NoClobber":     func() error { return (&tempfile.File{}).PersistNoClobber("/x") },
		"Pending.Commit":     func() error { return (&tempfile.Pending{}).Commit() },
		"Pending.Cleanup":    func() error { return (&tempfile.Pending{}).Cleanup() },
		"Pending.Close":      func() error { return (&tempfile.Pending{}).Close() },
		"Pool.Get":           func() error { _, err := (&tempfile.Pool{}).Get(); return err },
		"Pool.Put":           func() error { return (&tempfile.Pool{}).Put(nil) },
		"Pool.Close":         func() error { return (&tempfile.Pool{}).Close() },
		"Spooled.Rollover":   func() error { return (&tempfile.Spooled{}).Rollover() },
		"Tracker.CleanupAll": func() error { return (&tempfile.Tracker{}).CleanupAll() },
	}
	for name, call := range errs {
		var err error
		require.NotPanics(t, func() { err = call() }, name)
		if name == "Tracker.CleanupAll" {
			assert.NoError(t, err, name)
			continue
		}
		assert.ErrorIs(t, err, fs.ErrInvalid, name)
	}
	assert.NotPanics(t, func() {
		(&tempfile.Dir{}).Keep()
		(&tempfile.File{}).Keep()
		assert.Equal(t, 0, (&tempfile.Pool{}).Idle())
		assert.Equal(t, "", (&tempfile.Dir{}).Path())
		assert.Empty(t, (&tempfile.Tracker{}).Live())
		assert.Zero(t, (&tempfile.MemoryBudget{}).Used())
	})
	var s tempfile.Spooled // in memory, no limit
	n, err := s.Write([]byte("in memory"))
	require.NoError(t, err)
	assert.Equal(t, 9, n)
	got := make([]byte, 9)
	_, err = s.ReadAt(got, 0)
	require.NoError(t, err)
	assert.Equal(t, "in memory", string(got))
	assert.False(t, s.Rolled())
	require.NoError(t, s.Close())
}
