package membackend

import "io/fs"

// config holds what the options set.
type config struct {
	umask    fs.FileMode
	capacity int64 // bytes; negative means no limit
	uid, gid int
}

func defaultConfig() config {
	return config{umask: 0o022, capacity: -1}
}

// Option configures an [FS] made by [New].
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithUmask sets the file mode creation mask: the permission bits in mask
// are cleared from the mode of every file and directory created, as the
// process umask does on Unix. Only the permission bits (0o777) of mask are
// used. The default is 0o022.
func WithUmask(mask fs.FileMode) Option {
	return optionFunc(func(c *config) { c.umask = mask & fs.ModePerm })
}

// WithCapacity limits the bytes that regular files may hold in total to
// bytes. A write that would go past the limit writes what fits, returns
// the count of bytes written and an error wrapping syscall.ENOSPC, and
// changes nothing else; growing a file with Truncate past the limit fails
// with ENOSPC and changes nothing. A file's size counts in full, holes
// included, from when it grows until its last name is removed and its last
// handle closed. Directories, names and symbolic links cost nothing. A
// negative limit means no limit, the default.
func WithCapacity(bytes int64) Option {
	return optionFunc(func(c *config) { c.capacity = bytes })
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
// permissions say otherwise. uid 0 is root, the default, for whom nothing is
// checked.
func WithUser(uid, gid int) Option {
	return optionFunc(func(c *config) { c.uid, c.gid = uid, gid })
}
