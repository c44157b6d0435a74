package membackend

import (
	"io/fs"
	"time"
)

// Stat is what Linux's struct stat holds beyond fs.FileInfo, as a snapshot
// taken with the FileInfo. On Linux the Sys method of a FileInfo from this
// package returns a [*syscall.Stat_t] filled from it, as [os.Stat]'s does;
// elsewhere it returns the *Stat itself.
type Stat struct {
	Dev   uint64    // device number: the same for every file of one device (the root's or a mount's), different from every other device's
	Ino   uint64    // inode number, unique on its device
	Nlink uint64    // names that refer to the inode
	Uid   int       // owner
	Gid   int       // group
	Atime time.Time // last access as set by Chtimes (reads do not change it)
	Ctime time.Time // last change of data or metadata
}

// FileIdentity returns the device and inode numbers, so that
// [vfs.SameFile] can tell files apart where Sys is a *Stat (every system
// but Linux, where Sys is a *syscall.Stat_t that carries the same numbers).
func (st *Stat) FileIdentity() (dev, ino uint64) { return st.Dev, st.Ino }

type fileInfo struct {
	name  string
	size  int64
	mode  fs.FileMode
	mtime time.Time
	sys   Stat
}

func (fi *fileInfo) Name() string       { return fi.name }
func (fi *fileInfo) Size() int64        { return fi.size }
func (fi *fileInfo) Mode() fs.FileMode  { return fi.mode }
func (fi *fileInfo) ModTime() time.Time { return fi.mtime }
func (fi *fileInfo) IsDir() bool        { return fi.mode.IsDir() }
func (fi *fileInfo) Sys() any           { return sysValue(&fi.sys, fi.mode, fi.size, fi.mtime) }

// info describes n under the given name.
func (n *inode) info(fsys *FS, name string) fs.FileInfo {
	ino := n.inum()
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.infoLocked(fsys, ino, name)
}

func (n *inode) infoLocked(fsys *FS, ino uint64, name string) *fileInfo {
	size := n.data.size
	if n.isDir() {
		size = dirSize
	}
	return &fileInfo{
		name:  name,
		size:  size,
		mode:  n.kind | n.perm,
		mtime: n.time(tModify),
		sys: Stat{
			Dev:   n.dev.num,
			Ino:   ino,
			Nlink: uint64(max(n.nlink, 0)),
			Uid:   int(n.uid),
			Gid:   int(n.gid),
			Atime: n.time(tAccess),
			Ctime: n.time(tChange),
		},
	}
}
