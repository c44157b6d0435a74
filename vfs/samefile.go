package vfs

import "io/fs"

// FileIdentity is implemented by the Sys value of a FileInfo that says
// which file it describes other than as a [*syscall.Stat_t]: membackend's
// *Stat, on the systems where its Sys is not a Stat_t. dev and ino are as
// in a Stat_t: two FileInfos describe the same file when both are equal.
type FileIdentity interface {
	FileIdentity() (dev, ino uint64)
}

// SameFile reports whether fi1 and fi2 describe the same file, judged by
// the device and inode numbers that their Sys values carry, and known
// reports whether they carry them: a Sys value that implements
// [FileIdentity], or on Unix a [*syscall.Stat_t], which a FileInfo from
// the operating system carries there. A FileInfo from membackend carries
// one or the other on every system. Where either FileInfo carries no such
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
	if id, ok := sys.(FileIdentity); ok && id != nil {
		dev, ino := id.FileIdentity()
		return dev, ino, true
	}
	return fileID(sys)
}
