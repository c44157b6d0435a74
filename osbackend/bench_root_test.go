package osbackend_test

import (
	"path/filepath"
	"testing"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// BenchmarkRoot measures create+close+remove of a file through a Root
// against the same through New() in the same directory, the directory of
// b.TempDir (set TMPDIR to move it: /tmp, /dev/shm). dir=top names a file
// in the directory itself, dir=sub one in a subdirectory of it: a Root
// opens the subdirectory through its descriptor on each call, where FS
// hands the whole path to the kernel. op=CreateExclusive is the bare
// create; op=CreateTemp is tempfile.CreateTemp with its random name.
func BenchmarkRoot(b *testing.B) {
	type impl struct {
		name string
		fsys func(b *testing.B, dir string) (vfs.Fs, string) // the filesystem and dir's name in it
	}
	impls := []impl{
		{"osbackend", func(b *testing.B, dir string) (vfs.Fs, string) { return osbackend.New(), dir }},
		{"root", func(b *testing.B, dir string) (vfs.Fs, string) {
			r, err := osbackend.OpenRoot(dir)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { r.Close() })
			return r, "/"
		}},
	}
	ops := []struct {
		name   string
		create func(fsys vfs.Fs, dir string) (vfs.File, error)
	}{
		{"CreateExclusive", func(fsys vfs.Fs, dir string) (vfs.File, error) {
			return vfs.CreateExclusive(fsys, filepath.Join(dir, "f"), 0o600)
		}},
		{"CreateTemp", func(fsys vfs.Fs, dir string) (vfs.File, error) {
			return tempfile.CreateTemp(fsys, dir, "")
		}},
	}
	for _, op := range ops {
		for _, sub := range []string{"top", "sub"} {
			for _, im := range impls {
				b.Run("op="+op.name+"/dir="+sub+"/impl="+im.name, func(b *testing.B) {
					fsys, dir := im.fsys(b, b.TempDir())
					if sub == "sub" {
						dir = filepath.Join(dir, "sub")
						if err := fsys.Mkdir(dir, 0o700); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportAllocs()
					for b.Loop() {
						f, err := op.create(fsys, dir)
						if err != nil {
							b.Fatal(err)
						}
						if err := f.Close(); err != nil {
							b.Fatal(err)
						}
						if err := fsys.Remove(f.Name()); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
