package tempfile_test

import (
	"bytes"
	"os"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

var chunk4K = bytes.Repeat([]byte("x"), 4096)

// BenchmarkSpooledWrite writes a whole file in 4 KiB chunks, many files in
// a row, as a server spooling uploads does. The floor is a fresh
// bytes.Buffer per file.
func BenchmarkSpooledWrite(b *testing.B) {
	fsys, dir := osbackend.New(), b.TempDir()
	for _, size := range []struct {
		name string
		n    int
	}{{"4KiB", 4 << 10}, {"64KiB", 64 << 10}, {"1MiB", 1 << 20}} {
		b.Run("size="+size.name+"/impl=floor", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size.n))
			for b.Loop() {
				var buf bytes.Buffer
				for i := 0; i < size.n; i += len(chunk4K) {
					buf.Write(chunk4K)
				}
			}
		})
		b.Run("size="+size.name+"/impl=spooled", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size.n))
			for b.Loop() {
				s := newSpooled(b, fsys, dir, 2<<20, nil)
				for i := 0; i < size.n; i += len(chunk4K) {
					if _, err := s.Write(chunk4K); err != nil {
						b.Fatal(err)
					}
				}
				s.Close()
			}
		})
		b.Run("size="+size.name+"/impl=spooled-secure", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size.n))
			for b.Loop() {
				s, err := tempfile.NewSpooled(fsys, 2<<20, tempfile.WithDir(dir), tempfile.WithSecureRemove())
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < size.n; i += len(chunk4K) {
					if _, err := s.Write(chunk4K); err != nil {
						b.Fatal(err)
					}
				}
				s.Close()
			}
		})
	}
}

// BenchmarkRollover moves 1 MiB held in memory to disk. The floor is one
// 1 MiB write into a fresh O_TMPFILE; the peer copies the data into
// os.CreateTemp and removes it.
func BenchmarkRollover(b *testing.B) {
	data := bytes.Repeat([]byte("y"), 1<<20)
	for where, dir := range map[string]string{"default": b.TempDir(), "tmpfs": shmDir(b)} {
		if dir == "" {
			continue
		}
		b.Run("fs="+where+"/impl=floor", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				fd, err := unix.Open(dir, unix.O_RDWR|unix.O_TMPFILE|unix.O_CLOEXEC, 0o600)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := unix.Write(fd, data); err != nil {
					b.Fatal(err)
				}
				unix.Close(fd)
			}
		})
		b.Run("fs="+where+"/impl=spooled", func(b *testing.B) {
			b.ReportAllocs()
			fsys := osbackend.New()
			for b.Loop() {
				b.StopTimer()
				s := newSpooled(b, fsys, dir, 0, nil)
				if _, err := s.Write(data); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := s.Rollover(); err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
		b.Run("fs="+where+"/impl=os.CreateTemp", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, err := os.CreateTemp(dir, "r")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := f.Write(data); err != nil {
					b.Fatal(err)
				}
				os.Remove(f.Name())
				f.Close()
			}
		})
	}
}

func shmDir(b *testing.B) string {
	d, err := os.MkdirTemp("/dev/shm", "spool-bench")
	if err != nil {
		return ""
	}
	b.Cleanup(func() { os.RemoveAll(d) })
	return d
}
