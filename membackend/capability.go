package membackend

import "strconv"

// A Capability is something a real filesystem may lack, so that code
// meant to fall back when it is missing can be tested in memory: give
// [WithoutCapabilities] to [New] for the root device or to [WithMount] for
// one mount. Every device has all of them unless told otherwise. How each
// method answers on a device that lacks one is said at the constant, and
// is what Linux and osbackend do on a filesystem without it.
//
// It is not a [vfs.Capability], an optional interface: an FS implements
// every one of those on every device, as osbackend's FS does whatever
// filesystem a name is on; a device that lacks a Capability answers the
// interface's method with the error or fallback said here.
type Capability uint8

const (
	// CapTmpfile is O_TMPFILE, an anonymous file made in place. Without
	// it, [FS.CreatePublishable] fails with an [*fs.PathError] wrapping
	// [errors.ErrUnsupported] (and, inside it, EOPNOTSUPP), as osbackend's
	// does where open(2) refuses O_TMPFILE, and as [vfs.PublishFS] asks
	// of a filesystem that cannot, so that tempfile falls back to a named
	// file; [FS.CreateAnonymous] falls back itself, as osbackend's does:
	// it creates a file exclusively under an unpredictable name in the
	// directory and removes the name at once ([vfs.CreateAnonymous]'s
	// fallback), so for a moment the file has a name.
	CapTmpfile Capability = iota + 1

	// CapRenameNoReplace is renameat2's RENAME_NOREPLACE. Without it
	// (in the directory oldname is in), [FS.RenameNoReplace] does what
	// [vfs.RenameNoReplace] does for a filesystem that lacks the
	// capability: it links oldname to newname and removes oldname, so
	// that for a moment both names exist, never replacing anything; where
	// hard links are missing too it fails with an [*os.LinkError] wrapping
	// [errors.ErrUnsupported] and changes nothing.
	CapRenameNoReplace

	// CapHardLinks is link(2). Without it [FS.Link] and [FS.Publish]
	// fail with EPERM, as Linux's link(2) does on vfat.
	CapHardLinks

	// CapSymlinks is symlink(2). Without it [FS.SymlinkIfPossible] fails
	// with EPERM, as Linux's symlink(2) does on vfat. Links that exist
	// (none can, on a device that never had the capability) would still
	// be followed.
	CapSymlinks

	capLimit // one more than the last Capability
)

// String returns the capability's name, as the constant's without "Cap".
func (c Capability) String() string {
	switch c {
	case CapTmpfile:
		return "Tmpfile"
	case CapRenameNoReplace:
		return "RenameNoReplace"
	case CapHardLinks:
		return "HardLinks"
	case CapSymlinks:
		return "Symlinks"
	}
	return "Capability(" + strconv.Itoa(int(c)) + ")"
}

// capSet is a set of capabilities, one bit each.
type capSet uint8

func (s capSet) has(c Capability) bool { return c < capLimit && s&(1<<c) != 0 }

func (s *capSet) add(c Capability) {
	if c > 0 && c < capLimit {
		*s |= 1 << c
	}
}
