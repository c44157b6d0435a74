// Package sillyrename recognises the names under which a filesystem keeps
// a file that was removed while it was still open, until its last handle
// is closed: NFS clients rename it to .nfs… (the "silly rename"), and
// libfuse's high-level API, which sshfs uses, to .fuse_hidden…. Such a
// name stays in its directory, which cannot be removed meanwhile; removing
// the name again does not help (NFS refuses with EBUSY, libfuse hides the
// file under another such name), but it goes by itself once the file is
// closed, a moment after close(2) returns.
//
// The removals of tempfile and osbackend use it to tell a directory that
// is not empty only because of such files, which waiting cures, from one
// whose entries could not be removed.
package sillyrename

// IsHidden reports whether name, the last element of a path, has the shape
// of one of those hidden names:
//
//   - ".fuse_hidden" and 16 hexadecimal digits (libfuse: the node's number
//     and a counter, 8 digits each);
//   - ".nfs" and 24 hexadecimal digits (Linux: the file id and a
//     counter), or ".nfs." and at least 8 hexadecimal digits and dots
//     (FreeBSD and macOS: ".nfs.%08x.%04x4.4").
func IsHidden(name string) bool {
	switch {
	case len(name) == len(".fuse_hidden")+16 && name[:len(".fuse_hidden")] == ".fuse_hidden":
		return allHex(name[len(".fuse_hidden"):], false)
	case len(name) == len(".nfs")+24 && name[:len(".nfs")] == ".nfs":
		return allHex(name[len(".nfs"):], false)
	case len(name) >= len(".nfs.")+8 && name[:len(".nfs.")] == ".nfs.":
		return allHex(name[len(".nfs."):], true)
	}
	return false
}

// allHex reports whether s holds only hexadecimal digits, and dots if
// dots is set.
func allHex(s string, dots bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		case c == '.' && dots:
		default:
			return false
		}
	}
	return true
}
