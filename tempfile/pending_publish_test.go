package tempfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
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

// pendingTempRE matches the temporary name of a replacement of "t".
var pendingTempRE = regexp.MustCompile(`^\.t\.[` + tempfile.Alphabet + `]{13}$`)

// nameRecorder is membackend that records each Publish and rename, with
// "TMP" for a temporary name, and the directory's names after each. With
// noChmod its publishable files cannot change their mode by handle.
type nameRecorder struct {
	*membackend.FS
	noChmod bool

	mu       sync.Mutex
	calls    []string
	listings [][]string
}

// noChmodFile hides the Chmod method of the file it wraps.
type noChmodFile struct{ vfs.File }

func (r *nameRecorder) short(name string) string {
	base := filepath.Base(name)
	if pendingTempRE.MatchString(base) {
		return "TMP"
	}
	return base
}

func (r *nameRecorder) record(call string) {
	var names []string
	if entries, err := afero.ReadDir(r.FS, "/d"); err == nil {
		for _, e := range entries {
			names = append(names, r.short(e.Name()))
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, call)
	r.listings = append(r.listings, names)
}

func (r *nameRecorder) CreatePublishable(dir string, perm fs.FileMode) (vfs.File, error) {
	f, err := r.FS.CreatePublishable(dir, perm)
	if err != nil || !r.noChmod {
		return f, err
	}
	return noChmodFile{f}, nil
}

func (r *nameRecorder) Publish(f vfs.File, newname string) error {
	if w, ok := f.(noChmodFile); ok {
		f = w.File
	}
	err := r.FS.Publish(f, newname)
	r.record("publish " + r.short(newname))
	return err
}

func (r *nameRecorder) Rename(oldname, newname string) error {
	err := r.FS.Rename(oldname, newname)
	r.record("rename " + r.short(oldname) + " " + r.short(newname))
	return err
}

func (r *nameRecorder) RenameNoReplace(oldname, newname string) error {
	err := r.FS.RenameNoReplace(oldname, newname)
	r.record("renamenoreplace " + r.short(oldname) + " " + r.short(newname))
	return err
}

// Where the filesystem publishes anonymous files, a new target (and any
// target with WithNoClobber) is linked straight to its name: no temporary
// name ever appears in the directory. Only the replacement of an existing
// target, or a mode that must be set by name, takes a temporary name and a
// rename.
func TestPendingPublishesStraightToTheTarget(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		exists    bool
		noClobber bool
		keepMode  bool
		noChmod   bool
		calls     []string
		listings  [][]string // the directory after each call
		err       error
	}{
		{name: "New", calls: []string{"publish t"}, listings: [][]string{{"t"}}},
		{name: "NewNoClobber", noClobber: true, calls: []string{"publish t"}, listings: [][]string{{"t"}}},
		{name: "NewKeepMode", keepMode: true, calls: []string{"publish t"}, listings: [][]string{{"t"}}},
		{name: "Replace", exists: true,
			calls:    []string{"publish TMP", "rename TMP t"},
			listings: [][]string{{"TMP", "t"}, {"t"}}},
		{name: "ReplaceNoClobber", exists: true, noClobber: true,
			calls: []string{"publish t"}, listings: [][]string{{"t"}}, err: fs.ErrExist},
		{name: "NewModeByName", keepMode: true, noChmod: true,
			calls: []string{"publish t"}, listings: [][]string{{"t"}}},
		{name: "ReplaceModeByName", exists: true, noChmod: true,
			calls:    []string{"publish TMP", "rename TMP t"},
			listings: [][]string{{"TMP", "t"}, {"t"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fsys := &nameRecorder{FS: membackend.New(membackend.WithUmask(0o022)), noChmod: tc.noChmod}
			require.NoError(t, fsys.MkdirAll("/d", 0o755))
			if tc.exists {
				require.NoError(t, afero.WriteFile(fsys.FS, "/d/t", []byte("old"), 0o644))
			}
			err := replaceFile(fsys, "/d/t", []byte("new"), 0o666, tc.keepMode, tc.noClobber)
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.calls, fsys.calls)
			assert.Equal(t, tc.listings, fsys.listings)

			want := "new"
			if tc.err != nil {
				want = "old"
			}
			got, rerr := afero.ReadFile(fsys.FS, "/d/t")
			require.NoError(t, rerr)
			assert.Equal(t, want, string(got))
			names, rerr := afero.ReadDir(fsys.FS, "/d")
			require.NoError(t, rerr)
			assert.Len(t, names, 1, "no temporary file remains")
			if tc.keepMode && !tc.exists {
				fi, err := fsys.Stat("/d/t")
				require.NoError(t, err)
				assert.Equal(t, fs.FileMode(0o644), fi.Mode().Perm(), "WithKeepMode without a target: perm less the umask")
			}
		})
	}
}

// The failures that can follow the link of a new target happen once the
// target has its new content: the error says so and nothing else is
// left. A failure of the link itself leaves no target.
func TestPendingPublishFailures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		fault   func(f *faultfs.FS)
		err     error
		created bool // the target has the new content
	}{
		{"LinkFails", func(f *faultfs.FS) { f.FailAt(faultfs.Rename, 1, syscall.EIO) }, syscall.EIO, false},
		{"CloseFails", func(f *faultfs.FS) { f.FailAt(faultfs.Close, 1, syscall.EIO) }, syscall.EIO, true},
		{"DirSyncFails", func(f *faultfs.FS) { f.FailAt(faultfs.Sync, 2, syscall.EIO) }, tempfile.ErrDirNotSynced, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := membackend.New()
			require.NoError(t, base.MkdirAll("/d", 0o755))
			fsys := faultfs.New(base)
			tc.fault(fsys)
			err := tempfile.WriteFile(fsys, "/d/t", []byte("new"), 0o600)
			assert.ErrorIs(t, err, tc.err)
			names, rerr := afero.ReadDir(base, "/d")
			require.NoError(t, rerr)
			if !tc.created {
				assert.Empty(t, names, "no target, no temporary file")
				return
			}
			var pe *fs.PathError
			if assert.ErrorAs(t, err, &pe) {
				assert.Equal(t, "/d/t", pe.Path, "the error names the target")
			}
			assert.Len(t, names, 1, "the target and nothing else")
			got, rerr := afero.ReadFile(base, "/d/t")
			require.NoError(t, rerr)
			assert.Equal(t, "new", string(got))
		})
	}
}

// On Linux's O_TMPFILE the new target is one linkat, with no rename; the
// replacement of an existing one is a linkat to the temporary name and a
// rename (faultfs counts links as renames).
func TestPendingPublishOSBackend(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("publishing anonymous files needs Linux's O_TMPFILE")
	}
	t.Parallel()
	dir := t.TempDir()
	requirePublish(t, dir)
	fsys := faultfs.New(osbackend.New())
	target := filepath.Join(dir, "t")
	require.NoError(t, tempfile.WriteFile(fsys, target, []byte("v1"), 0o600))
	assert.Equal(t, 1, fsys.Calls(faultfs.Rename), "one link, straight to the target")
	fsys.Reset()
	require.NoError(t, tempfile.WriteFile(fsys, target, []byte("v2"), 0o600))
	assert.Equal(t, 2, fsys.Calls(faultfs.Rename), "a link to the temporary name, the rename")
	got, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "v2", string(got))
	assert.Equal(t, []string{"t"}, osListDir(t, dir))
}

// requirePublish skips the test if the OS filesystem at dir cannot
// publish anonymous files (no O_TMPFILE).
func requirePublish(t *testing.T, dir string) {
	t.Helper()
	f, err := vfs.CreatePublishable(osbackend.New(), dir, 0o600)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("the filesystem at %s cannot publish anonymous files: %v", dir, err)
	}
	require.NoError(t, err)
	require.NoError(t, f.Close())
}
