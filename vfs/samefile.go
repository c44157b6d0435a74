package vfs

import "io/fs"

// fileIdentity is the method of a Sys value that says which file its
// FileInfo describes, other than as a [*syscall.Stat_t].
type fileIdentity interface {
	FileIdentity() (dev, ino uint64)
}

// SameFile reports whether fi1 and fi2 describe the same file, judged by
// the device and inode numbers that their Sys values carry, and known
// reports whether they carry them: a Sys value with a method
// FileIdentity() (dev, ino uint64), whose numbers are as in a Stat_t, or
// on Unix a [*syscall.Stat_t], which a FileInfo from the operating system
// carries there. A FileInfo from membackend carries one or the other on
// every system (its *Stat has the method). Where either FileInfo carries no such
// identity (the operating system's on Windows), SameFile returns false,
// false, and the caller has no way to tell a file from another one put in
// its place.
//
// Unlike [os.SameFile], SameFile never looks the file up again by name,
// so a FileInfo taken before a swap stays a faithful witness.
func SameFile(fi1, fi2 fs.FileInfo) (same, known bool) {
	if fi1 == nil || fi2 == nil {
		return false, false
	}
	d1, i1, ok1 := identity(fi1.Sys())
	d2, i2, ok2 := identity(fi2.Sys())
	if !ok1 || !ok2 {
		return false, false
	}
	return d1 == d2 && i1 == i2, true
}

// identity returns the device and inode numbers that a FileInfo's Sys
// value carries.
func identity(sys any) (dev, ino uint64, ok bool) {
	if id, ok := sys.(fileIdentity); ok && id != nil {
		dev, ino := id.FileIdentity()
		return dev, ino, true
	}
	return fileID(sys)
}
