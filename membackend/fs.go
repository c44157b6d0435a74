package membackend

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

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
	root     *inode
	umask    fs.FileMode
	capacity int64 // negative: no limit
	uid, gid uint32
	dev      uint64 // the device number Stat reports

	used    atomic.Int64  // bytes held by regular files
	nextIno atomic.Uint64 // last inode number handed out

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
	_ afero.Symlinker       = (*FS)(nil)
)

// lastDev is the device number the newest FS reports.
var lastDev atomic.Uint64

// newDev returns a device number no other FS of the process reports, in
// the range of Linux's anonymous devices (major 0), as tmpfs has.
func newDev() uint64 { return 0x40 + lastDev.Add(1) }

// New returns an empty filesystem holding the root directory "/" (mode
// 0o755) and "/tmp" (mode 0o1777, world-writable and sticky), both owned
// by root.
func New(opts ...Option) *FS {
	c := defaultConfig()
	for _, o := range opts {
		o.apply(&c)
	}
	fsys := &FS{umask: c.umask, capacity: c.capacity, uid: uint32(c.uid), gid: uint32(c.gid), dev: newDev()}
	now := now()
	root := fsys.newInode(modeDir, 0o755, now)
	root.uid, root.gid = 0, 0
	root.nlink = 1
	root.ext.parent.Store(root)
	tmp := fsys.newInode(modeDir, 0o777|fs.ModeSticky, now)
	tmp.uid, tmp.gid = 0, 0
	tmp.nlink = 1
	tmp.ext.parent.Store(root)
	root.setEntry("tmp", tmp)
	fsys.root = root
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

// Create creates or truncates the named file, as [os.Create]: mode 0o666
// before the umask, opened for reading and writing.
func (fsys *FS) Create(name string) (afero.File, error) {
	return fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// Open opens the named file or directory for reading, as [os.Open].
func (fsys *FS) Open(name string) (afero.File, error) {
	return fsys.OpenFile(name, os.O_RDONLY, 0)
}

// OpenFile opens the named file with the access mode, flags and, for a
// file it creates, the permission bits perm (before the umask), as
// [os.OpenFile] does on Linux. The File it returns is a [*File].
//
// O_CREATE|O_EXCL is atomic and never follows a symbolic link at the final
// component; O_CREATE alone follows one and creates its target. O_TRUNC
// truncates a regular file whatever the access mode, as Linux does, and
// fails with EISDIR on a directory.
// O_SYNC and other flags are accepted and ignored.
func (fsys *FS) OpenFile(name string, flag int, perm fs.FileMode) (afero.File, error) {
	f, err := fsys.openFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (fsys *FS) openFile(name string, flag int, perm fs.FileMode) (*File, error) {
	acc := flag & accMode
	if acc == accMode {
		return nil, pathErr("open", name, syscall.EINVAL)
	}
	creat := flag&os.O_CREATE != 0
	excl := creat && flag&os.O_EXCL != 0
	for {
		follow := followAll
		if excl {
			follow = followSlash
		}
		if creat && strings.HasSuffix(name, "/") {
			// Linux refuses to create "x/" once it has walked to the
			// directory that would hold it, before it looks at x.
			follow = followNone
		}
		l, errno := fsys.resolve(name, follow)
		if errno != 0 {
			return nil, pathErr("open", name, errno)
		}
		if creat && l.slash {
			return nil, pathErr("open", name, syscall.EISDIR)
		}
		if l.notDir() {
			return nil, pathErr("open", name, syscall.ENOTDIR)
		}
		if l.node == nil {
			if !creat {
				return nil, pathErr("open", name, syscall.ENOENT)
			}
			n, errno := fsys.link(l.dir, l.base, true, func(now stamp) (*inode, syscall.Errno) {
				n := fsys.newInode(0, perm&modeBits&^fsys.umask, now)
				n.nlink, n.opens = 1, 1
				return n, 0
			})
			switch errno {
			case 0:
				return newFile(fsys, n, name, flag), nil
			case syscall.EEXIST:
				if excl {
					return nil, pathErr("open", name, errno)
				}
				continue // created meanwhile: open what is there now
			default:
				return nil, pathErr("open", name, errno)
			}
		}
		if excl {
			return nil, pathErr("open", name, syscall.EEXIST)
		}
		n := l.node
		n.mu.Lock()
		if n.isDir() && n.ext.removed || !n.isDir() && n.nlink == 0 {
			n.mu.Unlock()
			continue // removed meanwhile: look again
		}
		if n.isDir() && (creat || acc != os.O_RDONLY || flag&os.O_TRUNC != 0) {
			n.mu.Unlock()
			return nil, pathErr("open", name, syscall.EISDIR)
		}
		trunc := flag&os.O_TRUNC != 0 && !n.isDir()
		var want fs.FileMode
		if acc != os.O_WRONLY {
			want |= mayRead
		}
		if acc != os.O_RDONLY || trunc {
			want |= mayWrite
		}
		if !fsys.may(n, want) {
			n.mu.Unlock()
			return nil, pathErr("open", name, syscall.EACCES)
		}
		if trunc && n.data.size > 0 {
			fsys.truncate(n, 0)
		}
		n.opens++
		n.mu.Unlock()
		return newFile(fsys, n, name, flag), nil
	}
}

// link makes a new entry base in dir for the inode that mk returns, unless
// base exists (EEXIST). mk runs with dir locked, once the directory may be
// written, and counts the new link in the inode it returns, or returns
// why the inode cannot be linked.
// fresh says that mk makes a new inode rather than linking an existing one.
func (fsys *FS) link(dir *inode, base string, fresh bool, mk func(stamp) (*inode, syscall.Errno)) (*inode, syscall.Errno) {
	dir.mu.Lock()
	defer dir.mu.Unlock()
	// The kernel's order: the name exists, the directory was removed, no
	// permission to write it.
	if base == "/" || base == "." || base == ".." || dir.ext.entries[base] != nil {
		return nil, syscall.EEXIST
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
	if fresh && dir.perm&fs.ModeSetgid != 0 {
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

// CreateExclusive creates the named file with mode perm (before the
// umask), opened for reading and writing. If anything, a symbolic link
// included, exists at name, it fails with an error matching [fs.ErrExist]
// (syscall.EEXIST). Of any number of concurrent callers exactly one
// succeeds.
func (fsys *FS) CreateExclusive(name string, perm fs.FileMode) (vfs.File, error) {
	return fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
}

// CreateAnonymous creates a regular file with mode perm (before the umask)
// in directory dir, opened for reading and writing, that no name refers
// to. Its data is freed when the File is closed. Its Name is dir joined
// with "(anonymous)", which refers to nothing.
func (fsys *FS) CreateAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	f, err := fsys.createAnonymous(dir, perm, false)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// CreatePublishable creates an anonymous file in dir, as
// [FS.CreateAnonymous] does, that [FS.Publish] can give a name once.
func (fsys *FS) CreatePublishable(dir string, perm fs.FileMode) (vfs.File, error) {
	f, err := fsys.createAnonymous(dir, perm, true)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (fsys *FS) createAnonymous(dir string, perm fs.FileMode, linkable bool) (*File, error) {
	d, errno := fsys.dirNode(dir)
	if errno != 0 {
		return nil, pathErr("open", dir, errno)
	}
	n := fsys.newInode(0, perm&modeBits&^fsys.umask, now())
	d.mu.RLock()
	switch {
	case d.ext.removed:
		errno = syscall.ENOENT
	case !fsys.may(d, mayWrite|mayExec):
		errno = syscall.EACCES
	case d.perm&fs.ModeSetgid != 0:
		n.gid = d.gid
	}
	d.mu.RUnlock()
	if errno != 0 {
		return nil, pathErr("open", dir, errno)
	}
	n.opens = 1
	n.linkable = linkable
	f := newFile(fsys, n, path.Join(dir, anonLabel), os.O_RDWR)
	f.publishable = linkable
	return f, nil
}

// Publish gives f, a File made by [FS.CreatePublishable] on fsys, the name
// newname. It never replaces: if anything exists at newname it fails with
// an [*os.LinkError] matching [fs.ErrExist]. f stays open. A File can be
// published once; a second Publish, or one of any other File, fails with
// an error wrapping [fs.ErrInvalid], and one of a closed File with an
// error wrapping [fs.ErrClosed].
func (fsys *FS) Publish(file vfs.File, newname string) error {
	f, ok := file.(*File)
	if !ok || f.fsys != fsys || !f.publishable {
		return linkErr("link", file.Name(), newname,
			fmt.Errorf("%w: not a file made by CreatePublishable on this filesystem", fs.ErrInvalid))
	}
	if f.closed.Load() {
		return linkErr("link", f.name, newname, fs.ErrClosed)
	}
	l, errno := fsys.resolve(newname, followNone)
	switch {
	case errno != 0:
	case l.node != nil:
		errno = syscall.EEXIST
	case l.slash:
		errno = syscall.ENOENT
	}
	if errno != 0 {
		return linkErr("link", f.name, newname, errno)
	}
	var published, closed bool
	_, errno = fsys.link(l.dir, l.base, false, func(stamp) (*inode, syscall.Errno) {
		n := f.node
		n.mu.Lock()
		defer n.mu.Unlock()
		if f.closed.Load() {
			// Close gives up the inode under its lock, after marking f.
			closed = true
			return nil, syscall.EBADF
		}
		if !n.linkable {
			published = true
			return nil, syscall.EINVAL
		}
		n.linkable = false
		n.nlink++
		return n, 0
	})
	if closed {
		return linkErr("link", f.name, newname, fs.ErrClosed)
	}
	if published {
		return linkErr("link", f.name, newname, fmt.Errorf("%w: file already published", fs.ErrInvalid))
	}
	if errno != 0 {
		return linkErr("link", f.name, newname, errno)
	}
	return nil
}

// Mkdir creates the directory name with the permission bits and sticky
// bit of perm, minus the umask, as [os.Mkdir].
func (fsys *FS) Mkdir(name string, perm fs.FileMode) error {
	l, errno := fsys.resolve(name, followNone)
	if errno == 0 && l.node != nil {
		errno = syscall.EEXIST
	}
	if errno == 0 {
		_, errno = fsys.link(l.dir, l.base, true, func(now stamp) (*inode, syscall.Errno) {
			n := fsys.newInode(modeDir, perm&(fs.ModePerm|fs.ModeSticky)&^fsys.umask, now)
			n.nlink = 1
			return n, 0
		})
	}
	if errno != 0 {
		return pathErr("mkdir", name, errno)
	}
	return nil
}

// MkdirAll creates the directory name and any missing parents with the
// permission bits of perm (before the umask), as [os.MkdirAll]: it does
// nothing if name is already a directory.
func (fsys *FS) MkdirAll(name string, perm fs.FileMode) error {
	// The structure of os.MkdirAll, for the same results.
	if fi, err := fsys.Stat(name); err == nil {
		if fi.IsDir() {
			return nil
		}
		return pathErr("mkdir", name, syscall.ENOTDIR)
	}
	i := len(name) - 1
	for i >= 0 && os.IsPathSeparator(name[i]) {
		i--
	}
	for i >= 0 && !os.IsPathSeparator(name[i]) {
		i--
	}
	if i < 0 {
		i = 0
	}
	if parent := name[:i]; len(parent) > 0 {
		if err := fsys.MkdirAll(parent, perm); err != nil {
			return err
		}
	}
	err := fsys.Mkdir(name, perm)
	if err != nil {
		if fi, lerr := fsys.lstat("mkdir", name); lerr == nil && fi.IsDir() {
			return nil
		}
		return err
	}
	return nil
}

// Remove removes the named file or empty directory, as [os.Remove]: a
// directory with entries gives ENOTEMPTY. A removed file that is open
// stays readable and writable through its Files.
func (fsys *FS) Remove(name string) error {
	if errno := fsys.remove(name); errno != 0 {
		return pathErr("remove", name, errno)
	}
	return nil
}

func (fsys *FS) remove(name string) syscall.Errno {
	l, errno := fsys.resolve(name, followNone)
	if errno != 0 {
		return errno
	}
	// os.Remove tries unlink(2), then rmdir(2), and reports rmdir's error
	// unless it is ENOTDIR.
	var e syscall.Errno
	switch {
	case !l.slash:
		e = fsys.unlink(l.dir, l.base, false)
	case l.node == nil:
		e = syscall.ENOENT
	case l.node.isDir():
		e = syscall.EISDIR
	default:
		e = syscall.ENOTDIR
	}
	if e == 0 {
		return 0
	}
	if e1 := fsys.unlink(l.dir, l.base, true); e1 == 0 {
		return 0
	} else if e1 != syscall.ENOTDIR {
		e = e1
	}
	return e
}

// unlink removes the entry base from dir as unlink(2) does, or as
// rmdir(2) does if rmdir is set, with their errors in the kernel's order.
func (fsys *FS) unlink(dir *inode, base string, rmdir bool) syscall.Errno {
	if fsys.uid != 0 {
		dir.mu.RLock()
		ok := fsys.may(dir, mayExec)
		dir.mu.RUnlock()
		if !ok {
			return syscall.EACCES
		}
	}
	switch base {
	case "/":
		if rmdir {
			return syscall.EBUSY
		}
		return syscall.EISDIR
	case ".":
		if rmdir {
			return syscall.EINVAL
		}
		return syscall.EISDIR
	case "..":
		if rmdir {
			return syscall.ENOTEMPTY
		}
		return syscall.EISDIR
	}
	dir.mu.Lock()
	defer dir.mu.Unlock()
	if !fsys.may(dir, mayExec) {
		return syscall.EACCES
	}
	child := dir.ext.entries[base]
	if child == nil {
		return syscall.ENOENT
	}
	if !fsys.may(dir, mayWrite|mayExec) {
		return syscall.EACCES
	}
	if fsys.stickyDenied(dir, child) {
		return syscall.EPERM
	}
	switch {
	case rmdir && !child.isDir():
		return syscall.ENOTDIR
	case !rmdir && child.isDir():
		return syscall.EISDIR
	}
	child.mu.Lock()
	if child.isDir() {
		if len(child.ext.entries) > 0 {
			child.mu.Unlock()
			return syscall.ENOTEMPTY
		}
		child.ext.removed = true
	}
	t := now()
	child.nlink--
	child.setTime(tChange, t)
	fsys.maybeFree(child)
	child.mu.Unlock()
	dir.deleteEntry(base)
	dir.touch(t)
	return 0
}

// RemoveAll removes name and everything it contains, as [os.RemoveAll]:
// a missing name is not an error, "" does nothing, and a name ending in
// "." fails with EINVAL. It costs time in proportion to what it removes,
// never to the size of the filesystem.
func (fsys *FS) RemoveAll(name string) error {
	if name == "" {
		return nil
	}
	if os.PathSeparator != '/' {
		name = strings.ReplaceAll(name, string(os.PathSeparator), "/")
	}
	if name == "." || strings.HasSuffix(name, "/.") {
		return pathErr("RemoveAll", name, syscall.EINVAL)
	}
	// The steps of os.RemoveAll: try Remove; then open the parent and
	// remove the entry from it, emptying it first if it is a directory.
	if errno := fsys.remove(name); errno == 0 || errno == syscall.ENOENT {
		return nil
	}
	parentDir, base := splitPath(name)
	pl, errno := fsys.resolve(parentDir, followAll)
	switch {
	case errno == 0 && pl.node == nil:
		errno = syscall.ENOENT
	case errno == 0 && pl.notDir():
		errno = syscall.ENOTDIR
	case errno == 0:
		pl.node.mu.RLock()
		if !fsys.may(pl.node, mayRead) { // os opens the parent O_RDONLY
			errno = syscall.EACCES
		}
		pl.node.mu.RUnlock()
	}
	switch {
	case errno == syscall.ENOENT:
		return nil
	case errno != 0:
		return pathErr("open", parentDir, errno)
	case !pl.node.isDir():
		return pathErr("unlinkat", parentDir+"/"+base, syscall.ENOTDIR)
	}
	return fsys.removeAllFrom(pl.node, base, &pathElem{name: parentDir})
}

// A pathElem is one element of the path that removeAllFrom is at, linked
// to its parent's, so that a path string is built only for an error.
type pathElem struct {
	parent *pathElem
	name   string
}

func (p *pathElem) join(base string) string {
	var s string
	for e := p; e != nil; e = e.parent {
		s = e.name + "/" + s
	}
	return s + base
}

// removeAllFrom removes the entry base of directory parent, whose path
// is at, and everything in it, step by step as os.RemoveAll does on
// Linux: it removes what it can and reports the first failure.
func (fsys *FS) removeAllFrom(parent *inode, base string, at *pathElem) error {
	errno := fsys.unlink(parent, base, false)
	if errno == 0 || errno == syscall.ENOENT {
		return nil
	}
	if errno != syscall.EISDIR && errno != syscall.EPERM && errno != syscall.EACCES {
		return pathErr("unlinkat", at.join(base), errno)
	}
	uErr := errno
	var recurseErr error
	d, errno := fsys.openDirAt(parent, base)
	switch errno {
	case 0:
		d.mu.RLock()
		names := make([]string, 0, len(d.ext.entries))
		for n := range d.ext.entries {
			names = append(names, n)
		}
		d.mu.RUnlock()
		slices.Sort(names)
		here := &pathElem{parent: at, name: base}
		for _, n := range names {
			if err := fsys.removeAllFrom(d, n, here); err != nil && recurseErr == nil {
				recurseErr = err
			}
		}
	case syscall.ENOENT:
		return nil
	case syscall.ENOTDIR:
		return pathErr("unlinkat", at.join(base), uErr)
	case syscall.ELOOP:
		recurseErr = pathErr("openfdat", at.join(base), uErr)
	default:
		recurseErr = pathErr("openfdat", at.join(base), errno)
	}
	errno = fsys.unlink(parent, base, true)
	if errno == 0 || errno == syscall.ENOENT {
		return nil
	}
	if recurseErr != nil {
		return recurseErr
	}
	return pathErr("unlinkat", at.join(base), errno)
}

// openDirAt finds the directory base in parent as opening it with
// O_RDONLY|O_DIRECTORY|O_NOFOLLOW would: ELOOP for a symbolic link,
// ENOTDIR for anything else that is not a directory, EACCES without
// permission to read it.
func (fsys *FS) openDirAt(parent *inode, base string) (*inode, syscall.Errno) {
	parent.mu.RLock()
	ok := fsys.may(parent, mayExec)
	var d *inode
	switch base {
	case "/":
		d = fsys.root
	case ".":
		d = parent
	case "..":
		d = parent.parent()
	default:
		d = parent.ext.entries[base]
	}
	parent.mu.RUnlock()
	switch {
	case !ok:
		return nil, syscall.EACCES
	case d == nil:
		return nil, syscall.ENOENT
	case d.kind == modeSymlink:
		return nil, syscall.ELOOP
	case !d.isDir():
		return nil, syscall.ENOTDIR
	}
	d.mu.RLock()
	ok = fsys.may(d, mayRead)
	d.mu.RUnlock()
	if !ok {
		return nil, syscall.EACCES
	}
	return d, 0
}

// splitPath splits a path into its parent directory and last element as
// os.RemoveAll does: trailing slashes are dropped, and a path with no
// slash has parent ".".
func splitPath(p string) (dir, base string) {
	dir = "."
	for len(p) > 1 && p[0] == '/' && p[1] == '/' {
		p = p[1:]
	}
	i := len(p) - 1
	for ; i > 0 && p[i] == '/'; i-- {
		p = p[:i]
	}
	base = p
	for i--; i >= 0; i-- {
		if p[i] == '/' {
			if i == 0 {
				dir = p[:1]
			} else {
				dir = p[:i]
			}
			base = p[i+1:]
			break
		}
	}
	return dir, base
}

// Rename renames (moves) oldname to newname, as [os.Rename] does on Linux:
// an existing file at newname is replaced atomically; an existing
// directory at newname gives EEXIST; moving a directory into itself gives
// EINVAL; a directory over a file gives ENOTDIR. Open Files keep working
// and keep their names. Renaming a directory moves its whole tree in
// constant time. Errors are [*os.LinkError].
func (fsys *FS) Rename(oldname, newname string) error {
	return fsys.rename(oldname, newname, false)
}

// RenameNoReplace renames oldname to newname in one atomic step, failing
// with an [*os.LinkError] matching [fs.ErrExist] (syscall.EEXIST), and
// changing nothing, if anything exists at newname.
func (fsys *FS) RenameNoReplace(oldname, newname string) error {
	return fsys.rename(oldname, newname, true)
}

func (fsys *FS) rename(oldname, newname string, noReplace bool) error {
	if !noReplace {
		if errno := fsys.renameDirCheck(oldname, newname); errno != 0 {
			return linkErr("rename", oldname, newname, errno)
		}
	}
	lo, eo := fsys.resolve(oldname, followNone)
	ln, en := fsys.resolve(newname, followNone)
	errno := renameCheck(&lo, eo, &ln, en, noReplace)
	if errno == 0 {
		errno = fsys.move(lo.dir, lo.base, ln.dir, ln.base, noReplace)
	}
	if errno != 0 {
		return linkErr("rename", oldname, newname, errno)
	}
	return nil
}

// renameDirCheck is the check os.Rename makes before calling rename(2):
// if Lstat(newname) finds a directory, it fails with EEXIST unless
// oldname is another name of that directory, and reports a bad oldname
// (as Lstat sees it) first.
func (fsys *FS) renameDirCheck(oldname, newname string) syscall.Errno {
	ln, errno := fsys.resolve(newname, followSlash)
	if errno != 0 || ln.node == nil || ln.notDir() || !ln.node.isDir() {
		return 0
	}
	lo, errno := fsys.resolve(oldname, followSlash)
	switch {
	case errno != 0:
		return errno
	case lo.node == nil:
		return syscall.ENOENT
	case lo.notDir():
		return syscall.ENOTDIR
	case oldname == newname || lo.node != ln.node:
		return syscall.EEXIST
	}
	return 0
}

// renameCheck returns the first error that rename(2), or renameat2 with
// RENAME_NOREPLACE, gives on Linux for the names resolved without
// following a final symbolic link, in the order the kernel checks, before
// the directories are locked.
func renameCheck(lo *lookup, eo syscall.Errno, ln *lookup, en syscall.Errno, noReplace bool) syscall.Errno {
	switch {
	case eo != 0:
		return eo
	case en != 0:
		return en
	case lo.dotted():
		return syscall.EBUSY
	case ln.dotted() && noReplace:
		return syscall.EEXIST
	case ln.dotted():
		return syscall.EBUSY
	case lo.node == nil:
		return syscall.ENOENT
	case noReplace && ln.node != nil:
		return syscall.EEXIST
	case !lo.node.isDir() && (lo.slash || ln.slash):
		return syscall.ENOTDIR
	}
	return 0
}

// move moves the entry ob of od to nb in nd.
func (fsys *FS) move(od *inode, ob string, nd *inode, nb string, noReplace bool) syscall.Errno {
	if od == nd {
		od.mu.Lock()
		defer od.mu.Unlock()
	} else {
		fsys.renameMu.Lock()
		defer fsys.renameMu.Unlock()
		// Lock an ancestor before its descendant, as rmdir does, and
		// unrelated directories in inode order.
		first, second := od, nd
		if isAncestor(nd, od) || !isAncestor(od, nd) && nd.ino.Load() < od.ino.Load() {
			first, second = nd, od
		}
		first.mu.Lock()
		defer first.mu.Unlock()
		second.mu.Lock()
		defer second.mu.Unlock()
	}
	// The checks of renameat2(2) and vfs_rename, in their order.
	src := od.ext.entries[ob]
	if src == nil {
		return syscall.ENOENT
	}
	dst := nd.ext.entries[nb]
	if dst != nil && noReplace {
		return syscall.EEXIST
	}
	if od != nd && src.isDir() && isAncestor(src, nd) {
		return syscall.EINVAL // a directory into itself
	}
	if od != nd && dst != nil && dst.isDir() && isAncestor(dst, od) {
		return syscall.ENOTEMPTY // over an ancestor of the source
	}
	if dst == src {
		return 0 // two names of one file: nothing to do
	}
	if !fsys.may(od, mayWrite|mayExec) {
		return syscall.EACCES
	}
	if fsys.stickyDenied(od, src) {
		return syscall.EPERM
	}
	if dst == nil && nd.ext.removed {
		return syscall.ENOENT
	}
	if !fsys.may(nd, mayWrite|mayExec) {
		return syscall.EACCES
	}
	if dst != nil {
		if fsys.stickyDenied(nd, dst) {
			return syscall.EPERM
		}
		switch {
		case src.isDir() && !dst.isDir():
			return syscall.ENOTDIR
		case !src.isDir() && dst.isDir():
			return syscall.EISDIR
		case dst.isDir():
			// Only a concurrent change gets here past os.Rename's check;
			// membackend never replaces a directory.
			return syscall.EEXIST
		}
	}
	if od != nd && src.isDir() && fsys.uid != 0 {
		// Moving a directory rewrites its "..".
		src.mu.RLock()
		ok := fsys.may(src, mayWrite)
		src.mu.RUnlock()
		if !ok {
			return syscall.EACCES
		}
	}
	now := now()
	if dst != nil {
		dst.mu.Lock()
		dst.nlink--
		dst.setTime(tChange, now)
		fsys.maybeFree(dst)
		dst.mu.Unlock()
	}
	od.deleteEntry(ob)
	nd.setEntry(nb, src)
	if src.isDir() {
		src.ext.parent.Store(nd)
	}
	od.touch(now)
	nd.touch(now)
	return 0
}

// isAncestor reports whether a is d or one of d's ancestors. The caller
// holds renameMu or otherwise knows that no directory moves meanwhile.
func isAncestor(a, d *inode) bool {
	for {
		if d == a {
			return true
		}
		p := d.parent()
		if p == d {
			return false
		}
		d = p
	}
}

// Link creates newname as a hard link to the file oldname, as [os.Link]:
// a directory gives EPERM and an existing newname EEXIST. A symbolic link
// at oldname is linked, not followed.
func (fsys *FS) Link(oldname, newname string) error {
	// linkat(2) resolves oldname in full before it looks at newname.
	old, errno := fsys.node(oldname, followSlash)
	if errno != 0 {
		return linkErr("link", oldname, newname, errno)
	}
	ln, errno := fsys.resolve(newname, followNone)
	switch {
	case errno != 0:
	case ln.dotted() || ln.node != nil:
		errno = syscall.EEXIST
	case ln.slash:
		errno = syscall.ENOENT
	default:
		_, errno = fsys.link(ln.dir, ln.base, false, func(now stamp) (*inode, syscall.Errno) {
			n := old
			if n.isDir() {
				return nil, syscall.EPERM
			}
			n.mu.Lock()
			defer n.mu.Unlock()
			if n.nlink == 0 {
				return nil, syscall.ENOENT
			}
			n.nlink++
			n.setTime(tChange, now)
			return n, 0
		})
	}
	if errno != 0 {
		return linkErr("link", oldname, newname, errno)
	}
	return nil
}

// SymlinkIfPossible creates newname as a symbolic link to oldname, as
// [os.Symlink]. oldname is stored as given and resolved when the link is
// followed, relative to the link's directory unless it is absolute.
func (fsys *FS) SymlinkIfPossible(oldname, newname string) error {
	if oldname == "" {
		return linkErr("symlink", oldname, newname, syscall.ENOENT)
	}
	if len(oldname) >= pathMax {
		return linkErr("symlink", oldname, newname, syscall.ENAMETOOLONG)
	}
	if strings.IndexByte(oldname, 0) >= 0 {
		return linkErr("symlink", oldname, newname, syscall.EINVAL)
	}
	l, errno := fsys.resolve(newname, followNone)
	switch {
	case errno != 0:
	case l.node != nil:
		errno = syscall.EEXIST
	case l.slash:
		errno = syscall.ENOENT
	default:
		_, errno = fsys.link(l.dir, l.base, true, func(now stamp) (*inode, syscall.Errno) {
			n := fsys.newInode(modeSymlink, fs.ModePerm, now)
			n.ext = &extra{target: oldname}
			n.nlink = 1
			n.data.size = int64(len(oldname))
			return n, 0
		})
	}
	if errno != 0 {
		return linkErr("symlink", oldname, newname, errno)
	}
	return nil
}

// ReadlinkIfPossible returns the target of the symbolic link name, as
// [os.Readlink]; anything else gives EINVAL.
func (fsys *FS) ReadlinkIfPossible(name string) (string, error) {
	n, errno := fsys.node(name, followSlash)
	if errno == 0 && n.kind != modeSymlink {
		errno = syscall.EINVAL
	}
	if errno != 0 {
		return "", pathErr("readlink", name, errno)
	}
	return n.ext.target, nil
}

// Stat returns a FileInfo describing name, following symbolic links, as
// [os.Stat]. Its Sys method returns a [*Stat].
func (fsys *FS) Stat(name string) (fs.FileInfo, error) {
	return fsys.stat("stat", name, followAll)
}

// LstatIfPossible returns a FileInfo describing name without following a
// symbolic link at the final component, as [os.Lstat], and true.
func (fsys *FS) LstatIfPossible(name string) (fs.FileInfo, bool, error) {
	fi, err := fsys.lstat("lstat", name)
	return fi, true, err
}

func (fsys *FS) lstat(op, name string) (fs.FileInfo, error) {
	return fsys.stat(op, name, followSlash)
}

func (fsys *FS) stat(op, name string, follow followMode) (fs.FileInfo, error) {
	n, err := fsys.lookup(op, name, follow)
	if err != nil {
		return nil, err
	}
	return n.info(fsys, basename(name)), nil
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

// target resolves name, following symbolic links, for a metadata change;
// it returns the inode or an error with op.
func (fsys *FS) target(op, name string) (*inode, error) {
	return fsys.lookup(op, name, followAll)
}

// Chmod sets the permission bits, setuid, setgid and sticky bits of name
// to those of mode, following symbolic links, as [os.Chmod]. Only the
// owner may (EPERM otherwise).
func (fsys *FS) Chmod(name string, mode fs.FileMode) error {
	n, err := fsys.target("chmod", name)
	if err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if !fsys.owns(n) {
		return pathErr("chmod", name, syscall.EPERM)
	}
	n.perm = mode & modeBits
	n.setTime(tChange, now())
	return nil
}

// Chown sets the owner and group of name, following symbolic links, as
// [os.Chown]; -1 leaves one unchanged. Without [WithUser] anything goes;
// a user other than root may only set the group of a file it owns to its
// own group (EPERM otherwise).
func (fsys *FS) Chown(name string, uid, gid int) error {
	n, err := fsys.target("chown", name)
	if err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if fsys.uid != 0 && (n.uid != fsys.uid || uid != -1 && uint32(uid) != n.uid ||
		gid != -1 && uint32(gid) != n.gid && uint32(gid) != fsys.gid) {
		return pathErr("chown", name, syscall.EPERM)
	}
	if uid != -1 {
		n.uid = uint32(uid)
	}
	if gid != -1 {
		n.gid = uint32(gid)
	}
	n.setTime(tChange, now())
	return nil
}

// Chtimes sets the access and modification times of name, following
// symbolic links, as [os.Chtimes]; a zero time leaves that time unchanged.
// Only the owner may (EPERM otherwise).
func (fsys *FS) Chtimes(name string, atime, mtime time.Time) error {
	n, err := fsys.target("chtimes", name)
	if err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if !fsys.owns(n) {
		return pathErr("chtimes", name, syscall.EPERM)
	}
	if !atime.IsZero() {
		n.setTime(tAccess, stampOf(atime))
	}
	if !mtime.IsZero() {
		n.setTime(tModify, stampOf(mtime))
	}
	n.setTime(tChange, now())
	return nil
}

// SyncDir returns nil if name is a directory: memory has no stable storage
// to commit to. Otherwise it returns the error that opening name as a
// directory gives (ENOENT, ENOTDIR, ...), with op "open".
func (fsys *FS) SyncDir(name string) error {
	d, errno := fsys.dirNode(name)
	if errno == 0 {
		d.mu.RLock()
		if !fsys.may(d, mayRead) {
			errno = syscall.EACCES // opening it to sync it needs read
		}
		d.mu.RUnlock()
	}
	if errno != 0 {
		return pathErr("open", name, errno)
	}
	return nil
}

// errNegativeOffset is the error os gives for ReadAt and WriteAt at a
// negative offset; it also matches syscall.EINVAL.
var errNegativeOffset = fmt.Errorf("negative offset: %w", syscall.EINVAL)

// errWriteAtAppend is the error os gives for WriteAt on a file opened with
// O_APPEND; it also matches syscall.EINVAL.
var errWriteAtAppend = fmt.Errorf("invalid use of WriteAt on file opened with O_APPEND: %w", syscall.EINVAL)
