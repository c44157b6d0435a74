package tempfile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

var data4K = bytes.Repeat([]byte("p"), 4096)

// BenchmarkPool: a scratch file used for one 4 KiB write. The floor is
// os.CreateTemp + Write + Remove + Close; the peers are a fresh anonymous
// file per use and a pooled one.
func BenchmarkPool(b *testing.B) {
	fsys := osbackend.New()
	for _, d := range benchDirs(b) {
		b.Run("fs="+d.name+"/impl=floor", func(b *testing.B) {
			loop(b, func() {
				f, err := os.CreateTemp(d.dir, "")
				check(b, err)
				_, err = f.Write(data4K)
				check(b, err)
				check(b, os.Remove(f.Name()))
				check(b, f.Close())
			})
		})
		b.Run("fs="+d.name+"/impl=NewAnonymous", func(b *testing.B) {
			loop(b, func() {
				f, err := tempfile.NewAnonymous(fsys, tempfile.WithDir(d.dir))
				check(b, err)
				_, err = f.Write(data4K)
				check(b, err)
				check(b, f.Close())
			})
		})
		for _, secure := range []bool{false, true} {
			name := "fs=" + d.name + "/impl=Pool"
			opts := []tempfile.Option{tempfile.WithDir(d.dir)}
			if secure {
				name += "-secure"
				opts = append(opts, tempfile.WithSecureRemove())
			}
			b.Run(name, func(b *testing.B) {
				p, err := tempfile.NewPool(fsys, opts...)
				check(b, err)
				defer p.Close()
				loop(b, func() {
					f, err := p.Get()
					check(b, err)
					_, err = f.Write(data4K)
					check(b, err)
					check(b, p.Put(f))
				})
			})
		}
	}
}

// BenchmarkWriteFile replaces a 4 KiB file atomically. The floor is the
// hand-written recipe with package os: CreateTemp in the target's
// directory, Write, Sync, Close, Rename (no directory sync, which
// WriteFile adds).
func BenchmarkWriteFile(b *testing.B) {
	fsys := osbackend.New()
	for _, d := range benchDirs(b) {
		target := filepath.Join(d.dir, "target")
		b.Run("fs="+d.name+"/impl=floor", func(b *testing.B) {
			loop(b, func() {
				f, err := os.CreateTemp(d.dir, "")
				check(b, err)
				_, err = f.Write(data4K)
				check(b, err)
				check(b, f.Sync())
				check(b, f.Close())
				check(b, os.Rename(f.Name(), target))
			})
		})
		b.Run("fs="+d.name+"/impl=tempfile.WriteFile", func(b *testing.B) {
			loop(b, func() {
				check(b, tempfile.WriteFile(fsys, target, data4K, 0o600))
			})
		})
	}
}

// BenchmarkTracker: the cost of tracking a named file (made and closed).
// The floor is NewNamed without a tracker.
func BenchmarkTracker(b *testing.B) {
	fsys := osbackend.New()
	for _, d := range benchDirs(b)[:1] {
		for _, tc := range []struct {
			name string
			tr   *tempfile.Tracker
		}{{"floor", nil}, {"tracked", tempfile.NewTracker()}, {"tracked-stacks", tempfile.NewTracker(tempfile.WithStacks())}} {
			opts := []tempfile.Option{tempfile.WithDir(d.dir)}
			if tc.tr != nil {
				opts = append(opts, tempfile.WithTracker(tc.tr))
			}
			b.Run("fs="+d.name+"/impl="+tc.name, func(b *testing.B) {
				loop(b, func() {
					f, err := tempfile.NewNamed(fsys, opts...)
					check(b, err)
					check(b, f.Close())
				})
			})
		}
	}
}
