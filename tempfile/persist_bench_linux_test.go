package tempfile_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// BenchmarkPersistAcrossDevices moves 1 MiB written in /dev/shm (tmpfs)
// into place on the disk the test's directory is on, replacing the
// target. The peers: cp of the file into the target's directory and mv
// over the target, run as the commands, and the same two steps done in
// Go (a copy to a temporary name, then a rename), neither of which syncs
// anything; Persist syncs the copy and the directory, as a durable
// replacement must.
func BenchmarkPersistAcrossDevices(b *testing.B) {
	const shm = "/dev/shm"
	dst := b.TempDir()
	src, err := os.MkdirTemp(shm, "persist-bench-")
	if err != nil {
		b.Skipf("no usable %s: %v", shm, err)
	}
	b.Cleanup(func() { os.RemoveAll(src) })
	if !differentDevices(b, shm, dst) {
		b.Skipf("%s and %s are on one filesystem", shm, dst)
	}
	data := bytes.Repeat([]byte("p"), 1<<20)
	target := filepath.Join(dst, "target")
	if err := os.WriteFile(target, data, 0o600); err != nil {
		b.Fatal(err)
	}
	fsys := osbackend.New()
	writeSrc := func(b *testing.B) string {
		p := filepath.Join(src, "f")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			b.Fatal(err)
		}
		return p
	}
	b.Run("impl=cp+mv", func(b *testing.B) {
		if _, err := exec.LookPath("cp"); err != nil {
			b.Skip("no cp")
		}
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		tmp := filepath.Join(dst, ".target.tmp")
		for b.Loop() {
			p := writeSrc(b)
			if out, err := exec.Command("cp", p, tmp).CombinedOutput(); err != nil {
				b.Fatal(err, string(out))
			}
			if out, err := exec.Command("mv", tmp, target).CombinedOutput(); err != nil {
				b.Fatal(err, string(out))
			}
			os.Remove(p)
		}
	})
	b.Run("impl=go-copy+rename", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		tmp := filepath.Join(dst, ".target.tmp")
		for b.Loop() {
			p := writeSrc(b)
			in, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(tmp, in, 0o600); err != nil {
				b.Fatal(err)
			}
			if err := os.Rename(tmp, target); err != nil {
				b.Fatal(err)
			}
			os.Remove(p)
		}
	})
	b.Run("impl=tempvfs", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			f, err := tempfile.NewNamed(fsys, tempfile.WithDir(src))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := f.Write(data); err != nil {
				b.Fatal(err)
			}
			if err := f.Persist(target); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}
