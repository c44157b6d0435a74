package membackend

import (
	"os"
	"slices"
	"strings"
	"syscall"
)

// Remove removes the named file or empty directory, as [os.Remove]: a
// directory with entries gives ENOTEMPTY, the root of a mount EBUSY, and
// anything on a read-only device EROFS (even a missing name, as on Linux).
// A removed file that is open stays readable and writable through its
// Files.
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
	// Before the name is looked up: a missing name on a read-only device
	// gives EROFS.
	if errno := dir.dev.writable(); errno != 0 {
		return errno
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
	case child.isMountRoot():
		return syscall.EBUSY // a mount point, before its emptiness
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
	child.maybeFree()
	child.mu.Unlock()
	dir.deleteEntry(base)
	dir.touch(t)
	return 0
}

// RemoveAll removes name and everything it contains, as [os.RemoveAll]:
// a missing name is not an error, "" does nothing, and a name ending in
// "." fails with EINVAL. A mount point is emptied and then reported with
// EBUSY, and a read-only device gives EROFS, as os.RemoveAll reports them
// on Linux. It costs time in proportion to what it removes, never to the
// size of the filesystem.
func (fsys *FS) RemoveAll(name string) error {
	// The steps of os.RemoveAll: try Remove; then open the parent and
	// remove the entry from it, emptying it first if it is a directory.
	name, done, err := fsys.removeFirst(name)
	if done {
		return err
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

// removeFirst does what RemoveAll and RemoveTree do first: it takes name
// as they take it ("" is nothing to do; the OS's separator is a slash),
// refuses a name ending in "." with EINVAL, and removes a file or an empty
// directory at once. done reports that nothing is left to do, with err
// the result.
func (fsys *FS) removeFirst(name string) (clean string, done bool, err error) {
	if name == "" {
		return "", true, nil
	}
	if os.PathSeparator != '/' {
		name = strings.ReplaceAll(name, string(os.PathSeparator), "/")
	}
	if name == "." || strings.HasSuffix(name, "/.") {
		return name, true, pathErr("RemoveAll", name, syscall.EINVAL)
	}
	if errno := fsys.remove(name); errno == 0 || errno == syscall.ENOENT {
		return name, true, nil
	}
	return name, false, nil
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
