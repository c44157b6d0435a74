package membackend

import (
	"errors"
	"slices"
	"syscall"
)

// maxSwaps bounds how often the removal of one entry starts again because
// the entry changed under it.
const maxSwaps = 100

// errTooManySwaps is the error, inside an [*fs.PathError], for an entry
// that kept changing while it was being removed.
var errTooManySwaps = errors.New("entry kept changing while it was being removed")

// RemoveTree removes name and, if it is a directory (not a symbolic link
// to one), everything in it, working on the directories' inodes rather
// than on paths looked up again: no symbolic link is followed at any
// depth, even one that replaces an entry while it runs. A directory of
// the user's own that lacks owner read, write or search permission gets
// them first, on its inode (as fchmod(2) would). An entry that changes
// while it is removed (a directory replaced by a link, new entries in a
// directory being emptied) is looked at again, up to a bound. Names on
// the way to name itself are resolved as [FS.RemoveAll] resolves them.
//
// The root of a mount is emptied and then reported with EBUSY, and a
// read-only device gives EROFS, as with [FS.RemoveAll].
//
// A missing name is not an error. RemoveTree goes on past entries it
// cannot remove and returns one [*fs.PathError] per such entry, joined
// with [errors.Join].
func (fsys *FS) RemoveTree(name string) error {
	name, done, err := fsys.removeFirst(name)
	if done {
		return err
	}
	parentDir, base := splitPath(name)
	if base == ".." || base == "/" {
		return pathErr("RemoveAll", name, syscall.EINVAL)
	}
	pl, errno := fsys.resolve(parentDir, followAll)
	switch {
	case errno == 0 && pl.node == nil:
		errno = syscall.ENOENT
	case errno == 0 && !pl.node.isDir():
		errno = syscall.ENOTDIR
	}
	switch errno {
	case 0:
	case syscall.ENOENT:
		return nil
	default:
		return pathErr("open", parentDir, errno)
	}
	return fsys.removeEntryAt(pl.node, base, name)
}

// removeEntryAt removes the entry base of dir, whatever it is: a file or
// a link is unlinked, a directory is emptied and removed. display is how
// errors name it.
func (fsys *FS) removeEntryAt(dir *inode, base, display string) error {
	for range maxSwaps {
		errno := fsys.unlink(dir, base, false)
		if errno == 0 || errno == syscall.ENOENT {
			return nil
		}
		dir.mu.RLock()
		child := dir.ext.entries[base]
		dir.mu.RUnlock()
		switch {
		case child == nil:
			continue // gone meanwhile: the next unlink says so
		case !child.isDir():
			if errno == syscall.EISDIR {
				continue // a directory a moment ago: look again
			}
			return pathErr("unlinkat", display, errno)
		}
		again, err := fsys.removeDirAt(dir, base, child, display)
		if !again {
			return err
		}
	}
	return pathErr("RemoveAll", display, errTooManySwaps)
}

// removeDirAt empties directory d, found as entry base of dir, and removes
// that entry. It reports again when the entry turned out to be something
// else by then, or d gained entries, and removeEntryAt should look once
// more.
func (fsys *FS) removeDirAt(dir *inode, base string, d *inode, display string) (again bool, err error) {
	d.mu.Lock()
	if !fsys.may(d, mayRead|mayWrite|mayExec) {
		if !fsys.owns(d) {
			d.mu.Unlock()
			return false, pathErr("openat", display, syscall.EACCES)
		}
		if errno := d.dev.writable(); errno != 0 {
			d.mu.Unlock()
			return false, pathErr("chmod", display, errno)
		}
		d.perm |= 0o700
		d.setTime(tChange, now())
	}
	names := make([]string, 0, len(d.ext.entries))
	for n := range d.ext.entries {
		names = append(names, n)
	}
	d.mu.Unlock()
	slices.Sort(names)
	var errs []error
	for _, n := range names {
		if err := fsys.removeEntryAt(d, n, display+"/"+n); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return false, errors.Join(errs...)
	}
	switch errno := fsys.unlink(dir, base, true); errno {
	case 0, syscall.ENOENT:
		return false, nil
	case syscall.ENOTEMPTY, syscall.ENOTDIR:
		return true, nil
	default:
		return false, pathErr("unlinkat", display, errno)
	}
}
