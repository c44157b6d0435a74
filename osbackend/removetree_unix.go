//go:build unix

package osbackend

import (
	"io/fs"
	"os"

	"github.com/tempvfs/tempvfs/internal/unixat"
	"github.com/tempvfs/tempvfs/vfs"
)

var _ vfs.RemoveTreeFS = (*FS)(nil)

// RemoveTree removes name and, if it is a directory (not a symbolic link
// to one), everything in it, following no symbolic link at any depth, even
// one swapped in while it runs, and reaching entries deeper than PATH_MAX.
//
// Each directory is opened with O_DIRECTORY|O_NOFOLLOW relative to its
// parent's descriptor, and its entries are removed with unlinkat(2)
// relative to it. A directory that lacks owner read, write or search
// permission gets them first, through its descriptor (fchmod(2)), or, for
// one that cannot be opened to read, through fchmodat(2) with
// AT_SYMLINK_NOFOLLOW (on Linux before 6.6, through an O_PATH descriptor),
// never through a path that could be swapped for a link. An entry that
// changes while it is removed (a directory replaced by a link, new entries
// in a directory being emptied) is looked at again, up to a bound. Names
// on the way to name itself are resolved as [os.RemoveAll] resolves them.
//
// On NFS and FUSE (sshfs), removing a file that is still open renames it
// to a hidden name (.nfs…, .fuse_hidden…) that goes only once it is
// closed, and its directory cannot be removed before that: a directory
// left holding only such names is reported at once, as an
// [*fs.PathError] matching syscall.ENOTEMPTY, rather than looked at
// again. tempfile's Dir.Cleanup waits a while for them to go.
//
// A missing name is not an error. RemoveTree goes on past entries it
// cannot remove and returns one [*fs.PathError] per such entry, joined
// with [errors.Join].
func (*FS) RemoveTree(name string) error {
	return unixat.RemoveTree(unixat.CWD, name, name)
}

// removeTreeAt removes the entry base of the open directory parent and,
// if it is a directory, everything in it, as [FS.RemoveTree] does; display
// is how errors name base.
func removeTreeAt(parent *os.File, base, display string) error {
	rc, err := parent.SyscallConn()
	if err != nil {
		return &fs.PathError{Op: "RemoveAll", Path: display, Err: err}
	}
	var rerr error
	if err := rc.Control(func(fd uintptr) { rerr = unixat.RemoveEntry(int(fd), base, display) }); err != nil {
		return &fs.PathError{Op: "RemoveAll", Path: display, Err: err}
	}
	return rerr
}
