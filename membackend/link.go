package membackend

import (
	"io/fs"
	"strings"
	"syscall"
)

// Link creates newname as a hard link to the file oldname, as [os.Link]:
// a directory gives EPERM and an existing newname EEXIST. A symbolic link
// at oldname is linked, not followed. Across devices ([WithMount]) it
// fails with EXDEV, on a read-only device with EROFS, and on a device
// without [CapHardLinks] with EPERM.
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
		_, errno = fsys.link(ln.dir, ln.base, old.dev, func(now stamp) (*inode, syscall.Errno) {
			n := old
			if !n.dev.has(CapHardLinks) || n.isDir() {
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
// followed, relative to the link's directory unless it is absolute. On a
// read-only device it fails with EROFS, on a device without [CapSymlinks]
// with EPERM.
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
		_, errno = fsys.link(l.dir, l.base, nil, func(now stamp) (*inode, syscall.Errno) {
			if !l.dir.dev.has(CapSymlinks) {
				return nil, syscall.EPERM
			}
			n := fsys.newInode(l.dir.dev, modeSymlink, fs.ModePerm, now)
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
