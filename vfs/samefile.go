package vfs

import "io/fs"

// SameFile reports whether fi1 and fi2 describe the same file, judged by
// the device and inode numbers that their Sys values carry, and known
// reports whether they carry them. On Unix a FileInfo from the operating
// system carries a [*syscall.Stat_t], and so does one from membackend;
// where either FileInfo carries no such identity, SameFile returns false,
// false, and the caller has no way to tell a file from another one put in
// its place.
//
// Unlike [os.SameFile], SameFile never looks the file up again by name,
// so a FileInfo taken before a swap stays a faithful witness.
func SameFile(fi1, fi2 fs.FileInfo) (same, known bool) {
	if fi1 == nil || fi2 == nil {
		return false, false
	}
	d1, i1, ok1 := fileID(fi1.Sys())
	d2, i2, ok2 := fileID(fi2.Sys())
	if !ok1 || !ok2 {
		return false, false
	}
	return d1 == d2 && i1 == i2, true
}
