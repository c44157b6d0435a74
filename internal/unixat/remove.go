//go:build unix

package unixat

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/internal/sillyrename"
)

// CWD stands for the working directory where a directory descriptor is
// expected.
const CWD = unix.AT_FDCWD

// maxSwaps bounds how often the removal of one entry starts again because
// the entry changed under it (a directory swapped for a link or a file,
// entries added to a directory being emptied).
const maxSwaps = 100

// Hooks for tests, called before a directory is opened and before it is
// removed once empty.
var testHookOpen, testHookRmdir func(dfd int, base string)

// ErrTooManySwaps is the error, inside an [*fs.PathError], for an entry
// that kept changing while it was being removed.
var ErrTooManySwaps = errors.New("entry kept changing while it was being removed")

// RemoveTree removes name, relative to directory descriptor at, and
// everything in it, following no symbolic link below at (names on the
// way to name are resolved as open(2) resolves them); display is how
// errors name it. A missing name is not an error.
func RemoveTree(at int, name, display string) error {
	if name == "" {
		return nil
	}
	if name == "." || strings.HasSuffix(name, "/.") || strings.ContainsRune(name, 0) {
		return &fs.PathError{Op: "RemoveAll", Path: display, Err: syscall.EINVAL}
	}
	// A file or an empty directory goes without opening its parent: rmdir
	// follows no link either (a link is ENOTDIR).
	if err := unlinkAt(at, name, 0); err == nil || err == unix.ENOENT {
		return nil
	}
	if err := unlinkAt(at, name, unix.AT_REMOVEDIR); err == nil || err == unix.ENOENT {
		return nil
	}
	dir, base := splitParent(name)
	if base == "" || base == ".." {
		return &fs.PathError{Op: "RemoveAll", Path: display, Err: syscall.EINVAL}
	}
	pfd, err := openAt(at, dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC)
	if err == unix.ENOENT {
		return nil
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(pfd)
	return RemoveEntry(pfd, base, display)
}

// splitParent splits name into the directory that holds its last element
// and that element, dropping trailing slashes.
func splitParent(name string) (dir, base string) {
	for len(name) > 1 && name[len(name)-1] == '/' {
		name = name[:len(name)-1]
	}
	i := strings.LastIndexByte(name, '/')
	switch {
	case i < 0:
		return ".", name
	case i == 0:
		return "/", name[1:]
	}
	return name[:i], name[i+1:]
}

// RemoveEntry removes the entry base of directory dfd, whatever it is: a
// file or a link is unlinked, a directory is emptied and removed, its
// entries relative to its own descriptor. A directory that lacks owner
// read, write or search permission gets them first, through its
// descriptor or [ChmodDirAt]. An entry that changes meanwhile is looked
// at again, up to a bound; a directory left holding only names under
// which NFS or FUSE keep files removed while still open
// ([sillyrename.IsHidden]) is not, as removing those names again cannot
// help: its error is its ENOTEMPTY. Errors, one [*fs.PathError] per entry that
// could not be removed joined with [errors.Join], name entries as display
// and display + "/" + name below it.
func RemoveEntry(dfd int, base, display string) error {
	for range maxSwaps {
		err := unlinkAt(dfd, base, 0)
		if err == nil || err == unix.ENOENT {
			return nil
		}
		// Linux says EISDIR for a directory, the BSDs and macOS EPERM.
		// Anything else that unlink refuses is an error of its own.
		var st unix.Stat_t
		if serr := fstatAt(dfd, base, &st, unix.AT_SYMLINK_NOFOLLOW); serr != nil {
			if serr == unix.ENOENT {
				continue // gone meanwhile: the next unlink says so
			}
			return &fs.PathError{Op: "unlinkat", Path: display, Err: err}
		}
		if st.Mode&unix.S_IFMT != unix.S_IFDIR {
			if err == unix.EISDIR {
				continue // it was a directory a moment ago: look again
			}
			return &fs.PathError{Op: "unlinkat", Path: display, Err: err}
		}
		// An empty directory needs no opening.
		switch err := unlinkAt(dfd, base, unix.AT_REMOVEDIR); err {
		case nil, unix.ENOENT:
			return nil
		case unix.ENOTDIR:
			continue // no longer a directory: look again
		}
		again, err := removeDirAt(dfd, base, display, &st)
		if !again {
			return err
		}
	}
	return &fs.PathError{Op: "RemoveAll", Path: display, Err: ErrTooManySwaps}
}

// removeDirAt empties and removes the directory base of dfd, which fstatat
// described as st. It reports again when base turned out not to be that
// directory, or to have gained entries, and removeEntryAt should look at
// it once more.
func removeDirAt(dfd int, base, display string, st *unix.Stat_t) (again bool, err error) {
	if testHookOpen != nil {
		testHookOpen(dfd, base)
	}
	fd, err := openAt(dfd, base, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC)
	switch {
	case err == unix.ENOENT || err == unix.ENOTDIR || err == unix.ELOOP:
		return true, nil // swapped or gone since fstatat
	case err == unix.EACCES:
		// No read permission: give the owner rwx without following a
		// link, then open it again.
		if cerr := ChmodDirAt(dfd, base, ownerPerms(uint32(st.Mode))); cerr != nil {
			if cerr == unix.ENOENT || cerr == unix.ENOTDIR || cerr == unix.ELOOP {
				return true, nil
			}
			return false, &fs.PathError{Op: "chmod", Path: display, Err: cerr}
		}
		fd, err = openAt(dfd, base, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC)
		if err == unix.ENOENT || err == unix.ENOTDIR || err == unix.ELOOP {
			return true, nil
		}
	}
	if err != nil {
		return false, &fs.PathError{Op: "openat", Path: display, Err: err}
	}
	d := os.NewFile(uintptr(fd), display) // owns fd from here on
	defer d.Close()
	var dst unix.Stat_t
	if err := unix.Fstat(fd, &dst); err != nil {
		return false, &fs.PathError{Op: "fstat", Path: display, Err: err}
	}
	if dst.Mode&0o700 != 0o700 {
		if err := unix.Fchmod(fd, ownerPerms(uint32(dst.Mode))); err != nil {
			return false, &fs.PathError{Op: "chmod", Path: display, Err: err}
		}
	}
	var errs []error
	listed := 0
	for {
		names, rerr := d.Readdirnames(1024)
		listed += len(names)
		for _, n := range names {
			if err := RemoveEntry(fd, n, display+"/"+n); err != nil {
				errs = append(errs, err)
			}
		}
		if rerr != nil || len(names) == 0 {
			break
		}
	}
	if len(errs) > 0 {
		return false, errors.Join(errs...)
	}
	if testHookRmdir != nil {
		testHookRmdir(dfd, base)
	}
	err = unlinkAt(dfd, base, unix.AT_REMOVEDIR)
	switch {
	case err == nil || err == unix.ENOENT:
		return false, nil
	case (err == unix.ENOTEMPTY || err == unix.EEXIST) && heldOpen(d, listed == 0):
		// What is left are files removed while still open, which NFS
		// and FUSE keep under hidden names until they are closed:
		// removing them again would only hide them anew (FUSE) or be
		// refused (NFS, EBUSY), so looking again cannot help. Say so
		// with the directory's ENOTEMPTY; the caller may wait.
		return false, &fs.PathError{Op: "unlinkat", Path: display, Err: err}
	case err == unix.ENOTEMPTY || err == unix.EEXIST || err == unix.ENOTDIR:
		// Entries were added, or base is no longer this directory. (On
		// AIX, ENOTEMPTY is EEXIST.)
		return true, nil
	}
	return false, &fs.PathError{Op: "unlinkat", Path: display, Err: err}
}

// heldOpen reports whether the open directory d, which rmdir has just
// found not empty, holds nothing but files removed while still open: its
// entries, listed again, are all hidden names ([sillyrename.IsHidden]),
// or, when the listing before the rmdir found nothing to remove
// (listedNone), there are none. sshfs's listing can go on missing the
// hidden name of a file it has just hidden, for as long as it caches the
// directory; an entry that a local filesystem's two listings both miss
// around a refused rmdir is one added and removed in that moment.
func heldOpen(d *os.File, listedNone bool) bool {
	if _, err := d.Seek(0, io.SeekStart); err != nil {
		return false
	}
	names, err := d.Readdirnames(-1)
	if err != nil {
		return false
	}
	if len(names) == 0 {
		return listedNone
	}
	for _, n := range names {
		if !sillyrename.IsHidden(n) {
			return false
		}
	}
	return true
}

// ownerPerms returns the permission, setuid, setgid and sticky bits of a
// stat mode with owner read, write and search added.
func ownerPerms(mode uint32) uint32 { return mode&0o7777 | 0o700 }

func unlinkAt(dfd int, name string, flags int) error {
	for {
		err := unix.Unlinkat(dfd, name, flags)
		if err != unix.EINTR {
			return errnoOf(err)
		}
	}
}

func openAt(dfd int, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dfd, name, flags, 0)
		if err != unix.EINTR {
			return fd, errnoOf(err)
		}
	}
}

func fstatAt(dfd int, name string, st *unix.Stat_t, flags int) error {
	for {
		err := unix.Fstatat(dfd, name, st, flags)
		if err != unix.EINTR {
			return errnoOf(err)
		}
	}
}

// errnoOf returns err as a syscall.Errno where it is one, so that the
// comparisons above see it; nil stays nil.
func errnoOf(err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return err
}
