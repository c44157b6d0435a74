package membackend

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"syscall"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/vfs"
)

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
// fails with EISDIR on a directory. On a read-only device ([WithReadOnly])
// creating a file, opening one for writing and O_TRUNC fail with EROFS.
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
	var gone *inode // a removed inode the last try found
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
			n, errno := fsys.link(l.dir, l.base, nil, func(now stamp) (*inode, syscall.Errno) {
				n := fsys.newInode(l.dir.dev, 0, perm&modeBits&^fsys.umask, now)
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
		if (n.isDir() && n.ext.removed || !n.isDir() && n.nlink == 0) && n != gone {
			// Removed meanwhile: look again. Found again, it is reached
			// without a name (the working directory, "." or ".." in it),
			// and opens as Linux opens a removed directory.
			n.mu.Unlock()
			gone = n
			continue
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
			if errno := n.dev.writable(); errno != 0 {
				n.mu.Unlock()
				return nil, pathErr("open", name, errno)
			}
		}
		if !fsys.may(n, want) {
			n.mu.Unlock()
			return nil, pathErr("open", name, syscall.EACCES)
		}
		if trunc && n.data.size > 0 {
			n.truncate(0)
		}
		n.opens++
		n.mu.Unlock()
		return newFile(fsys, n, name, flag), nil
	}
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
// with "(anonymous)", which refers to nothing. On a read-only device it
// fails with EROFS. On a device without [CapTmpfile] it makes the file
// with a name and removes the name at once, as osbackend does where
// O_TMPFILE is missing; its Name is then that removed name.
func (fsys *FS) CreateAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	f, err := fsys.createAnonymous(dir, perm, false)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// CreatePublishable creates an anonymous file in dir, as
// [FS.CreateAnonymous] does, that [FS.Publish] can give a name once. On a
// device without [CapTmpfile] it fails with an [*fs.PathError] wrapping
// [errors.ErrUnsupported], as [vfs.PublishFS] asks, and creates nothing.
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
	if errno := d.dev.writable(); errno != 0 {
		return nil, pathErr("open", dir, errno)
	}
	n := fsys.newInode(d.dev, 0, perm&modeBits&^fsys.umask, now())
	d.mu.RLock()
	// A removed directory (the working directory, say) still takes an
	// anonymous file, as on tmpfs; ext4 refuses with EPERM.
	switch {
	case !fsys.may(d, mayWrite|mayExec):
		errno = syscall.EACCES
	case d.perm&fs.ModeSetgid != 0:
		n.gid = d.gid
	}
	d.mu.RUnlock()
	if errno != 0 {
		return nil, pathErr("open", dir, errno)
	}
	if !d.dev.has(CapTmpfile) {
		if linkable {
			return nil, pathErr("open", dir, errNoTmpfile)
		}
		// What osbackend does where open(2) refuses O_TMPFILE: a file
		// made with a name, and the name removed.
		f, err := vfs.CreateAnonymous(plainFS{fsys}, dir, perm)
		if err != nil {
			return nil, err
		}
		mf, ok := f.(*File)
		if !ok { // vfs returned what OpenFile made: an *File
			return nil, errors.Join(pathErr("open", dir, fmt.Errorf("%w: vfs returned a %T", fs.ErrInvalid, f)), f.Close())
		}
		return mf, nil
	}
	n.opens = 1
	n.linkable = linkable
	f := newFile(fsys, n, path.Join(dir, anonLabel), os.O_RDWR)
	f.publishable = linkable
	return f, nil
}

// Publish gives f, a File made by [FS.CreatePublishable] on fsys, the name
// newname. It never replaces: if anything exists at newname it fails with
// an [*os.LinkError] matching [fs.ErrExist]. f stays open. Its errors are
// those of [FS.Link]: EROFS on a read-only device, EXDEV for a newname on
// another device than f's, EPERM without [CapHardLinks]. A File can be
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
	_, errno = fsys.link(l.dir, l.base, f.node.dev, func(stamp) (*inode, syscall.Errno) {
		n := f.node
		if !n.dev.has(CapHardLinks) {
			return nil, syscall.EPERM
		}
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

// errNoTmpfile is the error of CreatePublishable on a device without
// CapTmpfile: what osbackend wraps the kernel's refusal in.
var errNoTmpfile = fmt.Errorf("%w: O_TMPFILE: %w", errors.ErrUnsupported, syscall.EOPNOTSUPP)

// plainFS hides the optional interfaces of an FS, so that a vfs helper
// given it takes its fallback.
type plainFS struct{ vfs.Fs }
