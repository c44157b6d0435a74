package osbackend_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// BenchmarkNetFS measures osbackend and tempfile on the network
// filesystem at TEMPVFS_NETFS_DIR (an sshfs mount in CI: .ci/sshfs/run
// with TEMPVFS_NETFS_BENCH=1) against the local disk the test's
// directory is on, in the same run: create+close+remove through
// CreateExclusive, and a 1 MiB WriteFile that replaces a file.
func BenchmarkNetFS(b *testing.B) {
	net := os.Getenv("TEMPVFS_NETFS_DIR")
	if net == "" {
		b.Skip("TEMPVFS_NETFS_DIR is not set: no network filesystem to measure")
	}
	netDir, err := os.MkdirTemp(net, "bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(netDir) })
	fsys := osbackend.New()
	data := bytes.Repeat([]byte("w"), 1<<20)
	for _, where := range []struct{ name, dir string }{{"disk", b.TempDir()}, {"sshfs", netDir}} {
		b.Run("op=create/fs="+where.name, func(b *testing.B) {
			b.ReportAllocs()
			name := filepath.Join(where.dir, "f")
			for b.Loop() {
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
		b.Run("op=writefile-1MiB/fs="+where.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			name := filepath.Join(where.dir, "target")
			for b.Loop() {
				if err := tempfile.WriteFile(fsys, name, data, 0o600); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
