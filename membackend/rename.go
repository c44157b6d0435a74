package membackend

import (
	"syscall"

	"github.com/tempvfs/tempvfs/vfs"
)

// Rename renames (moves) oldname to newname, as [os.Rename] does on Linux:
// an existing file at newname is replaced atomically; an existing
// directory at newname gives EEXIST; moving a directory into itself gives
// EINVAL; a directory over a file gives ENOTDIR. Between devices
// ([WithMount]) it gives EXDEV, on a read-only device EROFS, and for the
// root of a mount EBUSY. Open Files keep working and keep their names.
// Renaming a directory moves its whole tree in constant time. Errors are
// [*os.LinkError].
func (fsys *FS) Rename(oldname, newname string) error {
	return fsys.rename(oldname, newname, false)
}

// RenameNoReplace renames oldname to newname in one atomic step, failing
// with an [*os.LinkError] matching [fs.ErrExist] (syscall.EEXIST), and
// changing nothing, if anything exists at newname. Its other errors are
// those of [FS.Rename]. Where the directory holding oldname is on a device
// without [CapRenameNoReplace], it does what [vfs.RenameNoReplace] does
// for a filesystem without the capability: it links, then removes
// oldname, or without [CapHardLinks] either fails with an error wrapping
// [errors.ErrUnsupported].
func (fsys *FS) RenameNoReplace(oldname, newname string) error {
	if l, errno := fsys.resolve(oldname, followNone); errno == 0 && !l.dir.dev.has(CapRenameNoReplace) {
		if !l.dir.dev.has(CapHardLinks) {
			return vfs.RenameNoReplace(plainFS{fsys}, oldname, newname)
		}
		return vfs.RenameNoReplace(linkFS{fsys}, oldname, newname)
	}
	return fsys.rename(oldname, newname, true)
}

// linkFS hides the optional interfaces of an FS but links, so that
// vfs.RenameNoReplace given it links and removes.
type linkFS struct{ vfs.LinkFS }

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
func renameCheck(lo *resolved, eo syscall.Errno, ln *resolved, en syscall.Errno, noReplace bool) syscall.Errno {
	switch {
	case eo != 0:
		return eo
	case en != 0:
		return en
	case lo.dir.dev != ln.dir.dev:
		return syscall.EXDEV // right after the directories are found
	case lo.dotted():
		return syscall.EBUSY
	case ln.dotted() && noReplace:
		return syscall.EEXIST
	case ln.dotted():
		return syscall.EBUSY
	case lo.dir.dev.readOnly:
		return syscall.EROFS // before the names are looked up
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
	if src.isMountRoot() || dst != nil && dst.isMountRoot() {
		return syscall.EBUSY // a mount point
	}
	now := now()
	if dst != nil {
		dst.mu.Lock()
		dst.nlink--
		dst.setTime(tChange, now)
		dst.maybeFree()
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
