package sftpbackend_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"sync/atomic"
	"testing"

	"github.com/pkg/sftp"

	"github.com/tempvfs/tempvfs/sftpbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// The benchmarks compare an FS with pkg/sftp used directly, over one
// connection to sshd on 127.0.0.1, in the directories of benchDirs.
// impl=pkgsftp sends the requests that keep the same promises (a file
// created 0600, a durable atomic replace); impl=pkgsftp-bare leaves out
// what pkg/sftp does not do unless asked (the mode, the syncs).

// benchDirs returns the directories the benchmarks run in, on the
// server's (this machine's) disk: tmpfs, where fsync is free and the
// round trips show, and the default temporary directory.
func benchDirs(b *testing.B) map[string]string {
	dirs := map[string]string{"default": b.TempDir()}
	if shm, err := os.MkdirTemp("/dev/shm", "sftpbackend-bench"); err == nil {
		b.Cleanup(func() { os.RemoveAll(shm) })
		dirs["tmpfs"] = shm
	}
	return dirs
}

// impl is one of the implementations a benchmark compares.
type impl struct {
	name string
	run  func(b *testing.B)
}

// runShuffled runs the implementations as sub-benchmarks of where, in an
// order that changes from one run of the test binary to the next, so that
// over the rounds of internal/bench/benchratio no implementation always runs
// first (on a fresh connection, a cold cache) or last. Each also reports
// cpu-ns/op, the CPU time of this process (the client) per operation,
// which the load of a shared machine disturbs far less than the time on
// the clock, and which leaves out the server's work (the same requests
// for impl=pkgsftp and impl=sftpbackend).
func runShuffled(b *testing.B, where string, impls []impl) {
	rand.Shuffle(len(impls), func(i, j int) { impls[i], impls[j] = impls[j], impls[i] })
	for _, im := range impls {
		b.Run(where+"/impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			c0 := cpuTime()
			im.run(b)
			b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}

var benchSeq atomic.Int64

func benchName(dir string) string {
	return path.Join(dir, fmt.Sprintf("f%d", benchSeq.Add(1)))
}

// BenchmarkCreateCloseRemove measures an exclusive create of a 0600 file,
// its Close and its Remove. pkg/sftp cannot send a mode with its open, so
// impl=pkgsftp sets it through the handle, as FS.CreateExclusive does
// (four round trips); impl=pkgsftp-bare does not (three), and its file
// gets the server's 0644.
func BenchmarkCreateCloseRemove(b *testing.B) {
	c := shared(b, "")
	fsys, err := sftpbackend.New(c)
	if err != nil {
		b.Fatal(err)
	}
	for where, dir := range benchDirs(b) {
		runShuffled(b, where, []impl{
			{"pkgsftp", func(b *testing.B) {
				for b.Loop() {
					name := benchName(dir)
					f, err := c.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL)
					if err != nil {
						b.Fatal(err)
					}
					if err := f.Chmod(0o600); err != nil {
						b.Fatal(err)
					}
					f.Close()
					if err := c.Remove(name); err != nil {
						b.Fatal(err)
					}
				}
			}},
			{"pkgsftp-bare", func(b *testing.B) {
				for b.Loop() {
					name := benchName(dir)
					f, err := c.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL)
					if err != nil {
						b.Fatal(err)
					}
					f.Close()
					if err := c.Remove(name); err != nil {
						b.Fatal(err)
					}
				}
			}},
			{"sftpbackend", func(b *testing.B) {
				for b.Loop() {
					name := benchName(dir)
					f, err := fsys.CreateExclusive(name, 0o600)
					if err != nil {
						b.Fatal(err)
					}
					f.Close()
					if err := fsys.Remove(name); err != nil {
						b.Fatal(err)
					}
				}
			}},
		})
	}
}

// BenchmarkWriteFile measures the atomic replace of a 1 MiB file:
// tempfile.WriteFile on an FS against the same sequence in pkg/sftp
// (impl=pkgsftp: create a temporary name exclusively, set its mode,
// write, fsync, close, posix-rename over the target, fsync the
// directory) and against create, write, close and posix-rename alone
// (impl=pkgsftp-bare), which a crash can leave empty or half-written.
func BenchmarkWriteFile(b *testing.B) {
	c := shared(b, "")
	fsys, err := sftpbackend.New(c)
	if err != nil {
		b.Fatal(err)
	}
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	for where, dir := range benchDirs(b) {
		target := path.Join(dir, "target")
		if err := os.WriteFile(target, nil, 0o600); err != nil {
			b.Fatal(err)
		}
		runShuffled(b, where, []impl{
			{"pkgsftp", func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if err := pkgsftpWriteFile(c, dir, target, data, true); err != nil {
						b.Fatal(err)
					}
				}
			}},
			{"pkgsftp-bare", func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if err := pkgsftpWriteFile(c, dir, target, data, false); err != nil {
						b.Fatal(err)
					}
				}
			}},
			{"sftpbackend", func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if err := tempfile.WriteFile(fsys, target, data, 0o600); err != nil {
						b.Fatal(err)
					}
				}
			}},
		})
	}
}

// pkgsftpWriteFile replaces target with data through pkg/sftp alone;
// durable adds the mode and the syncs.
func pkgsftpWriteFile(c *sftp.Client, dir, target string, data []byte, durable bool) error {
	tmp := benchName(dir)
	f, err := c.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
	if err != nil {
		return err
	}
	if durable {
		if err := f.Chmod(0o600); err != nil {
			return err
		}
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if durable {
		if err := f.Sync(); err != nil {
			return err
		}
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := c.PosixRename(tmp, target); err != nil {
		return err
	}
	if !durable {
		return nil
	}
	d, err := c.OpenFile(dir, os.O_RDONLY)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
