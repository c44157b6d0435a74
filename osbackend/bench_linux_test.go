package osbackend_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/osbackend"
)

// benchDirs returns the directories the benchmarks run in: tmpfs, where
// system calls are cheap and library overhead shows, and the default
// temporary directory.
func benchDirs(b *testing.B) map[string]string {
	dirs := map[string]string{"default": b.TempDir()}
	if shm, err := os.MkdirTemp("/dev/shm", "osbackend-bench"); err == nil {
		b.Cleanup(func() { os.RemoveAll(shm) })
		dirs["tmpfs"] = shm
	}
	return dirs
}

// BenchmarkExclusiveCreate measures create+close+remove of a named file.
// The floor is the three raw system calls.
func BenchmarkExclusiveCreate(b *testing.B) {
	for where, dir := range benchDirs(b) {
		b.Run("fs="+where+"/impl=floor", func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n++
				name := filepath.Join(dir, "f"+strconv.Itoa(n))
				fd, err := unix.Open(name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
				if err != nil {
					b.Fatal(err)
				}
				unix.Close(fd)
				if err := unix.Unlink(name); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("fs="+where+"/impl=osbackend", func(b *testing.B) {
			b.ReportAllocs()
			fsys := osbackend.New()
			n := 0
			for b.Loop() {
				n++
				name := filepath.Join(dir, "f"+strconv.Itoa(n))
				f, err := fsys.CreateExclusive(name, 0o600)
				if err != nil {
					b.Fatal(err)
				}
				f.Close()
				if err := fsys.Remove(name); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("fs="+where+"/impl=os.CreateTemp", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, err := os.CreateTemp(dir, "f")
				if err != nil {
					b.Fatal(err)
				}
				f.Close()
				if err := os.Remove(f.Name()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("fs="+where+"/impl=afero.TempFile", func(b *testing.B) {
			b.ReportAllocs()
			fsys := afero.NewOsFs()
			for b.Loop() {
				f, err := afero.TempFile(fsys, dir, "f")
				if err != nil {
					b.Fatal(err)
				}
				f.Close()
				if err := fsys.Remove(f.Name()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnonymous measures an anonymous file, created and closed. The
// floor is a raw O_TMPFILE open and close; the peers, which have no
// anonymous files, create, remove and close a named one.
func BenchmarkAnonymous(b *testing.B) {
	for where, dir := range benchDirs(b) {
		b.Run("fs="+where+"/impl=floor", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				fd, err := unix.Open(dir, unix.O_RDWR|unix.O_TMPFILE|unix.O_CLOEXEC, 0o600)
				if err != nil {
					b.Fatal(err)
				}
				unix.Close(fd)
			}
		})
		b.Run("fs="+where+"/impl=osbackend", func(b *testing.B) {
			b.ReportAllocs()
			fsys := osbackend.New()
			for b.Loop() {
				f, err := fsys.CreateAnonymous(dir, 0o600)
				if err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
		})
		b.Run("fs="+where+"/impl=os.CreateTemp", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, err := os.CreateTemp(dir, "f")
				if err != nil {
					b.Fatal(err)
				}
				if err := os.Remove(f.Name()); err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
		})
		b.Run("fs="+where+"/impl=afero.TempFile", func(b *testing.B) {
			b.ReportAllocs()
			fsys := afero.NewOsFs()
			for b.Loop() {
				f, err := afero.TempFile(fsys, dir, "f")
				if err != nil {
					b.Fatal(err)
				}
				if err := fsys.Remove(f.Name()); err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
		})
	}
}
