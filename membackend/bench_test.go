package membackend_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/membackend"
)

// peers are the filesystems every benchmark compares.
var peers = []struct {
	name string
	new  func() afero.Fs
}{
	{"membackend", func() afero.Fs { return membackend.New() }},
	{"MemMapFs", afero.NewMemMapFs},
}

// must stops the benchmark on an error. It does not call b.Helper, which
// costs more than some of the operations measured.
func must(b *testing.B, err error) {
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCreateCloseRemove creates, closes and removes one file.
func BenchmarkCreateCloseRemove(b *testing.B) {
	for _, p := range peers {
		b.Run("impl="+p.name, func(b *testing.B) {
			fsys := p.new()
			must(b, fsys.Mkdir("/d", 0o755))
			b.ReportAllocs()
			for b.Loop() {
				f, err := fsys.Create("/d/f")
				must(b, err)
				must(b, f.Close())
				must(b, fsys.Remove("/d/f"))
			}
		})
	}
}

// BenchmarkCreateCloseRemoveParallel does the same from every goroutine,
// each in its own directory. Run with -cpu 1,2: ns/op is wall time per
// operation, so the speed-up from 1 to 2 is the ratio of the two.
func BenchmarkCreateCloseRemoveParallel(b *testing.B) {
	for _, p := range peers {
		b.Run("impl="+p.name, func(b *testing.B) {
			createCloseRemoveParallel(b, p.new())
		})
	}
}

// BenchmarkCreateCloseRemoveParallel100k is BenchmarkCreateCloseRemoveParallel
// while 100 000 unrelated files exist, as in a test suite's filesystem
// rather than an empty one. The files also make the heap large enough that
// the garbage collector runs a tenth as often.
func BenchmarkCreateCloseRemoveParallel100k(b *testing.B) {
	for _, p := range peers {
		b.Run("impl="+p.name, func(b *testing.B) {
			fsys := p.new()
			populate(b, fsys)
			b.ResetTimer()
			createCloseRemoveParallel(b, fsys)
		})
	}
}

func createCloseRemoveParallel(b *testing.B, fsys afero.Fs) {
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		dir := fmt.Sprintf("/d%d", next.Add(1))
		must(b, fsys.Mkdir(dir, 0o755))
		name := dir + "/f"
		for pb.Next() {
			f, err := fsys.Create(name)
			must(b, err)
			must(b, f.Close())
			must(b, fsys.Remove(name))
		}
	})
}

// BenchmarkCPUScaling measures how much faster the machine runs work that
// shares nothing (hashing 4 KiB) with 2 goroutines than with 1: the
// ceiling for BenchmarkCreateCloseRemoveParallel's speed-up in the same
// run, on a machine that other work shares.
func BenchmarkCPUScaling(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		buf := make([]byte, 4096)
		for pb.Next() {
			sum := sha256.Sum256(buf)
			buf[0] = sum[0]
		}
	})
}

// BenchmarkAllocScaling makes, per op, the allocations that
// create+close+remove makes in memory and nothing else: a 128-byte and a
// 64-byte object holding pointers (an inode and its *File), entered in
// and removed from a map only this goroutine uses. Its speed-up from 1 to
// 2 goroutines is what the Go runtime gives for that garbage on the
// machine: with a heap under the collector's 4 MB minimum it collects
// every few milliseconds, and every collection stops both goroutines.
func BenchmarkAllocScaling(b *testing.B) {
	type file struct {
		p   *file
		pad [15]uint64
	}
	type handle struct {
		f   *file
		pad [7]uint64
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		dir := make(map[string]*file)
		var h *handle
		for pb.Next() {
			h = &handle{f: &file{}}
			dir["f"] = h.f
			delete(dir, "f")
		}
		runtime.KeepAlive(h)
	})
}

// populate makes 100 000 files in 100 directories under /big.
func populate(b *testing.B, fsys afero.Fs) {
	b.Helper()
	for d := range 100 {
		dir := fmt.Sprintf("/big/%d", d)
		must(b, fsys.MkdirAll(dir, 0o755))
		for i := range 1000 {
			f, err := fsys.Create(fmt.Sprintf("%s/%d", dir, i))
			must(b, err)
			must(b, f.Close())
		}
	}
}

// smallDir makes a directory holding two files and a subdirectory.
func smallDir(b *testing.B, fsys afero.Fs, dir string) {
	b.Helper()
	must(b, fsys.MkdirAll(dir+"/sub", 0o755))
	for _, n := range []string{"/a", "/sub/b"} {
		f, err := fsys.Create(dir + n)
		must(b, err)
		must(b, f.Close())
	}
}

// BenchmarkRename100k renames a small directory back and forth while
// 100 000 unrelated files exist.
func BenchmarkRename100k(b *testing.B) {
	for _, p := range peers {
		b.Run("impl="+p.name, func(b *testing.B) {
			fsys := p.new()
			populate(b, fsys)
			smallDir(b, fsys, "/s1")
			from, to := "/s1", "/s2"
			b.ReportAllocs()
			for b.Loop() {
				must(b, fsys.Rename(from, to))
				from, to = to, from
			}
		})
	}
}

// BenchmarkRemoveAll100k removes a small directory with RemoveAll while
// 100 000 unrelated files exist. Making the directory again is not timed.
func BenchmarkRemoveAll100k(b *testing.B) {
	for _, p := range peers {
		b.Run("impl="+p.name, func(b *testing.B) {
			fsys := p.new()
			populate(b, fsys)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				smallDir(b, fsys, "/s")
				b.StartTimer()
				must(b, fsys.RemoveAll("/s"))
			}
		})
	}
}

// BenchmarkWriteAt64MiB writes 4 KiB at offset 0 of a 64 MiB file.
func BenchmarkWriteAt64MiB(b *testing.B) {
	for _, p := range peers {
		b.Run("impl="+p.name, func(b *testing.B) {
			fsys := p.new()
			f, err := fsys.Create("/big")
			must(b, err)
			defer f.Close()
			chunk := make([]byte, 1<<20)
			for range 64 {
				_, err := f.Write(chunk)
				must(b, err)
			}
			buf := make([]byte, 4096)
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			for b.Loop() {
				_, err := f.WriteAt(buf, 0)
				must(b, err)
			}
		})
	}
}

// BenchmarkWrite1MiB creates a file, writes 1 MiB in 4 KiB chunks, and
// removes it.
func BenchmarkWrite1MiB(b *testing.B) {
	for _, p := range peers {
		b.Run("impl="+p.name, func(b *testing.B) {
			fsys := p.new()
			buf := make([]byte, 4096)
			b.SetBytes(1 << 20)
			b.ReportAllocs()
			for b.Loop() {
				f, err := fsys.OpenFile("/f", os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
				must(b, err)
				for range 256 {
					_, err := f.Write(buf)
					must(b, err)
				}
				must(b, f.Close())
				must(b, fsys.Remove("/f"))
			}
		})
	}
}

// BenchmarkStatDeep stats a file four directories down by its absolute
// name, and on membackend also by a name relative to a working directory
// (Chdir) two levels down: what resolving against the working directory
// costs next to resolving from "/".
func BenchmarkStatDeep(b *testing.B) {
	setup := func(b *testing.B, fsys afero.Fs) {
		must(b, fsys.MkdirAll("/a/b/c/d", 0o755))
		f, err := fsys.Create("/a/b/c/d/f")
		must(b, err)
		must(b, f.Close())
	}
	run := func(b *testing.B, fsys afero.Fs, name string) {
		b.ReportAllocs()
		for b.Loop() {
			_, err := fsys.Stat(name)
			must(b, err)
		}
	}
	for _, p := range peers {
		b.Run("impl="+p.name+"/names=absolute", func(b *testing.B) {
			fsys := p.new()
			setup(b, fsys)
			run(b, fsys, "/a/b/c/d/f")
		})
	}
	b.Run("impl=membackend/names=relative", func(b *testing.B) {
		fsys := membackend.New()
		setup(b, fsys)
		must(b, fsys.Chdir("/a/b"))
		run(b, fsys, "c/d/f")
	})
}
