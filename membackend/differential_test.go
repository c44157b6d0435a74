//go:build linux

package membackend_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// The differential test runs one sequence of operations on membackend and
// on the operating system (osbackend in a fresh directory) and requires
// the same outcome from each step: success or failure, the error's type,
// Op and errno, the bytes read and the metadata seen; and at the end the
// same tree, contents and modes.

// Operands. Names are relative to the working directory of each side.
var (
	diffNames = []string{
		"a", "b", "d", "d/a", "d/b", "d/e", "e", "a/", "d/", "d/.", "d/..",
		"l", "d/l", "nope/x", "a/x", ".", "e/f", "d/e/g",
	}
	// No target leads out of the working directory ("." could: d/.. with
	// d -> .), and none is absolute, so both sides see the same tree.
	diffTargets = []string{"a", "d", "d/a", "nope", "l", "e", "d/../a", "d/l"}
	diffPerms   = []fs.FileMode{0o600, 0o644, 0o755, 0o777, 0, 0o400, 0o500, 0o1777, 0o4755, 0o700}
	diffFlags   = []int{
		os.O_RDONLY, os.O_WRONLY, os.O_RDWR,
		os.O_RDONLY | os.O_CREATE, os.O_WRONLY | os.O_CREATE, os.O_RDWR | os.O_CREATE,
		os.O_RDWR | os.O_CREATE | os.O_EXCL, os.O_WRONLY | os.O_CREATE | os.O_TRUNC,
		os.O_RDWR | os.O_APPEND, os.O_WRONLY | os.O_CREATE | os.O_APPEND,
		os.O_RDONLY | os.O_TRUNC, os.O_RDWR | os.O_TRUNC,
	}
	diffData    = []string{"", "x", "hello", "0123456789", strings.Repeat("z", 70_000)}
	diffOffsets = []int64{0, 1, 3, 5, 100, 65_535, 70_000, -3}
	// Whence 3 and 4 are SEEK_DATA and SEEK_HOLE on Linux; 7 is invalid.
	diffWhence = []int{io.SeekStart, io.SeekCurrent, io.SeekEnd, 7}
)

const diffSlots = 3

// Flags to search longer than the default run does, for example
// go test -run TestDifferential -diff.seeds 5000 -diff.ops 200.
var (
	diffSeeds     = flag.Int("diff.seeds", 100, "random operation sequences in TestDifferential")
	diffOps       = flag.Int("diff.ops", 80, "operations in each random sequence")
	diffFirstSeed = flag.Uint64("diff.seed", 0, "first seed of the random sequences")
)

// A diffOp is one operation: a kind and four operand indexes.
type diffOp struct{ kind, a, b, c, d byte }

const (
	opCreate = iota
	opOpenFile
	opMkdir
	opMkdirAll
	opRemove
	opRemoveAll
	opRename
	opRenameNoReplace
	opLink
	opSymlink
	opReadlink
	opStat
	opLstat
	opChmod
	opReadFile
	opWriteFile
	opReadDir
	opWrite
	opWriteAt
	opReadAt
	opRead
	opSeek
	opTruncate
	opFStat
	opClose
	opSync
	opCreateExclusive
	opCreateAnonymous
	opCreatePublishable
	opPublish
	opSyncDir
	// The operations from here on run only in a variant whose kinds
	// include them.
	opChdir // relative names only: os.Chdir changes the whole process
	opGetwd
	// Operations on names joined to the root, in a variant with relative
	// names, which cannot reach above the working directory.
	opChdirAbs
	opRenameAbs
	opRemoveAbs
	opCountWD // the kinds of a variant with a working directory
)

// opCount counts the operations every variant runs.
const opCount = opChdir

func pick[T any](s []T, i byte) T { return s[int(i)%len(s)] }

// A diffVariant is one kind of differential run: the names it uses and
// the operations it may run.
type diffVariant struct {
	names   []string // operands for names
	targets []string // operands for symbolic link targets
	data    []string // operands for what is written
	kinds   byte     // operations run: opCount, or more for the variants below
	// relative says that names are given relative to the working
	// directory, which each side's setup makes its root, rather than
	// joined to the root.
	relative bool
	// mount says that each side has a second device at "m" in its root:
	// a tmpfs of 1 MiB on the OS side, a mount of 1 MiB in membackend.
	mount bool
}

// baseVariant is the differential run of TestDifferential: the base
// operations on names joined to each side's root.
var baseVariant = &diffVariant{names: diffNames, targets: diffTargets, data: diffData, kinds: opCount}

// format describes o as its outcome lists it.
func (v *diffVariant) format(o diffOp) string {
	n1, n2 := pick(v.names, o.a), pick(v.names, o.b)
	slot := int(o.a) % diffSlots
	switch o.kind {
	case opCreate:
		return fmt.Sprintf("Create(%q) -> h%d", n1, slot)
	case opOpenFile:
		return fmt.Sprintf("OpenFile(%q, %#x, %v) -> h%d", n1, pick(diffFlags, o.b), pick(diffPerms, o.c), int(o.d)%diffSlots)
	case opMkdir:
		return fmt.Sprintf("Mkdir(%q, %v)", n1, pick(diffPerms, o.c))
	case opMkdirAll:
		return fmt.Sprintf("MkdirAll(%q, %v)", n1, pick(diffPerms, o.c))
	case opRemove:
		return fmt.Sprintf("Remove(%q)", n1)
	case opRemoveAll:
		return fmt.Sprintf("RemoveAll(%q)", n1)
	case opRename:
		return fmt.Sprintf("Rename(%q, %q)", n1, n2)
	case opRenameNoReplace:
		return fmt.Sprintf("RenameNoReplace(%q, %q)", n1, n2)
	case opLink:
		return fmt.Sprintf("Link(%q, %q)", n1, n2)
	case opSymlink:
		return fmt.Sprintf("Symlink(%q, %q)", pick(v.targets, o.c), n2)
	case opReadlink:
		return fmt.Sprintf("Readlink(%q)", n1)
	case opStat:
		return fmt.Sprintf("Stat(%q)", n1)
	case opLstat:
		return fmt.Sprintf("Lstat(%q)", n1)
	case opChmod:
		return fmt.Sprintf("Chmod(%q, %v)", n1, pick(diffPerms, o.c))
	case opReadFile:
		return fmt.Sprintf("ReadFile(%q)", n1)
	case opWriteFile:
		return fmt.Sprintf("WriteFile(%q, %d bytes)", n1, len(pick(v.data, o.c)))
	case opReadDir:
		return fmt.Sprintf("ReadDir(%q)", n1)
	case opWrite:
		return fmt.Sprintf("h%d.Write(%d bytes)", slot, len(pick(v.data, o.c)))
	case opWriteAt:
		return fmt.Sprintf("h%d.WriteAt(%d bytes, %d)", slot, len(pick(v.data, o.c)), pick(diffOffsets, o.d))
	case opReadAt:
		return fmt.Sprintf("h%d.ReadAt(%d, %d)", slot, int(o.c)%20, pick(diffOffsets, o.d))
	case opRead:
		return fmt.Sprintf("h%d.Read(%d)", slot, int(o.c)%20)
	case opSeek:
		return fmt.Sprintf("h%d.Seek(%d, %d)", slot, int64(int8(o.c)), pick(diffWhence, o.d))
	case opTruncate:
		return fmt.Sprintf("h%d.Truncate(%d)", slot, pick(diffOffsets, o.d)-int64(o.c%2))
	case opFStat:
		return fmt.Sprintf("h%d.Stat()", slot)
	case opClose:
		return fmt.Sprintf("h%d.Close()", slot)
	case opSync:
		return fmt.Sprintf("h%d.Sync()", slot)
	case opCreateExclusive:
		return fmt.Sprintf("CreateExclusive(%q, %v) -> h%d", n1, pick(diffPerms, o.c), int(o.d)%diffSlots)
	case opCreateAnonymous:
		return fmt.Sprintf("CreateAnonymous(%q, %v) -> h%d", n1, pick(diffPerms, o.c), int(o.d)%diffSlots)
	case opCreatePublishable:
		return fmt.Sprintf("CreatePublishable(%q, %v) -> h%d", n1, pick(diffPerms, o.c), int(o.d)%diffSlots)
	case opPublish:
		return fmt.Sprintf("Publish(h%d, %q)", int(o.d)%diffSlots, n2)
	case opSyncDir:
		return fmt.Sprintf("SyncDir(%q)", n1)
	case opChdir:
		return fmt.Sprintf("Chdir(%q)", n1)
	case opGetwd:
		return "Getwd()"
	case opChdirAbs:
		return fmt.Sprintf("Chdir(root/%q)", n1)
	case opRenameAbs:
		return fmt.Sprintf("Rename(root/%q, root/%q)", n1, n2)
	case opRemoveAbs:
		return fmt.Sprintf("Remove(root/%q)", n1)
	}
	return v.formatMore(o)
}

// A diffSide is one filesystem under test with its open handles.
type diffSide struct {
	v           *diffVariant
	fsys        afero.Fs
	root        string
	chdir       func(dir string) error // for a variant with relative names
	slots       [diffSlots]afero.File
	publishable [diffSlots]bool
	closed      [diffSlots]bool // closed by opClose
	dir         [diffSlots]bool // a directory
	mountDev    uint64          // the device at "m", in a variant with a mount
}

// abs returns the operand name joined to the side's root.
func (s *diffSide) abs(name string) string { return s.root + "/" + name }

// p returns the name to give the side for the operand name.
func (s *diffSide) p(name string) string {
	if s.v.relative {
		return name
	}
	return s.root + "/" + name
}

// rel strips the side's root from a string (a handle's or an error's
// name), so that both sides print the same.
func (s *diffSide) rel(str string) string { return strings.ReplaceAll(str, s.root, "$R") }

func (s *diffSide) closeAll() {
	for i, f := range s.slots {
		if f != nil {
			_ = f.Close()
			s.slots[i] = nil
		}
	}
}

func (s *diffSide) put(slot int, f afero.File, publishable bool) {
	if s.slots[slot] != nil {
		_ = s.slots[slot].Close()
	}
	s.slots[slot] = f
	s.publishable[slot] = publishable
	s.closed[slot] = false
	fi, err := f.Stat()
	s.dir[slot] = err == nil && fi.IsDir()
}

// run performs o and returns its outcome as text.
func (s *diffSide) run(o diffOp) string {
	fsys := s.fsys
	n1, n2 := pick(s.v.names, o.a), pick(s.v.names, o.b)
	perm := pick(diffPerms, o.c)
	slot := int(o.a) % diffSlots
	h := s.slots[slot]
	res := func(err error) string { return errClass(err) }
	switch o.kind {
	case opCreate:
		f, err := fsys.Create(s.p(n1))
		if err == nil {
			s.put(slot, f, false)
		}
		return res(err)
	case opOpenFile:
		f, err := fsys.OpenFile(s.p(n1), pick(diffFlags, o.b), perm)
		if err == nil {
			s.put(int(o.d)%diffSlots, f, false)
		}
		return res(err)
	case opMkdir:
		return res(fsys.Mkdir(s.p(n1), perm))
	case opMkdirAll:
		return res(fsys.MkdirAll(s.p(n1), perm))
	case opRemove:
		return res(fsys.Remove(s.p(n1)))
	case opRemoveAll:
		// os.RemoveAll reports the first failure in directory order,
		// which Linux leaves unspecified: compare the errno, not the Op.
		err := fsys.RemoveAll(s.p(n1))
		var errno syscall.Errno
		if errors.As(err, &errno) {
			return "RemoveAll " + errnoName(errno)
		}
		return res(err)
	case opRename:
		return res(fsys.Rename(s.p(n1), s.p(n2)))
	case opRenameNoReplace:
		if _, ok := fsys.(*osbackend.FS); ok {
			// The kernel's answer, without osbackend's fallback for
			// filesystems that lack RENAME_NOREPLACE, which takes the
			// EINVAL of a directory moved into itself for lack of support.
			err := unix.Renameat2(unix.AT_FDCWD, s.p(n1), unix.AT_FDCWD, s.p(n2), unix.RENAME_NOREPLACE)
			if err != nil {
				err = &os.LinkError{Op: "rename", Old: s.p(n1), New: s.p(n2), Err: err}
			}
			return res(err)
		}
		return res(vfs.RenameNoReplace(fsys, s.p(n1), s.p(n2)))
	case opLink:
		return res(vfs.Link(fsys, s.p(n1), s.p(n2)))
	case opSymlink:
		return res(vfs.Symlink(fsys, pick(s.v.targets, o.c), s.p(n2)))
	case opReadlink:
		t, err := vfs.Readlink(fsys, s.p(n1))
		return t + " " + res(err)
	case opStat:
		fi, err := fsys.Stat(s.p(n1))
		if err != nil {
			return res(err)
		}
		return describe(fi)
	case opLstat:
		fi, err := vfs.Lstat(fsys, s.p(n1))
		if err != nil {
			return res(err)
		}
		return describe(fi)
	case opChmod:
		return res(fsys.Chmod(s.p(n1), perm))
	case opReadFile:
		f, err := fsys.Open(s.p(n1))
		if err != nil {
			return res(err)
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		return short(b) + " " + res(err)
	case opWriteFile:
		return res(afero.WriteFile(fsys, s.p(n1), []byte(pick(s.v.data, o.c)), perm))
	case opReadDir:
		f, err := fsys.Open(s.p(n1))
		if err != nil {
			return res(err)
		}
		defer f.Close()
		infos, err := f.Readdir(-1)
		if err != nil {
			return res(err)
		}
		var out []string
		for _, fi := range infos {
			out = append(out, describe(fi))
		}
		slices.Sort(out)
		return strings.Join(out, "; ")
	}
	if h == nil && o.kind <= opSync {
		return "no handle"
	}
	switch o.kind {
	case opWrite:
		n, err := h.Write([]byte(pick(s.v.data, o.c)))
		return fmt.Sprintf("n=%d %s", n, res(err))
	case opWriteAt:
		n, err := h.WriteAt([]byte(pick(s.v.data, o.c)), pick(diffOffsets, o.d))
		return fmt.Sprintf("n=%d %s", n, res(err))
	case opReadAt:
		b := make([]byte, int(o.c)%20)
		n, err := h.ReadAt(b, pick(diffOffsets, o.d))
		return fmt.Sprintf("%s %s", short(b[:n]), res(err))
	case opRead:
		b := make([]byte, int(o.c)%20)
		n, err := h.Read(b)
		return fmt.Sprintf("%s %s", short(b[:n]), res(err))
	case opSeek:
		if s.dir[slot] {
			return "seek on a directory is not compared"
		}
		pos, err := h.Seek(int64(int8(o.c)), pick(diffWhence, o.d))
		return fmt.Sprintf("pos=%d %s", pos, res(err))
	case opTruncate:
		return res(h.Truncate(pick(diffOffsets, o.d) - int64(o.c%2)))
	case opFStat:
		fi, err := h.Stat()
		if err != nil {
			return res(err)
		}
		return s.rel(h.Name()) + " " + describe(fi)
	case opClose:
		err := h.Close()
		s.publishable[slot] = false // osbackend cannot tell a closed File
		s.closed[slot] = true
		return res(err)
	case opSync:
		return res(h.Sync())
	case opCreateExclusive:
		f, err := vfs.CreateExclusive(fsys, s.p(n1), perm)
		if err == nil {
			s.put(int(o.d)%diffSlots, f, false)
		}
		return res(err)
	case opCreateAnonymous, opCreatePublishable:
		if fi, err := fsys.Stat(s.p(n1)); err == nil && fi.IsDir() && nlink(fi) == 0 && !s.onMount(fi) {
			// tmpfs (and membackend) make an O_TMPFILE file in a removed
			// directory, ext4 refuses with EPERM.
			return "in a removed directory: not compared"
		}
		create := vfs.CreateAnonymous
		if o.kind == opCreatePublishable {
			create = vfs.CreatePublishable
		}
		f, err := create(fsys, s.p(n1), perm)
		if err == nil {
			s.put(int(o.d)%diffSlots, f, o.kind == opCreatePublishable)
			return s.rel(f.Name())
		}
		return res(err)
	case opPublish:
		i := int(o.d) % diffSlots
		if s.slots[i] == nil || !s.publishable[i] {
			return "not publishable" // the OS would link any file
		}
		err := vfs.Publish(fsys, s.slots[i], s.p(n2))
		if err == nil {
			s.publishable[i] = false // the OS would link it again
		}
		return res(err)
	case opSyncDir:
		return res(vfs.SyncDir(fsys, s.p(n1)))
	case opChdir:
		return res(s.chdir(n1))
	case opGetwd:
		wd, err := vfs.Getwd(fsys)
		return wd + " " + res(err)
	case opChdirAbs:
		return res(s.chdir(s.abs(n1)))
	case opRenameAbs:
		return res(fsys.Rename(s.abs(n1), s.abs(n2)))
	case opRemoveAbs:
		return res(fsys.Remove(s.abs(n1)))
	}
	return s.runMore(o)
}

// dump lists the tree under the side's root: every entry's path, mode,
// size, link count, contents and symbolic link target.
func (s *diffSide) dump(t testing.TB) string {
	var b strings.Builder
	var walk func(rel string)
	walk = func(rel string) {
		full := s.root
		if rel != "" {
			full += "/" + rel
		}
		fi, err := vfs.Lstat(s.fsys, full)
		require.NoError(t, err)
		fmt.Fprintf(&b, "%s", describeAs("/"+rel, fi))
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := vfs.Readlink(s.fsys, full)
			require.NoError(t, err)
			fmt.Fprintf(&b, " -> %s\n", target)
		case fi.IsDir():
			b.WriteString("\n")
			if fi.Mode().Perm()&0o500 != 0o500 {
				// Let root's walk read it on both sides alike.
				require.NoError(t, s.fsys.Chmod(full, fi.Mode()|0o700))
				defer func() { require.NoError(t, s.fsys.Chmod(full, fi.Mode())) }()
			}
			f, err := s.fsys.Open(full)
			require.NoError(t, err)
			names, err := f.Readdirnames(-1)
			require.NoError(t, err)
			require.NoError(t, f.Close())
			slices.Sort(names)
			for _, n := range names {
				walk(path.Join(rel, n))
			}
		default:
			data, err := afero.ReadFile(s.fsys, full)
			if err != nil {
				fmt.Fprintf(&b, " read: %s\n", errClass(err))
				return
			}
			fmt.Fprintf(&b, " %s\n", short(data))
		}
	}
	walk("")
	return b.String()
}

// newSides returns a membackend side and an OS side for variant v, each
// with an empty directory to work in, acting as the same user.
func newSides(t testing.TB, v *diffVariant, opts ...membackend.Option) (mem, osys *diffSide) {
	opts = append([]membackend.Option{membackend.WithUmask(processUmask(t))}, opts...)
	if os.Geteuid() != 0 {
		// The operating system checks permissions for this user, so
		// membackend must act as the same user.
		opts = append(opts, membackend.WithUser(os.Geteuid(), os.Getegid()))
	}
	if v.mount {
		opts = append(opts, membackend.WithMount("/tmp/w/m", membackend.WithCapacity(diffMountSize)))
	}
	mfs := membackend.New(opts...)
	require.NoError(t, mfs.MkdirAll("/tmp/w", 0o755))
	require.NoError(t, mfs.Chmod("/tmp/w", 0o755))
	dir := t.TempDir()
	require.NoError(t, os.Chmod(dir, 0o755))
	t.Cleanup(func() { restorePerms(dir) }) // so that TempDir can remove it
	mem = &diffSide{v: v, fsys: mfs, root: "/tmp/w", chdir: mfs.Chdir}
	osys = &diffSide{v: v, fsys: osbackend.New(), root: dir, chdir: os.Chdir}
	if v.mount {
		mountTmpfs(t, dir+"/m") // before t.Chdir, whose cleanup must run first
		mem.mountDev, osys.mountDev = devOf(t, mfs, "/tmp/w/m"), devOf(t, osys.fsys, dir+"/m")
	}
	if v.relative {
		require.NoError(t, mfs.Chdir(mem.root))
		// The process's working directory: t.Chdir refuses a parallel test.
		t.Chdir(osys.root)
		// Without $PWD, os.Getwd asks getcwd(2), as membackend's Getwd
		// answers: with $PWD set it first stats ".", which fails in a
		// working directory without search permission.
		t.Setenv("PWD", "")
	}
	return mem, osys
}

// runDifferential runs ops on both sides of the base variant and fails at
// the first step whose outcome differs, listing the steps so far.
func runDifferential(t testing.TB, ops []diffOp, opts ...membackend.Option) {
	runVariant(t, baseVariant, ops, opts...)
}

// runVariant runs ops, their kinds taken modulo v.kinds, on both sides of
// variant v.
func runVariant(t testing.TB, v *diffVariant, ops []diffOp, opts ...membackend.Option) {
	mem, osys := newSides(t, v, opts...)
	defer mem.closeAll()
	defer osys.closeAll()
	var log []string
	for i, o := range ops {
		o.kind %= v.kinds
		gotMem, gotOS := mem.run(o), osys.run(o)
		log = append(log, fmt.Sprintf("%3d %-45s %s", i, v.format(o), osys.rel(gotOS)))
		if gotMem != osys.rel(gotOS) && mem.rel(gotMem) != osys.rel(gotOS) {
			t.Fatalf("step %d %v:\n  os:         %s\n  membackend: %s\nsteps:\n%s",
				i, v.format(o), osys.rel(gotOS), mem.rel(gotMem), strings.Join(log, "\n"))
		}
	}
	mem.closeAll()
	osys.closeAll()
	if dm, do := mem.dump(t), osys.dump(t); dm != do {
		t.Fatalf("trees differ\nos:\n%s\nmembackend:\n%s\nsteps:\n%s", do, dm, strings.Join(log, "\n"))
	}
}

// restorePerms gives the owner full access to every directory under dir.
func restorePerms(dir string) {
	_ = os.Chmod(dir, 0o700)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			restorePerms(dir + "/" + e.Name())
		}
	}
}

func TestDifferential(t *testing.T) {
	t.Parallel()
	scripts := map[string][]diffOp{
		"tree and errors": {
			{opMkdir, 2, 0, 2, 0}, {opMkdir, 2, 0, 2, 0}, {opWriteFile, 0, 0, 2, 0},
			{opMkdir, 0, 0, 2, 0}, {opMkdirAll, 0, 0, 2, 0}, {opMkdir, 14, 0, 2, 0},
			{opCreate, 13, 0, 0, 0}, {opCreate, 7, 0, 0, 0}, {opStat, 7, 0, 0, 0},
			{opRemove, 8, 0, 0, 0}, {opRemove, 9, 0, 0, 0}, {opRemove, 10, 0, 0, 0},
			{opRemoveAll, 9, 0, 0, 0}, {opRemoveAll, 7, 0, 0, 0}, {opStat, 0, 0, 0, 0},
		},
		"renames": {
			{opMkdir, 2, 0, 2, 0}, {opMkdir, 6, 0, 2, 0}, {opWriteFile, 0, 0, 2, 0},
			{opWriteFile, 3, 0, 3, 0}, {opRename, 2, 6, 0, 0}, {opRename, 6, 2, 0, 0},
			{opRename, 0, 2, 0, 0}, {opRename, 2, 0, 0, 0}, {opRename, 2, 5, 0, 0},
			{opRename, 0, 3, 0, 0}, {opRenameNoReplace, 3, 1, 0, 0}, {opRenameNoReplace, 1, 2, 0, 0},
			{opRename, 2, 2, 0, 0}, {opRename, 8, 6, 0, 0}, {opRename, 7, 1, 0, 0},
		},
		"handles": {
			{opOpenFile, 0, 5, 1, 0}, {opWrite, 0, 0, 3, 0}, {opOpenFile, 0, 8, 1, 1},
			{opWrite, 1, 0, 2, 0}, {opSeek, 0, 0, 0, 0}, {opWrite, 0, 0, 1, 0},
			{opWriteAt, 1, 0, 1, 0}, {opReadAt, 0, 0, 19, 2}, {opRemove, 0, 0, 0, 0},
			{opWrite, 0, 0, 4, 0}, {opFStat, 0, 0, 0, 0}, {opTruncate, 0, 0, 0, 4},
			{opClose, 0, 0, 0, 0}, {opWrite, 0, 0, 1, 0}, {opFStat, 0, 0, 0, 0},
			{opClose, 0, 0, 0, 0}, {opSeek, 0, 0, 0, 0}, {opReadAt, 0, 0, 3, 0},
		},
		"symlinks": {
			{opMkdir, 2, 0, 2, 0}, {opSymlink, 0, 11, 3, 0}, {opSymlink, 0, 12, 8, 0},
			{opOpenFile, 11, 5, 1, 0}, {opStat, 11, 0, 0, 0}, {opLstat, 11, 0, 0, 0},
			{opReadlink, 11, 0, 0, 0}, {opCreateExclusive, 12, 0, 0, 0}, {opRemove, 11, 0, 0, 0},
			{opSymlink, 0, 11, 4, 0}, {opStat, 11, 0, 0, 0}, {opLink, 12, 1, 0, 0},
		},
		"offsets as os checks them": {
			{opWriteFile, 0, 0, 2, 0}, {opOpenFile, 0, 8, 1, 0}, {opWriteAt, 0, 0, 1, 0},
			{opWriteAt, 0, 0, 1, 7}, {opOpenFile, 0, 2, 1, 1}, {opReadAt, 1, 0, 5, 7},
			{opWriteAt, 1, 0, 2, 7}, {opReadAt, 1, 0, 0, 7}, {opClose, 1, 0, 0, 0},
			{opReadAt, 1, 0, 5, 7}, {opReadAt, 1, 0, 0, 0}, {opWriteAt, 1, 0, 0, 0},
			{opWriteAt, 1, 0, 1, 0}, {opReadAt, 1, 0, 5, 0}, {opClose, 0, 0, 0, 0},
			{opWriteAt, 0, 0, 1, 7}, {opWriteAt, 0, 0, 0, 0},
		},
		"anonymous": {
			{opMkdir, 2, 0, 2, 0}, {opCreateAnonymous, 2, 0, 0, 0}, {opWrite, 0, 0, 2, 0},
			{opCreatePublishable, 2, 0, 0, 1}, {opWrite, 1, 0, 3, 0}, {opPublish, 0, 3, 0, 1},
			{opPublish, 0, 3, 0, 1}, {opReadFile, 3, 0, 0, 0}, {opCreateAnonymous, 0, 0, 0, 2},
			{opSyncDir, 2, 0, 0, 0}, {opSyncDir, 3, 0, 0, 0}, {opSyncDir, 13, 0, 0, 0},
		},
	}
	for name, ops := range scripts {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runDifferential(t, ops)
		})
	}
	for i := range uint64(*diffSeeds) {
		seed := *diffFirstSeed + i
		t.Run(fmt.Sprintf("random/%d", seed), func(t *testing.T) {
			t.Parallel()
			runDifferential(t, randomOps(seed, *diffOps))
		})
	}
}

func FuzzDifferential(f *testing.F) {
	for seed := range uint64(4) {
		var b bytes.Buffer
		for _, o := range randomOps(seed, 20) {
			b.Write([]byte{o.kind, o.a, o.b, o.c, o.d})
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ops := decodeOps(data)
		if len(ops) > 200 {
			ops = ops[:200]
		}
		runDifferential(t, ops)
	})
}
