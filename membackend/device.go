package membackend

import (
	"sync/atomic"
	"syscall"
)

// A device is one filesystem of the tree: the root's, or a mount's. Every
// inode is on one device for its whole life, since neither a rename nor a
// link crosses devices. What is fixed when New makes it is never changed.
type device struct {
	num      uint64 // the device number Stat reports
	capacity int64  // bytes; negative: no limit
	readOnly bool
	lacks    capSet // what it cannot do
	root     *inode // its root directory: "/" or the mount's

	used    atomic.Int64  // bytes held by regular files
	nextIno atomic.Uint64 // last inode number handed out
}

// lastDev is the device number the newest device reports.
var lastDev atomic.Uint64

// newDevice returns a device with a number no other device of the
// process reports, in the range of Linux's anonymous devices (major 0),
// as tmpfs has.
func newDevice(c deviceConfig) *device {
	return &device{num: 0x40 + lastDev.Add(1), capacity: c.capacity, readOnly: c.readOnly, lacks: c.lacks}
}

// writable returns EROFS for a read-only device.
func (d *device) writable() syscall.Errno {
	if d.readOnly {
		return syscall.EROFS
	}
	return 0
}

// has reports whether the device has capability c.
func (d *device) has(c Capability) bool { return !d.lacks.has(c) }

// isMountRoot reports whether n is the root of its device: "/" or a
// mount point, which rmdir(2) and rename(2) refuse with EBUSY.
func (n *inode) isMountRoot() bool { return n.dev.root == n }

// reserve takes up to n bytes of capacity and returns how many it took.
func (d *device) reserve(n int64) int64 {
	if d.capacity < 0 || n <= 0 {
		return n
	}
	for {
		used := d.used.Load()
		avail := d.capacity - used
		if avail <= 0 {
			return 0
		}
		got := min(n, avail)
		if d.used.CompareAndSwap(used, used+got) {
			return got
		}
	}
}

// release gives back n bytes of capacity.
func (d *device) release(n int64) {
	if d.capacity >= 0 && n > 0 {
		d.used.Add(-n)
	}
}

// maybeFree drops a regular file's data once no name and no File refers
// to it. n.mu is held.
func (n *inode) maybeFree() {
	if n.kind == 0 && n.nlink == 0 && n.opens == 0 {
		n.dev.release(n.data.size)
		n.data.reset()
	}
}

// writeAt writes p at off (at the end of the file if appending) and
// returns the count written and the offset after it. n.mu is held.
func (n *inode) writeAt(p []byte, off int64, appending bool) (int, int64, syscall.Errno) {
	if appending {
		off = n.data.size
	}
	if len(p) == 0 {
		return 0, off, 0
	}
	end := off + int64(len(p))
	if end < off {
		return 0, off, syscall.EFBIG
	}
	var errno syscall.Errno
	if grow := end - n.data.size; grow > 0 {
		got := n.dev.reserve(grow)
		if got < grow {
			errno = syscall.ENOSPC
			fits := n.data.size + got - off
			if fits <= 0 {
				n.dev.release(got)
				return 0, off, errno
			}
			p = p[:fits]
			end = off + fits
		}
	}
	n.data.writeAt(p, off)
	n.touch(now())
	return len(p), end, errno
}

// truncate sets a regular file's size. n.mu is held.
func (n *inode) truncate(size int64) syscall.Errno {
	if d := size - n.data.size; d > 0 {
		if got := n.dev.reserve(d); got < d {
			n.dev.release(got)
			return syscall.ENOSPC
		}
	} else {
		n.dev.release(-d)
	}
	n.data.truncate(size)
	n.touch(now())
	return 0
}

// inum returns n's inode number, unique on its device, handing out the
// next one the first time it is asked for: most files are created and
// removed without anyone looking, and goroutines creating files in
// parallel then share no counter.
func (n *inode) inum() uint64 {
	if v := n.ino.Load(); v != 0 {
		return v
	}
	n.ino.CompareAndSwap(0, n.dev.nextIno.Add(1))
	return n.ino.Load()
}
