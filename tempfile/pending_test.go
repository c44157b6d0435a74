package tempfile_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/faultfs"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// replaceBackends are the OS backends, with and without the capability
// interfaces: the plain one takes the named-temporary-file path.
var replaceBackends = backends[:2]

func osListDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := []string{}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFile(t *testing.T) {
	t.Parallel()
	for _, b := range replaceBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := b.newFS(t)
			target := filepath.Join(dir, "config.json")

			require.NoError(t, replaceFile(fsys, target, []byte("v1"), 0o640, false, false))
			got, err := os.ReadFile(target)
			require.NoError(t, err)
			assert.Equal(t, "v1", string(got))
			fi, err := os.Stat(target)
			require.NoError(t, err)
			assert.Equal(t, filePerm(t, fsys, dir, 0o640&^umask(t)), fi.Mode().Perm())

			require.NoError(t, replaceFile(fsys, target, []byte("version 2"), 0o600, false, false))
			got, err = os.ReadFile(target)
			require.NoError(t, err)
			assert.Equal(t, "version 2", string(got))
			assert.Equal(t, []string{"config.json"}, osListDir(t, dir), "no temporary file remains")
		})
	}
}

func TestWriteFileKeepMode(t *testing.T) {
	t.Parallel()
	for _, b := range replaceBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := b.newFS(t)
			target := filepath.Join(dir, "script")
			require.NoError(t, os.WriteFile(target, []byte("old"), 0o600))
			require.NoError(t, os.Chmod(target, 0o751))

			require.NoError(t, replaceFile(fsys, target, []byte("new"), 0o600, true, false))
			fi, err := os.Stat(target)
			require.NoError(t, err)
			assert.Equal(t, filePerm(t, fsys, dir, 0o751), fi.Mode().Perm(), "the old mode is kept exactly")

			fresh := filepath.Join(dir, "fresh")
			require.NoError(t, replaceFile(fsys, fresh, []byte("x"), 0o600, true, false))
			fi, err = os.Stat(fresh)
			require.NoError(t, err)
			assert.Equal(t, filePerm(t, fsys, dir, 0o600), fi.Mode().Perm(), "without a target, perm applies")
		})
	}
}

// bareFS hides every optional interface of a filesystem, so that
// NewPending takes the named-temporary-file path.
type bareFS struct{ vfs.Fs }

// WithKeepMode keeps the replaced file's mode exactly on a filesystem
// whose umask would take bits off and whose files cannot change their
// mode by handle, whether the new content is written to an anonymous
// file (membackend publishes one) or to a named temporary file.
func TestWriteFileKeepModeWhateverTheUmask(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		newFS func() vfs.Fs
	}{
		{"anonymous", func() vfs.Fs { return membackend.New(membackend.WithUmask(0o022)) }},
		{"named", func() vfs.Fs { return bareFS{membackend.New(membackend.WithUmask(0o022))} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fsys := tc.newFS()
			require.NoError(t, fsys.MkdirAll("/d", 0o755))
			target := "/d/t"
			require.NoError(t, tempfile.WriteFile(fsys, target, []byte("old"), 0o600))
			require.NoError(t, fsys.Chmod(target, 0o666))

			require.NoError(t, tempfile.WriteFile(fsys, target, []byte("new"), 0o600, tempfile.WithKeepMode()))
			fi, err := fsys.Stat(target)
			require.NoError(t, err)
			assert.Equal(t, fs.FileMode(0o666), fi.Mode().Perm(), "the old mode is kept, umask or not")
			got, err := afero.ReadFile(fsys, target)
			require.NoError(t, err)
			assert.Equal(t, "new", string(got))
			names, err := afero.ReadDir(fsys, "/d")
			require.NoError(t, err)
			assert.Len(t, names, 1, "no temporary file remains")
		})
	}
}

// A failure to set the kept mode fails the commit: the target is
// untouched and no temporary file remains.
func TestWriteFileKeepModeChmodFails(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		base func() vfs.Fs
	}{
		{"anonymous", func() vfs.Fs { return membackend.New() }},
		{"named", func() vfs.Fs { return bareFS{membackend.New()} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := tc.base()
			require.NoError(t, base.MkdirAll("/d", 0o755))
			target := "/d/t"
			require.NoError(t, afero.WriteFile(base, target, []byte("old"), 0o640))
			fsys := faultfs.New(base)
			fsys.FailFrom(faultfs.Chmod, 1, syscall.EPERM)

			err := tempfile.WriteFile(fsys, target, []byte("new"), 0o600, tempfile.WithKeepMode())
			assert.ErrorIs(t, err, syscall.EPERM)
			got, rerr := afero.ReadFile(base, target)
			require.NoError(t, rerr)
			assert.Equal(t, "old", string(got), "the target is untouched")
			names, rerr := afero.ReadDir(base, "/d")
			require.NoError(t, rerr)
			assert.Len(t, names, 1, "no temporary file remains")
		})
	}
}

func TestWriteFileNoClobber(t *testing.T) {
	t.Parallel()
	for _, b := range replaceBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := b.newFS(t)
			target := filepath.Join(dir, "t")
			require.NoError(t, os.WriteFile(target, []byte("original"), 0o600))

			err := replaceFile(fsys, target, []byte("intruder"), 0o600, false, true)
			if _, plain := fsys.(*plainFS); plain {
				assert.ErrorIs(t, err, errors.ErrUnsupported, "no safe no-clobber rename without links")
			} else {
				assert.ErrorIs(t, err, fs.ErrExist)
			}
			got, rerr := os.ReadFile(target)
			require.NoError(t, rerr)
			assert.Equal(t, "original", string(got))
			assert.Equal(t, []string{"t"}, osListDir(t, dir))

			if _, plain := fsys.(*plainFS); !plain {
				other := filepath.Join(dir, "new")
				require.NoError(t, replaceFile(fsys, other, []byte("n"), 0o600, false, true))
				got, err := os.ReadFile(other)
				require.NoError(t, err)
				assert.Equal(t, "n", string(got))
			}
		})
	}
}

// Every failure before the rename leaves the target byte for byte as it
// was and removes the temporary file.
func TestWriteFileFailuresLeaveTargetUntouched(t *testing.T) {
	t.Parallel()
	for _, b := range replaceBackends {
		for _, tc := range []struct {
			name  string
			fault func(f *faultfs.FS)
		}{
			{"CreateFails", func(f *faultfs.FS) { f.FailFrom(faultfs.Open, 1, syscall.EACCES) }},
			{"DiskFull", func(f *faultfs.FS) { f.LimitWrites(3) }},
			{"WriteFails", func(f *faultfs.FS) { f.FailFrom(faultfs.Write, 1, syscall.EIO) }},
			{"SyncFails", func(f *faultfs.FS) { f.FailFrom(faultfs.Sync, 1, syscall.EIO) }},
			{"CloseFails", func(f *faultfs.FS) { f.FailFrom(faultfs.Close, 1, syscall.EIO) }},
			{"RenameFails", func(f *faultfs.FS) { f.FailFrom(faultfs.Rename, 1, syscall.EXDEV) }},
			{"ChmodFails", func(f *faultfs.FS) { f.FailFrom(faultfs.Chmod, 1, syscall.EPERM) }},
		} {
			t.Run(b.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				base, dir := b.newFS(t)
				fsys := faultfs.New(base)
				target := filepath.Join(dir, "target")
				old := bytes.Repeat([]byte("old content "), 100)
				require.NoError(t, os.WriteFile(target, old, 0o644))

				tc.fault(fsys)
				err := replaceFile(fsys, target, []byte("new content"), 0o644, tc.name == "ChmodFails", false)
				require.Error(t, err)
				got, rerr := os.ReadFile(target)
				require.NoError(t, rerr)
				assert.True(t, bytes.Equal(old, got), "the target is untouched")
				assert.Equal(t, []string{"target"}, osListDir(t, dir), "no temporary file remains")
			})
		}
	}
}

// A failed directory sync comes after the rename: the new content is in
// place, nothing else remains, and the error is reported.
func TestWriteFileDirSyncFails(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fsys := faultfs.New(osbackend.New())
	target := filepath.Join(dir, "target")
	fsys.FailFrom(faultfs.Sync, 2, syscall.EIO)
	err := replaceFile(fsys, target, []byte("new"), 0o600, false, false)
	assert.ErrorIs(t, err, syscall.EIO)
	assert.ErrorIs(t, err, tempfile.ErrDirNotSynced)
	got, rerr := os.ReadFile(target)
	require.NoError(t, rerr)
	assert.Equal(t, "new", string(got))
	assert.Equal(t, []string{"target"}, osListDir(t, dir))
}

// Commit replaces the target before it syncs the directory: if only the
// directory sync fails, the error says so with ErrDirNotSynced, the new
// content is in place and no temporary file remains. Any other failure
// matches no ErrDirNotSynced.
func TestPendingCommitDirSyncFails(t *testing.T) {
	t.Parallel()
	for _, b := range replaceBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			base, dir := b.newFS(t)
			fsys := faultfs.New(base)
			target := filepath.Join(dir, "target")
			require.NoError(t, os.WriteFile(target, []byte("old"), 0o600))
			p, err := tempfile.NewPending(fsys, target, 0o600)
			require.NoError(t, err)
			defer p.Cleanup()
			_, err = p.Write([]byte("new"))
			require.NoError(t, err)

			fsys.FailFrom(faultfs.Sync, fsys.Calls(faultfs.Sync)+2, syscall.EIO) // the file's sync passes, the directory's fails
			err = p.Commit()
			assert.ErrorIs(t, err, tempfile.ErrDirNotSynced)
			assert.ErrorIs(t, err, syscall.EIO)
			var pe *fs.PathError
			if assert.ErrorAs(t, err, &pe) {
				assert.Equal(t, target, pe.Path)
			}
			got, rerr := os.ReadFile(target)
			require.NoError(t, rerr)
			assert.Equal(t, "new", string(got), "the target was replaced before the directory sync")
			assert.Equal(t, []string{"target"}, osListDir(t, dir), "no temporary file remains")
			assert.NoError(t, p.Cleanup())

			fsys.Reset()
			fsys.FailFrom(faultfs.Sync, 1, syscall.EIO)
			err = replaceFile(fsys, target, []byte("newer"), 0o600, false, false)
			assert.ErrorIs(t, err, syscall.EIO)
			assert.NotErrorIs(t, err, tempfile.ErrDirNotSynced, "the file's own sync failed, before the rename")
		})
	}
}

// Readers racing with replacements see the old content or the new, never
// a mix or an empty file.
func TestWriteFileReadersNeverSeeAPartialTarget(t *testing.T) {
	t.Parallel()
	for _, b := range replaceBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := b.newFS(t)
			target := filepath.Join(dir, "t")
			versions := [][]byte{bytes.Repeat([]byte("A"), 256<<10), bytes.Repeat([]byte("B"), 256<<10)}
			require.NoError(t, os.WriteFile(target, versions[0], 0o600))

			var stop atomic.Bool
			var reads atomic.Int64
			var wg sync.WaitGroup
			for range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for !stop.Load() {
						got, err := os.ReadFile(target)
						if windowsRefusal(err) {
							continue // an open while the target is replaced; no mix seen
						}
						if !assert.NoError(t, err) {
							return
						}
						reads.Add(1)
						if !bytes.Equal(got, versions[0]) && !bytes.Equal(got, versions[1]) {
							assert.Fail(t, "a reader saw a partial target", "%d bytes", len(got))
							return
						}
					}
				}()
			}
			var refused error
			for i := range 30 {
				err := replaceFile(fsys, target, versions[i%2], 0o600, false, false)
				if windowsRefusal(err) {
					refused = err
					break
				}
				require.NoError(t, err)
			}
			stop.Store(true)
			wg.Wait()
			assert.Equal(t, []string{"t"}, osListDir(t, dir))
			if refused != nil {
				t.Skipf("Windows refuses to replace a file that readers hold open without FILE_SHARE_DELETE (os.ReadFile's handles): %v", refused)
			}
			assert.Positive(t, reads.Load())
		})
	}
}

func TestPendingCleanupAfterCommitIsANoOp(t *testing.T) {
	t.Parallel()
	for _, b := range replaceBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := b.newFS(t)
			target := filepath.Join(dir, "t")
			p, err := tempfile.NewPending(fsys, target, 0o600)
			require.NoError(t, err)
			defer p.Cleanup()
			assert.Equal(t, target, p.Name())
			_, err = p.Write([]byte("hello"))
			require.NoError(t, err)
			_, err = os.Stat(target)
			assert.ErrorIs(t, err, fs.ErrNotExist, "nothing is visible before Commit")

			require.NoError(t, p.Commit())
			assert.NoError(t, p.Cleanup())
			assert.NoError(t, p.Cleanup())
			assert.ErrorIs(t, p.Commit(), fs.ErrClosed)
			_, err = p.Write([]byte("late"))
			assert.Error(t, err, "writing after Commit fails and does not panic")
			got, err := os.ReadFile(target)
			require.NoError(t, err)
			assert.Equal(t, "hello", string(got))
		})
	}
}

func TestPendingAbandoned(t *testing.T) {
	t.Parallel()
	for _, b := range replaceBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := b.newFS(t)
			target := filepath.Join(dir, "t")
			p, err := tempfile.NewPending(fsys, target, 0o600)
			require.NoError(t, err)
			_, err = p.Write([]byte("never"))
			require.NoError(t, err)
			require.NoError(t, p.Cleanup())
			assert.Empty(t, osListDir(t, dir))
			assert.ErrorIs(t, p.Commit(), fs.ErrClosed)
		})
	}
}

func TestWriteFileMissingDir(t *testing.T) {
	t.Parallel()
	for _, b := range replaceBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := b.newFS(t)
			err := replaceFile(fsys, filepath.Join(dir, "no", "t"), []byte("x"), 0o600, false, false)
			assert.ErrorIs(t, err, fs.ErrNotExist)
			var pe *fs.PathError
			assert.ErrorAs(t, err, &pe)
		})
	}
}

func umask(t *testing.T) fs.FileMode {
	t.Helper()
	dir := t.TempDir()
	name := filepath.Join(dir, "probe")
	require.NoError(t, os.WriteFile(name, nil, 0o777))
	fi, err := os.Stat(name)
	require.NoError(t, err)
	return 0o777 &^ fi.Mode().Perm()
}

// replaceFile calls WriteFile with the options the flags name.
func replaceFile(fsys vfs.Fs, name string, data []byte, perm fs.FileMode, keepMode, noClobber bool) error {
	var opts []tempfile.Option
	if keepMode {
		opts = append(opts, tempfile.WithKeepMode())
	}
	if noClobber {
		opts = append(opts, tempfile.WithNoClobber())
	}
	return tempfile.WriteFile(fsys, name, data, perm, opts...)
}

func TestWriteFileRejectsBadArguments(t *testing.T) {
	t.Parallel()
	fsys, dir := osbackend.New(), t.TempDir()
	target := filepath.Join(dir, "t")
	assert.ErrorIs(t, tempfile.WriteFile(fsys, target, nil, 0o600, tempfile.WithPrefix("x")), fs.ErrInvalid)
	assert.ErrorIs(t, tempfile.WriteFile(fsys, target, nil, 0o600, tempfile.WithNoClobber(), tempfile.WithNoClobber()), fs.ErrInvalid)
	err := tempfile.WriteFile(fsys, target, nil, fs.ModeSetuid|0o600)
	assert.ErrorIs(t, err, fs.ErrInvalid)
	var pe *fs.PathError
	assert.ErrorAs(t, err, &pe)
	assert.Empty(t, osListDir(t, dir), "nothing is created on bad arguments")
}
