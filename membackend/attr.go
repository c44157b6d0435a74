package membackend

import (
	"io/fs"
	"syscall"
	"time"
)

// Stat returns a FileInfo describing name, following symbolic links, as
// [os.Stat]. Its Sys method returns a [*syscall.Stat_t] on Linux and a
// [*Stat] elsewhere.
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

// target resolves name, following symbolic links, for a metadata change;
// it returns the inode or an error with op: EROFS on a read-only device,
// which Linux checks before the owner.
func (fsys *FS) target(op, name string) (*inode, error) {
	n, err := fsys.lookup(op, name, followAll)
	if err == nil && n.dev.readOnly {
		return nil, pathErr(op, name, syscall.EROFS)
	}
	return n, err
}

// Chmod sets the permission bits, setuid, setgid and sticky bits of name
// to those of mode, following symbolic links, as [os.Chmod]. Only the
// owner may (EPERM otherwise), and not on a read-only device (EROFS).
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
// own group (EPERM otherwise). A read-only device gives EROFS.
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
// Only the owner may (EPERM otherwise), and not on a read-only device
// (EROFS).
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
