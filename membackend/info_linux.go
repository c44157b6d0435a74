package membackend

import (
	"io/fs"
	"syscall"
	"time"
)

// sysValue returns what a FileInfo's Sys method returns on Linux: a
// *syscall.Stat_t as the kernel fills it.
func sysValue(st *Stat, mode fs.FileMode, size int64, mtime time.Time) any {
	s := &syscall.Stat_t{
		Mode: unixMode(mode),
		Uid:  uint32(st.Uid),
		Gid:  uint32(st.Gid),
		Size: size,
		Atim: syscall.NsecToTimespec(st.Atime.UnixNano()),
		Mtim: syscall.NsecToTimespec(mtime.UnixNano()),
		Ctim: syscall.NsecToTimespec(st.Ctime.UnixNano()),
	}
	// Field types differ between architectures.
	setInt(&s.Dev, st.Dev)
	setInt(&s.Ino, st.Ino)
	setInt(&s.Nlink, st.Nlink)
	setInt(&s.Blksize, blockSize)
	s.Blocks = (size + 511) / 512
	return s
}

// setInt stores v in *p, whatever integer type the architecture gives it.
func setInt[T ~int32 | ~int64 | ~uint32 | ~uint64](p *T, v uint64) { *p = T(v) }

// blockSize is the st_blksize reported: the page size, as tmpfs reports.
const blockSize = 4096

// unixMode returns the st_mode of a FileMode: the file type bits and the
// permission, setuid, setgid and sticky bits.
func unixMode(m fs.FileMode) uint32 {
	v := uint32(m.Perm())
	switch {
	case m&fs.ModeDir != 0:
		v |= syscall.S_IFDIR
	case m&fs.ModeSymlink != 0:
		v |= syscall.S_IFLNK
	default:
		v |= syscall.S_IFREG
	}
	if m&fs.ModeSetuid != 0 {
		v |= syscall.S_ISUID
	}
	if m&fs.ModeSetgid != 0 {
		v |= syscall.S_ISGID
	}
	if m&fs.ModeSticky != 0 {
		v |= syscall.S_ISVTX
	}
	return v
}
