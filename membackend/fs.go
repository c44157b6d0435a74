package membackend

import (
	"io/fs"
	"os"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/vfs"
)

const (
	modeDir     = fs.ModeDir
	modeSymlink = fs.ModeSymlink
	accMode     = os.O_RDONLY | os.O_WRONLY | os.O_RDWR
)

// anonLabel is the last element of the Name of an anonymous File.
const anonLabel = "(anonymous)"

// FS is an in-memory filesystem. Create one with [New]; the zero FS is not
// usable. All methods are safe for concurrent use.
type FS struct {
	root     *inode // "/", the root of the root device
	umask    fs.FileMode
	uid, gid uint32
	err      error // what New could not apply

	// cwd is the working directory: the directory node, not its name, so
	// that it follows a rename and outlives a removal as a process's does.
	cwd atomic.Pointer[inode]

	// renameMu serialises renames between two directories, so that the
	// check that a directory is not moved into itself sees a stable tree.
	renameMu sync.Mutex
}

var (
	_ vfs.Fs                = (*FS)(nil)
	_ vfs.ExclusiveFS       = (*FS)(nil)
	_ vfs.AnonymousFS       = (*FS)(nil)
	_ vfs.PublishFS         = (*FS)(nil)
	_ vfs.LinkFS            = (*FS)(nil)
	_ vfs.RenameNoReplaceFS = (*FS)(nil)
	_ vfs.SyncDirFS         = (*FS)(nil)
	_ vfs.RemoveTreeFS      = (*FS)(nil)
	_ vfs.TempDirFS         = (*FS)(nil)
	_ vfs.WorkingDirFS      = (*FS)(nil)
	_ afero.Symlinker       = (*FS)(nil)
)

// New returns a filesystem holding the root directory "/" (mode 0o755)
// and "/tmp" (mode 0o1777, world-writable and sticky), both owned by root,
// on one device, and then the mounts of [WithMount] and [WithLinuxHost].
// The working directory is "/". New never fails: [FS.Err] reports an
// option it could not apply.
func New(opts ...Option) *FS {
	c := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o.applyFS(&c)
		}
	}
	fsys := &FS{umask: c.umask, uid: uint32(c.uid), gid: uint32(c.gid)}
	now := now()
	root := fsys.newRootDir(newDevice(c.root), 0o755, now)
	root.ext.parent.Store(root)
	tmp := fsys.newRootDir(root.dev, 0o777|fs.ModeSticky, now)
	tmp.ext.parent.Store(root)
	root.setEntry("tmp", tmp)
	fsys.root = root
	fsys.cwd.Store(root)
	fsys.layOut(c.layout)
	return fsys
}

// Name returns "membackend".
func (*FS) Name() string { return "membackend" }

// TempDirs returns ["/tmp"].
func (*FS) TempDirs() []string { return []string{"/tmp"} }

func pathErr(op, name string, err error) error {
	return &fs.PathError{Op: op, Path: name, Err: err}
}

func linkErr(op, oldname, newname string, err error) error {
	return &os.LinkError{Op: op, Old: oldname, New: newname, Err: err}
}

// link makes a new entry base in dir for the inode that mk returns, unless
// base exists (EEXIST). mk runs with dir locked, once the directory may be
// written, and counts the new link in the inode it returns, or returns
// why the inode cannot be linked. from is the device of the existing
// inode that mk links, nil if mk makes a new one.
func (fsys *FS) link(dir *inode, base string, from *device, mk func(stamp) (*inode, syscall.Errno)) (*inode, syscall.Errno) {
	dir.mu.Lock()
	defer dir.mu.Unlock()
	// The kernel's order: the name exists, the device is read-only, the
	// link would cross devices, the directory was removed, no permission
	// to write it.
	if base == "/" || base == "." || base == ".." || dir.ext.entries[base] != nil {
		return nil, syscall.EEXIST
	}
	if errno := dir.dev.writable(); errno != 0 {
		return nil, errno
	}
	if from != nil && from != dir.dev {
		return nil, syscall.EXDEV
	}
	if dir.ext.removed {
		return nil, syscall.ENOENT
	}
	if !fsys.may(dir, mayWrite|mayExec) {
		return nil, syscall.EACCES
	}
	now := now()
	n, errno := mk(now)
	if errno != 0 {
		return nil, errno
	}
	if from == nil && dir.perm&fs.ModeSetgid != 0 {
		// A set-group-ID directory gives its group to new entries, and
		// its set-group-ID bit to new directories.
		n.gid = dir.gid
		if n.isDir() {
			n.perm |= fs.ModeSetgid
		}
	}
	if n.isDir() {
		n.ext.parent.Store(dir)
	}
	dir.setEntry(base, n)
	dir.touch(now)
	return n, 0
}

// lookup resolves name to an existing inode, or an error with op.
func (fsys *FS) lookup(op, name string, follow followMode) (*inode, error) {
	n, errno := fsys.node(name, follow)
	if errno != 0 {
		return nil, pathErr(op, name, errno)
	}
	return n, nil
}

// node resolves name to the inode it refers to: ENOENT if nothing does,
// ENOTDIR if it has a trailing slash and is not a directory.
func (fsys *FS) node(name string, follow followMode) (*inode, syscall.Errno) {
	l, errno := fsys.resolve(name, follow)
	switch {
	case errno != 0:
		return nil, errno
	case l.node == nil:
		return nil, syscall.ENOENT
	case l.notDir():
		return nil, syscall.ENOTDIR
	}
	return l.node, 0
}

// dirNode resolves name, following symbolic links, to a directory:
// ENOTDIR if it is anything else.
func (fsys *FS) dirNode(name string) (*inode, syscall.Errno) {
	n, errno := fsys.node(name, followAll)
	if errno == 0 && !n.isDir() {
		return nil, syscall.ENOTDIR
	}
	return n, errno
}

// basename returns the last element of name as os.Stat names it.
func basename(name string) string {
	i := len(name) - 1
	for i > 0 && (name[i] == '/' || os.IsPathSeparator(name[i])) {
		name = name[:i]
		i--
	}
	for i--; i >= 0; i-- {
		if name[i] == '/' || os.IsPathSeparator(name[i]) {
			name = name[i+1:]
			break
		}
	}
	return name
}
