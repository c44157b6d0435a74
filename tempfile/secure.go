package tempfile

import (
	"github.com/tempvfs/tempvfs/vfs"
)

// wipeChunk is the most an overwrite writes at once, so that wiping a large
// file needs no large buffer.
const wipeChunk = 64 << 10

var zeros [wipeChunk]byte

// overwrite writes zeros over every byte of f, from offset 0 to its size,
// with WriteAt (the file offset does not move), then syncs f.
func overwrite(f vfs.File) error { return overwriteFrom(f, 0) }

// overwriteFrom writes zeros over the bytes of f from offset from to its
// size, then syncs f. It does nothing if f is no longer than from.
func overwriteFrom(f vfs.File, from int64) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	if size <= from {
		return nil
	}
	for off := max(from, 0); off < size; {
		n, err := f.WriteAt(zeros[:min(wipeChunk, size-off)], off)
		off += int64(n)
		if err != nil {
			return err
		}
	}
	return f.Sync()
}
