package tempfile_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// permFS enforces owner permissions the way a non-root Unix user meets
// them, whoever runs the tests (root and afero's MemMapFs ignore them):
// removing an entry needs write and search permission on its directory,
// listing a directory needs read and search permission on it. With
// readOnlyFiles it also refuses to remove a file without owner write
// permission, as Windows does.
type permFS struct {
	vfs.Fs
	readOnlyFiles bool
}

func (p *permFS) LstatIfPossible(name string) (fs.FileInfo, bool, error) {
	fi, err := vfs.Lstat(p.Fs, name)
	return fi, true, err
}

func denied(op, name string) error {
	return &fs.PathError{Op: op, Path: name, Err: syscall.EACCES}
}

func (p *permFS) Remove(name string) error {
	parent, err := vfs.Lstat(p.Fs, filepath.Dir(name))
	if err != nil {
		return err
	}
	if parent.Mode().Perm()&0o300 != 0o300 {
		return denied("remove", name)
	}
	if p.readOnlyFiles {
		if fi, err := vfs.Lstat(p.Fs, name); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o200 == 0 {
			return denied("remove", name)
		}
	}
	return p.Fs.Remove(name)
}

func (p *permFS) Open(name string) (vfs.File, error) {
	if fi, err := p.Fs.Stat(name); err == nil && fi.IsDir() && fi.Mode().Perm()&0o500 != 0o500 {
		return nil, denied("open", name)
	}
	return p.Fs.Open(name)
}

func (p *permFS) OpenFile(name string, flag int, perm os.FileMode) (vfs.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE) == 0 {
		return p.Open(name)
	}
	return p.Fs.OpenFile(name, flag, perm)
}

// TestDirCleanupModesEnforced: every owner mode from 000 to 700 on the
// files and directories of the tree, with permissions enforced; Cleanup
// restores what it needs and removes everything (Python's test_modes).
func TestDirCleanupModesEnforced(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, inner vfs.Fs, dir string) {
		skipWindowsModes(t, inner, dir) // the double enforces Unix permission bits
		for _, readOnlyFiles := range []bool{false, true} {
			fsys := &permFS{Fs: inner, readOnlyFiles: readOnlyFiles}
			d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir))
			require.NoError(t, err)
			var dirs []string
			for m := fs.FileMode(0); m <= 0o700; m += 0o100 {
				sub := "d" + m.String()[1:4]
				require.NoError(t, d.WriteFile(sub+"/f", []byte("x")))
				require.NoError(t, d.WriteFile(sub+"/inner/g", []byte("y")))
				for _, rel := range []string{sub + "/f", sub + "/inner/g", sub + "/inner", sub} {
					p, err := d.Join(rel)
					require.NoError(t, err)
					require.NoError(t, fsys.Chmod(p, m))
				}
				p, _ := d.Join(sub)
				dirs = append(dirs, p)
			}
			require.NoError(t, fsys.Chmod(d.Path(), 0o500))

			// The double really enforces: a plain remove fails.
			assert.ErrorIs(t, fsys.Remove(dirs[0]), fs.ErrPermission)

			require.NoError(t, d.Cleanup(), "readOnlyFiles=%v", readOnlyFiles)
			assert.Empty(t, listDir(t, inner, dir))
		}
	})
}
