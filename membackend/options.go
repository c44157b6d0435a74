package membackend

import "io/fs"

// config holds what the options of New set.
type config struct {
	umask    fs.FileMode
	uid, gid int
	root     deviceConfig // the root device's
	layout   []layoutStep // mounts and a preset's directories, in order
}

// deviceConfig is what the options of one device set: the root's or a
// mount's.
type deviceConfig struct {
	capacity int64 // bytes; negative means no limit
	readOnly bool
	lacks    capSet
	mode     fs.FileMode // the mount root's mode, if modeSet
	modeSet  bool
}

// A layoutStep is one WithMount, or a directory a preset makes.
type layoutStep struct {
	dir   string
	mount bool         // a mount; else a directory with mode dev.mode
	dev   deviceConfig // the mount's
}

func defaultConfig() config {
	return config{umask: 0o022, root: defaultDevice()}
}

func defaultDevice() deviceConfig { return deviceConfig{capacity: -1} }

// Option configures an [FS] made by [New]. The options given apply in
// order: where two set the same thing, the later one counts. A nil Option
// is ignored.
type Option interface {
	applyFS(*config)
}

// A MountOption configures one mount made by [WithMount]. The options
// given apply in order, the later one counting where two set the same
// thing. A nil MountOption is ignored.
type MountOption interface {
	applyMount(*deviceConfig)
}

// A DeviceOption configures a device, a filesystem of the tree: given to
// [New], the root device, which holds "/" and everything not under a
// mount; given to [WithMount], that mount. It is both an [Option] and a
// [MountOption].
type DeviceOption interface {
	Option
	MountOption
}

type optionFunc func(*config)

func (f optionFunc) applyFS(c *config) { f(c) }

type mountOptionFunc func(*deviceConfig)

func (f mountOptionFunc) applyMount(c *deviceConfig) { f(c) }

type deviceOptionFunc func(*deviceConfig)

func (f deviceOptionFunc) applyFS(c *config)          { f(&c.root) }
func (f deviceOptionFunc) applyMount(c *deviceConfig) { f(c) }

// WithUmask sets the file mode creation mask: the permission bits in mask
// are cleared from the mode of every file and directory created, as the
// process umask does on Unix. Only the permission bits (0o777) of mask are
// used. The default is 0o022. It is an [Option] of [New], for every
// device.
func WithUmask(mask fs.FileMode) Option {
	return optionFunc(func(c *config) { c.umask = mask & fs.ModePerm })
}

// WithCapacity limits the bytes that regular files may hold in total on
// one device to bytes: given to [New], on the root device (everything not
// under a mount); given to [WithMount], on that mount, whose files count
// against its own limit and no other. A write that would go past the
// limit writes what fits, returns the count of bytes written and an error
// wrapping syscall.ENOSPC, and changes nothing else; growing a file with
// Truncate past the limit fails with ENOSPC and changes nothing. A file's
// size counts in full, holes included, from when it grows until its last
// name is removed and its last handle closed. Directories, names and
// symbolic links cost nothing. A negative limit means no limit, the
// default.
func WithCapacity(bytes int64) DeviceOption {
	return deviceOptionFunc(func(c *deviceConfig) { c.capacity = bytes })
}

// WithReadOnly makes a device read-only, as mounting it with -o ro does:
// given to [WithMount], that mount; given to [New], the root device, and
// with it "/tmp" unless a mount covers it. Every call that would change
// the device fails with an error wrapping syscall.EROFS, in the order
// Linux checks it: creating, removing, renaming or linking an entry in one
// of its directories, opening one of its files for writing or with
// O_TRUNC, CreateAnonymous and CreatePublishable in one of its
// directories, Chmod, Chown and Chtimes. Reading, listing, Stat, Chdir and
// SyncDir work. The directories that [WithMount] makes for mount points
// are made before the device is read-only.
func WithReadOnly() DeviceOption {
	return deviceOptionFunc(func(c *deviceConfig) { c.readOnly = true })
}

// WithoutCapabilities takes the capabilities caps away from a device, as
// a filesystem without them lacks them: given to [New], from the root
// device; given to [WithMount], from that mount. Each [Capability] says
// how the methods that need it answer then. Values that are not one of
// the Cap constants are ignored.
func WithoutCapabilities(caps ...Capability) DeviceOption {
	return deviceOptionFunc(func(c *deviceConfig) {
		for _, cp := range caps {
			c.lacks.add(cp)
		}
	})
}

// WithRootMode sets the permission bits, and the setuid, setgid and
// sticky bits (fs.ModeSetuid, fs.ModeSetgid, fs.ModeSticky), of a mount's
// root directory, as tmpfs's mode= option does; the umask does not apply.
// Without it the mount's root has the mode of the directory it covers:
// 0o755 for one [WithMount] made, 0o777|fs.ModeSticky for "/tmp". It is a
// [MountOption] only: New makes "/" with mode 0o755.
func WithRootMode(mode fs.FileMode) MountOption {
	return mountOptionFunc(func(c *deviceConfig) { c.mode, c.modeSet = mode&modeBits, true })
}

// WithUser makes the filesystem act for the user uid in group gid instead
// of root. Files and directories it creates are owned by uid and gid, and
// every operation checks the permission bits as Linux does for a process
// without privileges: reading a file needs r, writing it w, looking up a
// name in a directory x, and creating, removing or renaming an entry w and
// x on the directory, with EACCES when a bit is missing; only the owner may
// Chmod or Chtimes and only root may give a file away, with EPERM
// otherwise. The root directory and /tmp stay owned by root (0o755 and
// 0o1777), so such a user can create entries only under /tmp until root's
// permissions say otherwise; so do the directories that [WithMount] makes
// and the roots of mounts. uid 0 is root, the default, for whom nothing
// is checked. It is an [Option] of [New], for every device.
func WithUser(uid, gid int) Option {
	return optionFunc(func(c *config) { c.uid, c.gid = uid, gid })
}
