package membackend

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// WithMount makes the directory dir the root of a device of its own, as
// mounting a filesystem there does, configured by opts: [WithCapacity],
// [WithReadOnly], [WithoutCapabilities] and [WithRootMode]. It is an
// [Option] of [New].
//
// On the mount, Stat reports a device number (Dev, in the [*syscall.Stat_t]
// that Sys returns on Linux and in [Stat] elsewhere) of its own, different
// from every other device's; inode numbers are unique on each device and
// may repeat from one device to another, as from one Linux filesystem to
// another. Rename and Link from one device to another fail with EXDEV (an
// [*os.LinkError]), after the errors Linux reports first: for Rename, a
// directory on the way to either name that is missing or not a directory
// (and os.Rename's EEXIST for an existing directory at newname); for Link,
// anything wrong with oldname, and newname existing or being on a
// read-only device. The root of a mount can be neither removed nor renamed
// (EBUSY), as a mount point cannot: Remove gives EBUSY, and RemoveAll and
// RemoveTree remove what the mount holds and then fail with EBUSY, as they
// do on Linux.
//
// New makes dir if it is missing, with any missing parents, as
// directories owned by root with mode 0o755 on the device that holds them
// (and before any device is read-only), resolving a relative dir against
// "/". The mount then covers that directory: its root has the directory's
// owner and, unless [WithRootMode] says otherwise, its mode. New applies
// mounts in the order given, after it has made "/" and "/tmp":
//
//   - A mount inside an earlier one is nested in it: its directory is made
//     on the earlier mount's device, and it is a device of its own.
//   - A mount at a directory already mounted covers that mount, as a
//     second mount(8) at one place does: the earlier mount can no longer
//     be reached. So does a mount at a directory above earlier mount
//     points, which it hides with the rest of that directory.
//   - A mount at "/" (or at a name that leads there, such as "/tmp/..")
//     makes no device: the root cannot be covered, so the mount's options
//     replace those of the root device, as if given to New.
//   - A dir that is no path (empty, holding a NUL byte, with a name over
//     255 bytes or 4096 bytes in all) is not mounted: New makes the rest
//     of the filesystem, and [FS.Err] reports why. No WithMount panics.
func WithMount(dir string, opts ...MountOption) Option {
	dc := defaultDevice()
	for _, o := range opts {
		if o != nil {
			o.applyMount(&dc)
		}
	}
	return optionFunc(func(c *config) {
		c.layout = append(c.layout, layoutStep{dir: dir, mount: true, dev: dc})
	})
}

// Sizes of the devices [WithLinuxHost] makes.
const (
	hostDiskSize  = 16 << 30
	hostTmpfsSize = 1 << 30
)

// WithLinuxHost lays the filesystem out as a typical Linux host has it,
// so that code can meet the devices it meets there:
//
//   - "/" is a disk of 16 GiB (the root device, with [WithCapacity]),
//     holding "/var/tmp" (mode 0o1777) and "/dev" (mode 0o755);
//   - "/tmp" is a tmpfs of 1 GiB with mode 0o1777, as systemd's tmp.mount
//     makes it (Debian 12 and older keep /tmp on the disk instead);
//   - "/dev/shm" is a tmpfs of 1 GiB with mode 0o1777.
//
// The sizes are a small machine's: tmpfs's default size is half the RAM,
// here 2 GiB. So Rename from "/tmp" to "/var/tmp" or "/dev/shm" fails
// with EXDEV, as there. WithLinuxHost stands for the options it is made
// of, given in its place: options after it override or add to them
// (New(WithLinuxHost(), WithCapacity(1<<40)) gives the disk 1 TiB, and a
// later WithMount("/tmp", ...) covers its /tmp). It is an [Option] of
// [New].
func WithLinuxHost() Option {
	return optionFunc(func(c *config) {
		c.root.capacity = hostDiskSize
		tmpfs := deviceConfig{capacity: hostTmpfsSize, mode: 0o777 | fs.ModeSticky, modeSet: true}
		c.layout = append(c.layout,
			layoutStep{dir: "/var/tmp", dev: deviceConfig{mode: 0o777 | fs.ModeSticky}},
			layoutStep{dir: "/dev", dev: deviceConfig{mode: 0o755}},
			layoutStep{dir: "/tmp", mount: true, dev: tmpfs},
			layoutStep{dir: "/dev/shm", mount: true, dev: tmpfs},
		)
	})
}

// Err reports what [New] could not apply: one [*fs.PathError] with Op
// "mount" for each [WithMount] whose dir is no path, joined with
// [errors.Join]. It is nil when every option applied.
func (fsys *FS) Err() error { return fsys.err }

// layOut applies the configured layout steps in order. It runs in New,
// before the FS is shared: nothing else touches the tree.
func (fsys *FS) layOut(steps []layoutStep) {
	for _, st := range steps {
		d, errno := fsys.makeDirs(st.dir)
		if errno != 0 {
			fsys.err = errors.Join(fsys.err, &fs.PathError{Op: "mount", Path: st.dir, Err: errno})
			continue
		}
		switch {
		case !st.mount:
			d.perm = st.dev.mode & modeBits
		case d == fsys.root:
			dev := d.dev
			dev.capacity, dev.readOnly, dev.lacks = st.dev.capacity, st.dev.readOnly, st.dev.lacks
			if st.dev.modeSet {
				d.perm = st.dev.mode
			}
		default:
			fsys.mount(d, st.dev)
		}
	}
}

// mount covers directory d with the root of a new device.
func (fsys *FS) mount(d *inode, c deviceConfig) {
	p := d.parent()
	name, _ := p.nameOf(d) // d was just reached from the root: p holds it
	dev := newDevice(c)
	perm := d.perm
	if c.modeSet {
		perm = c.mode
	}
	r := fsys.newRootDir(dev, perm, now())
	r.uid, r.gid = d.uid, d.gid
	r.ext.parent.Store(p)
	p.setEntry(name, r)
}

// newRootDir returns a directory owned by root on dev, with the given
// mode, the umask not applied, and no parent yet. If dev has no root,
// the directory becomes it.
func (fsys *FS) newRootDir(dev *device, perm fs.FileMode, t stamp) *inode {
	n := fsys.newInode(dev, modeDir, perm, t)
	n.uid, n.gid = 0, 0
	n.nlink = 1
	if dev.root == nil {
		dev.root = n
	}
	return n
}

// makeDirs returns the directory name, made as root with mode 0o755 if
// it is missing, with any missing parents, on the devices that hold them,
// as "mkdir -p" would for root, but ignoring read-only devices. A relative
// name is resolved against "/".
func (fsys *FS) makeDirs(name string) (*inode, syscall.Errno) {
	switch {
	case name == "":
		return nil, syscall.ENOENT
	case len(name) >= pathMax:
		return nil, syscall.ENAMETOOLONG
	case strings.IndexByte(name, 0) >= 0:
		return nil, syscall.EINVAL
	}
	if os.PathSeparator != '/' {
		name = strings.ReplaceAll(name, string(os.PathSeparator), "/")
	}
	cur := fsys.root
	for rest := name; ; {
		comp, after := nextComponent(rest)
		switch {
		case comp == "":
			return cur, 0
		case len(comp) > nameMax:
			return nil, syscall.ENAMETOOLONG
		case comp == ".":
		case comp == "..":
			cur = cur.parent()
		default:
			child := cur.ext.entries[comp]
			if child == nil {
				child = fsys.newRootDir(cur.dev, 0o755, now())
				child.ext.parent.Store(cur)
				cur.setEntry(comp, child)
			} else if !child.isDir() {
				return nil, syscall.ENOTDIR // nothing but directories yet
			}
			cur = child
		}
		rest = after
	}
}
