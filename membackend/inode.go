package membackend

import (
	"io/fs"
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

// Limits as on Linux.
const (
	nameMax    = 255  // bytes in one name
	pathMax    = 4096 // bytes in a path, the terminating NUL included
	symlinkMax = 40   // symbolic links followed while resolving one path
	dirSize    = 4096 // the size Stat reports for a directory
)

// modeBits are the bits of a FileMode that Chmod, OpenFile and Mkdir keep.
const modeBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// Permission bits as the kernel's MAY_* masks.
const (
	mayExec  = 1
	mayWrite = 2
	mayRead  = 4
)

// An inode is a file, a directory or a symbolic link. Directory entries
// point at inodes, and so do open Files; an inode lives as long as either
// does. Its kind, its device, its ext and, for a symbolic link, its
// target never change; all else is guarded by mu. It is kept small (128
// bytes, exactly one of the allocator's size classes): one is allocated
// for every file created.
type inode struct {
	ino  atomic.Uint64 // 0 until inum hands one out
	dev  *device       // the device (the root's or a mount's) it is on
	kind fs.FileMode   // 0, fs.ModeDir or fs.ModeSymlink
	perm fs.FileMode   // modeBits only
	ext  *extra        // what only a directory or a symbolic link has

	mu    sync.RWMutex
	uid   uint32
	gid   uint32
	nlink int32 // names that refer to the inode
	opens int32 // open Files
	// The access, modification and change times, as seconds and
	// nanoseconds since the Unix epoch, indexed by tAccess, tModify, tChange.
	sec  [3]int64
	nsec [3]int32
	// linkable is set on a file made by CreatePublishable until Publish
	// gives it a name.
	linkable bool
	data     content // a regular file's data
}

// Indexes of inode.sec and inode.nsec: access, modification and change time.
const (
	tAccess = iota
	tModify
	tChange
)

// extra is what only a directory or a symbolic link has, apart so that a
// regular file's inode stays small.
type extra struct {
	target string // a symbolic link's target
	// parent is the directory that holds this one's entry (the root's
	// parent is the root). It changes only in a rename across
	// directories, with FS.renameMu and both directories locked.
	parent atomic.Pointer[inode]

	// snap is a read-only copy of entries for lookups that take no lock,
	// so that resolving a path through a directory that rarely changes
	// (the root, say) writes no shared memory. Any change to entries
	// clears it; lookups without it count in misses and rebuild it when
	// they outnumber the entries.
	snap   atomic.Pointer[map[string]*inode]
	misses atomic.Int32

	entries map[string]*inode // without "." and ".."; guarded by the inode's mu
	removed bool              // guarded by the inode's mu
}

// A stamp is a time as an inode stores it.
type stamp struct {
	sec  int64
	nsec int32
}

func stampOf(t time.Time) stamp { return stamp{t.Unix(), int32(t.Nanosecond())} }

// now returns the current time as a stamp.
func now() stamp { return stampOf(time.Now()) }

// setTime sets time i (tAccess, tModify or tChange). n.mu is held.
func (n *inode) setTime(i int, t stamp) {
	n.sec[i], n.nsec[i] = t.sec, t.nsec
}

// time returns time i (tAccess, tModify or tChange). n.mu is held.
func (n *inode) time(i int) time.Time {
	return time.Unix(n.sec[i], int64(n.nsec[i]))
}

// touch sets the modification and change times: n's data or entries
// changed. n.mu is held.
func (n *inode) touch(t stamp) {
	n.setTime(tModify, t)
	n.setTime(tChange, t)
}

func (n *inode) isDir() bool { return n.kind == fs.ModeDir }

// setEntry adds or replaces a directory entry. n.mu is held for writing.
func (n *inode) setEntry(name string, child *inode) {
	n.ext.entries[name] = child
	n.invalidate()
}

// deleteEntry removes a directory entry. n.mu is held for writing.
func (n *inode) deleteEntry(name string) {
	delete(n.ext.entries, name)
	n.invalidate()
}

func (n *inode) invalidate() {
	if n.ext.snap.Load() != nil {
		n.ext.snap.Store(nil)
	}
	if n.ext.misses.Load() != 0 {
		n.ext.misses.Store(0)
	}
}

// lookup returns the entry name of directory n, or nil. It takes no lock
// when the directory has not changed for a while. n.mu is not held.
func (n *inode) lookup(name string) *inode {
	d := n.ext
	if m := d.snap.Load(); m != nil {
		return (*m)[name]
	}
	n.mu.RLock()
	defer n.mu.RUnlock()
	child := d.entries[name]
	if int(d.misses.Add(1)) > len(d.entries)+16 {
		// Built and stored under the read lock, so no change to entries
		// can come between the copy and the store.
		m := maps.Clone(d.entries)
		d.snap.Store(&m)
	}
	return child
}

// parent returns the directory holding directory n.
func (n *inode) parent() *inode { return n.ext.parent.Load() }

// newInode returns an inode of the given kind on device dev, owned by the
// filesystem's user, with every time set to now.
func (fsys *FS) newInode(dev *device, kind, perm fs.FileMode, now stamp) *inode {
	n := &inode{
		dev:  dev,
		kind: kind,
		perm: perm & modeBits,
		uid:  fsys.uid,
		gid:  fsys.gid,
	}
	n.sec = [3]int64{now.sec, now.sec, now.sec}
	n.nsec = [3]int32{now.nsec, now.nsec, now.nsec}
	if kind == fs.ModeDir {
		n.ext = &extra{entries: make(map[string]*inode)}
		n.inum() // renames lock directories in inode order
	}
	return n
}

// may reports whether the filesystem's user has the access in want (a
// combination of mayRead, mayWrite, mayExec) to n. n.mu is held.
func (fsys *FS) may(n *inode, want fs.FileMode) bool {
	if fsys.uid == 0 {
		return true
	}
	var bits fs.FileMode
	switch {
	case n.uid == fsys.uid:
		bits = n.perm >> 6
	case n.gid == fsys.gid:
		bits = n.perm >> 3
	default:
		bits = n.perm
	}
	return bits&want == want
}

// owns reports whether the filesystem's user may change n's metadata.
// n.mu is held.
func (fsys *FS) owns(n *inode) bool {
	return fsys.uid == 0 || n.uid == fsys.uid
}

// stickyDenied reports whether the sticky bit on dir forbids the user to
// remove or rename child. dir.mu is held; child.mu is not.
func (fsys *FS) stickyDenied(dir, child *inode) bool {
	if fsys.uid == 0 || dir.perm&fs.ModeSticky == 0 || dir.uid == fsys.uid {
		return false
	}
	child.mu.RLock()
	defer child.mu.RUnlock()
	return child.uid != fsys.uid
}
