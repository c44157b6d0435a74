package tempfile_test

import (
	"os"
	"testing"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// benchDirs are the places the OS benchmarks run: tmpfs, where the system
// calls are cheap and library overhead shows, and the default temp dir.
func benchDirs(b *testing.B) []struct{ name, dir string } {
	var ds []struct{ name, dir string }
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		ds = append(ds, struct{ name, dir string }{"shm", "/dev/shm"})
	}
	ds = append(ds, struct{ name, dir string }{"tmp", os.TempDir()})
	for i := range ds {
		d, err := os.MkdirTemp(ds[i].dir, "bench")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(d) })
		ds[i].dir = d
	}
	return ds
}

// loop runs op as the benchmark's body and reports, besides time and
// allocations, the CPU time (user and system, all threads) per operation:
// on a shared machine wall time includes waiting for a CPU, CPU time does
// not.
func loop(b *testing.B, op func()) {
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		op()
	}
	if c0 != 0 {
		b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
	}
}

func check(b *testing.B, err error) {
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkNamed: a named temp file created, closed and removed.
func BenchmarkNamed(b *testing.B) {
	osfs := osbackend.New()
	aferoOS := afero.NewOsFs()
	for _, d := range benchDirs(b) {
		b.Run("fs="+d.name+"/impl=tempfile.NewNamed", func(b *testing.B) {
			loop(b, func() {
				f, err := tempfile.NewNamed(osfs, tempfile.WithDir(d.dir))
				check(b, err)
				check(b, f.Close())
			})
		})
		b.Run("fs="+d.name+"/impl=tempfile.CreateTemp", func(b *testing.B) {
			loop(b, func() {
				f, err := tempfile.CreateTemp(osfs, d.dir, "")
				check(b, err)
				check(b, f.Close())
				check(b, osfs.Remove(f.Name()))
			})
		})
		b.Run("fs="+d.name+"/impl=os.CreateTemp", func(b *testing.B) {
			loop(b, func() {
				f, err := os.CreateTemp(d.dir, "")
				check(b, err)
				check(b, f.Close())
				check(b, os.Remove(f.Name()))
			})
		})
		b.Run("fs="+d.name+"/impl=afero.TempFile-OsFs", func(b *testing.B) {
			loop(b, func() {
				f, err := afero.TempFile(aferoOS, d.dir, "")
				check(b, err)
				check(b, f.Close())
				check(b, aferoOS.Remove(f.Name()))
			})
		})
	}
}

// BenchmarkAnonymous: a temp file that no name refers to, against the
// peers' way of getting one (create, remove, close).
func BenchmarkAnonymous(b *testing.B) {
	osfs := osbackend.New()
	aferoOS := afero.NewOsFs()
	for _, d := range benchDirs(b) {
		b.Run("fs="+d.name+"/impl=tempfile.NewAnonymous", func(b *testing.B) {
			loop(b, func() {
				f, err := tempfile.NewAnonymous(osfs, tempfile.WithDir(d.dir))
				check(b, err)
				check(b, f.Close())
			})
		})
		b.Run("fs="+d.name+"/impl=os.CreateTemp+Remove", func(b *testing.B) {
			loop(b, func() {
				f, err := os.CreateTemp(d.dir, "")
				check(b, err)
				check(b, os.Remove(f.Name()))
				check(b, f.Close())
			})
		})
		b.Run("fs="+d.name+"/impl=afero.TempFile-OsFs+Remove", func(b *testing.B) {
			loop(b, func() {
				f, err := afero.TempFile(aferoOS, d.dir, "")
				check(b, err)
				check(b, aferoOS.Remove(f.Name()))
				check(b, f.Close())
			})
		})
	}
}

// BenchmarkMkdirTemp: a temp directory created and removed.
func BenchmarkMkdirTemp(b *testing.B) {
	osfs := osbackend.New()
	aferoOS := afero.NewOsFs()
	for _, d := range benchDirs(b) {
		b.Run("fs="+d.name+"/impl=tempfile.MkdirTemp", func(b *testing.B) {
			loop(b, func() {
				p, err := tempfile.MkdirTemp(osfs, d.dir, "")
				check(b, err)
				check(b, osfs.Remove(p))
			})
		})
		b.Run("fs="+d.name+"/impl=tempfile.NewDir", func(b *testing.B) {
			loop(b, func() {
				t, err := tempfile.NewDir(osfs, tempfile.WithDir(d.dir))
				check(b, err)
				check(b, t.Cleanup())
			})
		})
		b.Run("fs="+d.name+"/impl=os.MkdirTemp", func(b *testing.B) {
			loop(b, func() {
				p, err := os.MkdirTemp(d.dir, "")
				check(b, err)
				check(b, os.Remove(p))
			})
		})
		b.Run("fs="+d.name+"/impl=os.MkdirTemp+RemoveAll", func(b *testing.B) {
			loop(b, func() {
				p, err := os.MkdirTemp(d.dir, "")
				check(b, err)
				check(b, os.RemoveAll(p))
			})
		})
		b.Run("fs="+d.name+"/impl=afero.TempDir-OsFs", func(b *testing.B) {
			loop(b, func() {
				p, err := afero.TempDir(aferoOS, d.dir, "")
				check(b, err)
				check(b, aferoOS.Remove(p))
			})
		})
	}
}

// memBackends are the in-memory filesystems benchmarked.
var memBackends = []struct {
	name  string
	newFS func() vfs.Fs
}{
	{"afero-memmap", func() vfs.Fs { return afero.NewMemMapFs() }},
	{"membackend", func() vfs.Fs { return membackend.New() }},
}

// BenchmarkMemory: the same operations on in-memory filesystems, against
// afero's own TempFile and TempDir on MemMapFs.
func BenchmarkMemory(b *testing.B) {
	for _, m := range memBackends {
		fsys := m.newFS()
		check(b, fsys.MkdirAll("/tmp/bench", 0o700))
		const dir = "/tmp/bench"
		b.Run("fs="+m.name+"/impl=tempfile.NewNamed", func(b *testing.B) {
			loop(b, func() {
				f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir))
				check(b, err)
				check(b, f.Close())
			})
		})
		b.Run("fs="+m.name+"/impl=tempfile.NewAnonymous", func(b *testing.B) {
			loop(b, func() {
				f, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(dir))
				check(b, err)
				check(b, f.Close())
			})
		})
		b.Run("fs="+m.name+"/impl=tempfile.MkdirTemp", func(b *testing.B) {
			loop(b, func() {
				p, err := tempfile.MkdirTemp(fsys, dir, "")
				check(b, err)
				check(b, fsys.Remove(p))
			})
		})
	}
	fsys := afero.NewMemMapFs()
	check(b, fsys.MkdirAll("/tmp/bench", 0o700))
	b.Run("fs=afero-memmap/impl=afero.TempFile", func(b *testing.B) {
		loop(b, func() {
			f, err := afero.TempFile(fsys, "/tmp/bench", "")
			check(b, err)
			check(b, f.Close())
			check(b, fsys.Remove(f.Name()))
		})
	})
	b.Run("fs=afero-memmap/impl=afero.TempDir", func(b *testing.B) {
		loop(b, func() {
			p, err := afero.TempDir(fsys, "/tmp/bench", "")
			check(b, err)
			check(b, fsys.Remove(p))
		})
	})
}
