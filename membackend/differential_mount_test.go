//go:build linux

package membackend_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/vfs"
)

// diffMountSize is the size of the second device of mountVariant: a
// tmpfs mounted with size=1m, a membackend mount WithCapacity(1 MiB).
const diffMountSize = 1 << 20

// Operations that only mountVariant runs.
const (
	opSameDev    = opCountWD + iota // whether two names are on one device
	opStatT                         // the *syscall.Stat_t of Lstat
	opFill                          // fill the mount up and empty it again
	opCountMount                    // the kinds of mountVariant
)

// mountVariant is workdirVariant with a second device at "m": names on
// it and across it, and operations on Stat_t and on a full device. Its
// data stay small, so that only opFill fills the device: tmpfs counts
// pages, membackend bytes, so a device filled by chance would not fill up
// at the same write on both sides.
var mountVariant = &diffVariant{
	names:   append(append([]string(nil), diffNames...), "m", "m/a", "m/b", "m/d", "m/d/a", "m/l", "m/", "m/d/..", "m/e/f"),
	targets: append(append([]string(nil), diffTargets...), "m/a", "m", "a"),
	data:    []string{"", "x", "hello", "0123456789", strings.Repeat("y", 5000)},
	kinds:   opCountMount, relative: true, mount: true,
}

// Indexes of mountVariant's names, for scripts.
const (
	nA, nB, nD, nL, nNope, nDot                            = 0, 1, 2, 11, 13, 15
	nM, nMA, nMB, nMD, nMDA, nML, nMSlash, nMDDotDot, nMEF = 18, 19, 20, 21, 22, 23, 24, 25, 26
	tMA, tM                                                = 8, 9 // targets
)

// mountTmpfs mounts a tmpfs of diffMountSize bytes at dir, which it makes,
// until the test ends, or skips the test if the system refuses.
func mountTmpfs(t testing.TB, dir string) {
	require.NoError(t, os.Mkdir(dir, 0o755))
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d,mode=755", diffMountSize)); err != nil {
		t.Skipf("comparing with a second device needs a tmpfs mount, which needs root (CAP_SYS_ADMIN): mount -t tmpfs tmpfs %s: %v", dir, err)
	}
	t.Cleanup(func() {
		if err := unix.Unmount(dir, 0); err != nil {
			require.NoError(t, unix.Unmount(dir, unix.MNT_DETACH), "umount %s", dir)
		}
	})
}

// devOf returns the device number that Stat reports for name.
func devOf(t testing.TB, fsys afero.Fs, name string) uint64 {
	fi, err := fsys.Stat(name)
	require.NoError(t, err)
	st, ok := fi.Sys().(*syscall.Stat_t)
	require.True(t, ok, "Sys of %s is a *syscall.Stat_t", name)
	return uint64(st.Dev)
}

// onMount reports whether fi describes a file on the side's second device.
func (s *diffSide) onMount(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return s.v.mount && ok && uint64(st.Dev) == s.mountDev
}

func (v *diffVariant) formatMore(o diffOp) string {
	n1, n2 := pick(v.names, o.a), pick(v.names, o.b)
	switch o.kind {
	case opSameDev:
		return fmt.Sprintf("SameDevice(%q, %q)", n1, n2)
	case opStatT:
		return fmt.Sprintf("Lstat(%q).Sys()", n1)
	case opFill:
		return "Fill(root/m)"
	}
	return "?"
}

func (s *diffSide) runMore(o diffOp) string {
	n1, n2 := pick(s.v.names, o.a), pick(s.v.names, o.b)
	switch o.kind {
	case opSameDev:
		d1, err := s.dev(s.p(n1))
		if err != nil {
			return errClass(err)
		}
		d2, err := s.dev(s.p(n2))
		if err != nil {
			return errClass(err)
		}
		if d1 == d2 {
			return "one device"
		}
		return "two devices"
	case opStatT:
		fi, err := vfs.Lstat(s.fsys, s.p(n1))
		if err != nil {
			return errClass(err)
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !ok {
			return fmt.Sprintf("Sys is a %T", fi.Sys())
		}
		out := fmt.Sprintf("mode=%#o uid=%d gid=%d", st.Mode, st.Uid, st.Gid)
		if !fi.IsDir() {
			// Directories' link counts differ: Linux counts subdirectories.
			out += fmt.Sprintf(" nlink=%d size=%d", st.Nlink, st.Size)
		}
		if st.Size != fi.Size() && !fi.IsDir() {
			out += fmt.Sprintf(" (FileInfo says size %d)", fi.Size())
		}
		return out
	case opFill:
		return s.fill()
	}
	return "?"
}

// dev returns the device number of name, following symbolic links.
func (s *diffSide) dev(name string) (uint64, error) {
	fi, err := s.fsys.Stat(name)
	if err != nil {
		return 0, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, fmt.Errorf("Sys is a %T", fi.Sys())
	}
	return uint64(st.Dev), nil
}

// fill writes 2 MiB to a new file on the second device, then 4 KiB to
// another, removes both and writes 4 KiB once more: what fails with
// ENOSPC, not how many bytes fit, since tmpfs counts pages.
func (s *diffSide) fill() string {
	write := func(name string, n int) string {
		f, err := s.fsys.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return "create " + errClass(err)
		}
		_, err = f.Write(make([]byte, n))
		return errClass(errors.Join(err, f.Close()))
	}
	big, small := s.abs("m/.fill"), s.abs("m/.fill4k")
	out := "2 MiB: " + write(big, 2<<20)
	out += "; 4 KiB when full: " + write(small, 4096)
	out += "; removed: " + errClass(errors.Join(s.fsys.Remove(big), s.fsys.Remove(small)))
	out += "; 4 KiB then: " + write(small, 4096)
	return out + "; " + errClass(s.fsys.Remove(small))
}

// TestDifferentialMount is TestDifferentialWorkingDir with a second device
// at "m", a real tmpfs of 1 MiB on the OS side: Rename and Link across
// devices (EXDEV, in the kernel's order among the other errors), removing
// and renaming a mount point (EBUSY), a device that fills up (ENOSPC),
// the device numbers (one within a device, different across) and the
// Stat_t fields (Mode, Nlink, Size, Uid, Gid). It needs root to mount,
// and skips, saying so, elsewhere.
func TestDifferentialMount(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("comparing with a second device needs a tmpfs mount, which needs root")
	}
	scripts := map[string][]diffOp{
		"across devices": {
			{opWriteFile, nA, 0, 2, 0}, {opMkdir, nD, 0, 2, 0}, {opWriteFile, nMA, 0, 3, 0},
			{opMkdir, nMD, 0, 2, 0}, {opSameDev, nA, nD, 0, 0}, {opSameDev, nA, nMA, 0, 0},
			{opSameDev, nM, nMA, 0, 0}, {opSameDev, nM, nD, 0, 0}, {opSameDev, nMDDotDot, nM, 0, 0},
			{opRename, nA, nMA, 0, 0}, {opRename, nA, nMDA, 0, 0}, {opRename, nB, nMDA, 0, 0},
			{opRename, nNope, nMDA, 0, 0}, {opRename, nA, nMEF, 0, 0}, {opRename, nD, nMD, 0, 0},
			{opRename, nD, nMB, 0, 0}, {opRename, nMA, nB, 0, 0}, {opRename, nMD, nD, 0, 0},
			{opRenameNoReplace, nA, nMDA, 0, 0}, {opRenameNoReplace, nA, nMA, 0, 0},
			{opRenameNoReplace, nB, nMA, 0, 0}, {opLink, nA, nMDA, 0, 0}, {opLink, nB, nMDA, 0, 0},
			{opLink, nA, nMA, 0, 0}, {opLink, nMA, nB, 0, 0}, {opLink, nM, nB, 0, 0},
			{opLink, nA, nMEF, 0, 0}, {opSymlink, 0, nML, tMA, 0}, {opReadFile, nML, 0, 0, 0},
			{opSymlink, 0, nL, tMA, 0}, {opReadFile, nL, 0, 0, 0}, {opSameDev, nL, nMA, 0, 0},
			{opRename, nL, nMB, 0, 0}, {opStatT, nML, 0, 0, 0}, {opLink, nL, nMB, 0, 0},
		},
		"mount point": {
			{opWriteFile, nMA, 0, 2, 0}, {opMkdir, nMD, 0, 2, 0}, {opRemove, nM, 0, 0, 0},
			{opRemove, nMSlash, 0, 0, 0}, {opRename, nM, nB, 0, 0}, {opRenameNoReplace, nM, nB, 0, 0},
			{opMkdir, nD, 0, 2, 0}, {opRename, nM, nD, 0, 0}, {opRemoveAll, nM, 0, 0, 0},
			{opReadDir, nM, 0, 0, 0}, {opWriteFile, nMA, 0, 2, 0}, {opChdir, nM, 0, 0, 0},
			{opGetwd, 0, 0, 0, 0}, {opRemoveAbs, nM, 0, 0, 0}, {opRemoveAll, nDot, 0, 0, 0},
			{opChdirAbs, nDot, 0, 0, 0}, {opStatT, nM, 0, 0, 0}, {opChmod, nM, 0, 0, 0},
			{opStatT, nM, 0, 0, 0}, {opMkdir, nM, 0, 2, 0}, {opSymlink, 0, nM, 0, 0},
			{opRename, nMSlash, nB, 0, 0}, {opMkdir, nMB, 0, 2, 0}, {opRename, nMB, nMD, 0, 0},
		},
		"full": {
			{opWriteFile, nMA, 0, 4, 0}, {opFill, 0, 0, 0, 0}, {opStatT, nMA, 0, 0, 0},
			{opFill, 0, 0, 0, 0}, {opWriteFile, nA, 0, 4, 0}, {opSameDev, nA, nMA, 0, 0},
		},
		"stat_t": {
			{opWriteFile, nA, 0, 2, 0}, {opLink, nA, nB, 0, 0}, {opStatT, nA, 0, 0, 0},
			{opChmod, nA, 0, 8, 0}, {opStatT, nB, 0, 0, 0}, {opSymlink, 0, nL, 0, 0},
			{opStatT, nL, 0, 0, 0}, {opMkdir, nD, 0, 7, 0}, {opStatT, nD, 0, 0, 0},
			{opCreateAnonymous, nM, 0, 0, 0}, {opFStat, 0, 0, 0, 0}, {opWriteFile, nMDA, 0, 2, 0},
			{opMkdir, nMD, 0, 2, 0}, {opWriteFile, nMDA, 0, 2, 0}, {opStatT, nMDA, 0, 0, 0},
			{opStatT, nMD, 0, 0, 0}, {opStatT, nM, 0, 0, 0},
		},
		"removed directory on tmpfs": {
			{opMkdir, nMD, 0, 2, 0}, {opChdir, nMD, 0, 0, 0}, {opRemoveAbs, nMD, 0, 0, 0},
			{opCreateAnonymous, nDot, 0, 0, 0}, {opWrite, 0, 0, 2, 0}, {opFStat, 0, 0, 0, 0},
			{opCreatePublishable, nDot, 0, 0, 1}, {opPublish, 0, nMDA, 0, 1}, {opGetwd, 0, 0, 0, 0},
			{opChdirAbs, nDot, 0, 0, 0}, {opPublish, 0, nMA, 0, 1}, {opReadFile, nMA, 0, 0, 0},
		},
	}
	for name, ops := range scripts {
		t.Run(name, func(t *testing.T) { runVariant(t, mountVariant, ops) })
	}
	for i := range uint64(*diffSeeds) {
		seed := *diffFirstSeed + i
		t.Run(fmt.Sprintf("random/%d", seed), func(t *testing.T) {
			runVariant(t, mountVariant, randomKinds(seed, *diffOps, opCountMount))
		})
	}
}

// FuzzDifferentialMount is FuzzDifferential with a second device at "m":
// a real tmpfs on the OS side. It skips where it cannot mount one.
func FuzzDifferentialMount(f *testing.F) {
	for seed := range uint64(4) {
		var b bytes.Buffer
		for _, o := range randomKinds(seed, 20, opCountMount) {
			b.Write([]byte{o.kind, o.a, o.b, o.c, o.d})
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if os.Geteuid() != 0 {
			t.Skip("a tmpfs mount needs root")
		}
		ops := decodeOps(data)
		if len(ops) > 200 {
			ops = ops[:200]
		}
		runVariant(t, mountVariant, ops)
	})
}
