package tempfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"sync"
	"syscall"
	"time"

	"github.com/tempvfs/tempvfs/vfs"
)

// Spooled is a temporary file that keeps its data in memory until it grows
// past a size limit, then moves it to an anonymous file on a filesystem
// (Python's SpooledTemporaryFile).
//
// Spooled is a complete [vfs.File]: Read, Write, Seek, ReadAt, WriteAt,
// Truncate and Stat behave the same before and after the move, which is
// called rolling over. Data moves in one pass, with the file offset kept.
// If rolling over fails (the disk is full, say), the error is returned and
// every byte stays in memory, readable as before.
//
// A Spooled is safe for concurrent use; its methods serialize. The zero
// value is a file in memory with no size limit and no filesystem to roll
// over to: reads and writes work, and Rollover fails with an error
// matching [fs.ErrInvalid]. [NewSpooled] makes one that can roll over.
type Spooled struct {
	mu       sync.Mutex
	fsys     vfs.Fs
	c        config // for the anonymous file made on rollover
	maxSize  int64  // 0: never roll over on size
	budget   *MemoryBudget
	reserved int64 // bytes taken from budget
	wipe     bool  // clear memory before releasing it, overwrite the file before closing it
	rec      *record

	mem     chunks
	off     int64
	modTime time.Time
	file    vfs.File // nil until rolled over
	closed  bool
}

var _ vfs.File = (*Spooled)(nil)

// NewSpooled returns a spooled file that holds its data in memory until it
// would grow past maxSize bytes, then moves it to an anonymous file made as
// [NewAnonymous] makes one, with the same options. A maxSize of 0 means no
// limit: the data moves only on [Spooled.Rollover], or when the memory
// budget of [WithMemoryBudget] is spent. A negative maxSize, or an option
// NewSpooled does not take, is an error wrapping [fs.ErrInvalid].
//
// Nothing is created until the data rolls over, so a bad directory shows
// only then, as an error from the write that needed it.
//
// With [WithSecureRemove] the memory is cleared before it is reused and,
// after rollover, the file is overwritten before it is closed. With
// [WithTracker] the spooled file is listed, as one entry, until it is
// closed.
func NewSpooled(fsys vfs.Fs, maxSize int64, opts ...Option) (*Spooled, error) {
	c, err := newConfig("NewSpooled", opts)
	if err != nil {
		return nil, err
	}
	if maxSize < 0 {
		return nil, fmt.Errorf("tempfile: NewSpooled: maxSize %d: %w", maxSize, fs.ErrInvalid)
	}
	if fsys == nil {
		// Caught now, not at the rollover that would first use it.
		return nil, nilFS("createtemp", c.dir)
	}
	ts := trackers(&c, fsys)
	c.tracker = nil
	s := &Spooled{fsys: fsys, c: c, maxSize: maxSize, budget: c.budget, wipe: c.secure, modTime: time.Now()}
	if len(ts) > 0 {
		s.rec = track(ts, KindSpooled, fsys, "")
		watch(s.rec, s, (*Spooled).Close)
	}
	return s, nil
}

func (s *Spooled) pathErr(op string, err error) error {
	return &fs.PathError{Op: op, Path: s.nameLocked(), Err: err}
}

// Rolled reports whether the data has moved to a file.
func (s *Spooled) Rolled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.file != nil
}

// Rollover moves the data to an anonymous file now, whatever its size. It
// does nothing if the data has already moved. On failure the data stays in
// memory and the error is returned.
func (s *Spooled) Rollover() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.pathErr("rollover", fs.ErrClosed)
	}
	return s.rolloverLocked()
}

func (s *Spooled) rolloverLocked() error {
	if s.file != nil {
		return nil
	}
	f, err := newAnonymous(s.fsys, s.c)
	if err != nil {
		return err
	}
	err = s.mem.writeTo(f)
	if err == nil && s.off != 0 {
		_, err = f.Seek(s.off, io.SeekStart)
	}
	if err != nil {
		return errors.Join(err, f.Close())
	}
	s.file = f
	s.rec.setOnLost(f.Close)
	if s.wipe {
		s.rec.setWipe(f)
	}
	s.releaseMemory()
	return nil
}

// releaseMemory hands the chunks back to the pool and the bytes back to
// the budget.
func (s *Spooled) releaseMemory() {
	s.mem.release(s.wipe)
	if s.budget != nil && s.reserved != 0 {
		s.budget.release(s.reserved)
		s.reserved = 0
	}
}

// fits reports whether the in-memory data may grow to size n, taking any
// extra bytes from the budget.
func (s *Spooled) fits(n int64) bool {
	if s.maxSize > 0 && n > s.maxSize {
		return false
	}
	if s.budget == nil || n <= s.reserved {
		return true
	}
	if !s.budget.reserve(n - s.reserved) {
		return false
	}
	s.reserved = n
	return true
}

// room makes sure that the data may grow to size n in memory, rolling over
// if it may not. It reports whether the data is still in memory.
func (s *Spooled) room(n int64) (inMemory bool, err error) {
	if s.file != nil {
		return false, nil
	}
	if n <= s.mem.size || s.fits(n) {
		return true, nil
	}
	return false, s.rolloverLocked()
}

// Read reads up to len(p) bytes at the file offset and advances it.
func (s *Spooled) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, s.pathErr("read", fs.ErrClosed)
	}
	if s.file != nil {
		return s.file.Read(p)
	}
	if len(p) == 0 {
		return 0, nil
	}
	n := s.mem.readAt(p, s.off)
	s.off += int64(n)
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// ReadAt reads len(p) bytes at offset off without moving the file offset.
// Fewer bytes come with a non-nil error, io.EOF at the end of the data.
func (s *Spooled) ReadAt(p []byte, off int64) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, s.pathErr("read", fs.ErrClosed)
	}
	if off < 0 {
		return 0, s.pathErr("readat", errors.New("negative offset"))
	}
	if s.file != nil {
		return s.file.ReadAt(p, off)
	}
	n := s.mem.readAt(p, off)
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Write writes p at the file offset and advances it. A write that would
// take the data past the size limit, or past the memory budget, first
// rolls the data over; if that fails nothing is written and the error is
// returned. A write whose end would lie past the largest int64 offset
// writes nothing and returns an error wrapping syscall.EINVAL, as Linux
// does for an operating-system file.
func (s *Spooled) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, s.pathErr("write", fs.ErrClosed)
	}
	if len(p) == 0 {
		return 0, nil
	}
	if s.file == nil && s.off > math.MaxInt64-int64(len(p)) {
		return 0, s.pathErr("write", syscall.EINVAL)
	}
	mem, err := s.room(s.off + int64(len(p)))
	if err != nil {
		return 0, err
	}
	if !mem {
		return s.file.Write(p)
	}
	if !s.mem.writeAt(p, s.off) {
		return 0, s.pathErr("write", syscall.EINVAL)
	}
	s.off += int64(len(p))
	s.modTime = time.Now()
	return len(p), nil
}

// WriteString is Write of a string.
func (s *Spooled) WriteString(str string) (int, error) {
	return s.Write([]byte(str))
}

// WriteAt writes p at offset off without moving the file offset, rolling
// over first as Write does, and refusing an end past the largest int64
// offset as Write does.
func (s *Spooled) WriteAt(p []byte, off int64) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, s.pathErr("write", fs.ErrClosed)
	}
	if off < 0 {
		return 0, s.pathErr("writeat", errors.New("negative offset"))
	}
	if len(p) == 0 {
		return 0, nil
	}
	if off > math.MaxInt64-int64(len(p)) {
		return 0, s.pathErr("write", syscall.EINVAL)
	}
	mem, err := s.room(off + int64(len(p)))
	if err != nil {
		return 0, err
	}
	if !mem {
		return s.file.WriteAt(p, off)
	}
	if !s.mem.writeAt(p, off) {
		return 0, s.pathErr("write", syscall.EINVAL)
	}
	s.modTime = time.Now()
	return len(p), nil
}

// Seek sets the file offset as io.Seeker says; an offset past the end is
// allowed, and a write there fills the gap with zeros. A resulting offset
// below zero, or an unknown whence, is an error wrapping syscall.EINVAL,
// as for an operating-system file.
func (s *Spooled) Seek(offset int64, whence int) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, s.pathErr("seek", fs.ErrClosed)
	}
	if s.file != nil {
		return s.file.Seek(offset, whence)
	}
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = s.off + offset
	case io.SeekEnd:
		abs = s.mem.size + offset
	default:
		return 0, s.pathErr("seek", syscall.EINVAL)
	}
	if abs < 0 {
		return 0, s.pathErr("seek", syscall.EINVAL)
	}
	s.off = abs
	return abs, nil
}

// Truncate changes the size of the data without moving the file offset.
// Growing past the size limit rolls over first. With [WithSecureRemove],
// the bytes cut off are overwritten first.
func (s *Spooled) Truncate(size int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.pathErr("truncate", fs.ErrClosed)
	}
	if size < 0 {
		return s.pathErr("truncate", syscall.EINVAL)
	}
	mem, err := s.room(size)
	if err != nil {
		return err
	}
	if !mem {
		if s.wipe {
			if err := overwriteFrom(s.file, size); err != nil {
				return err
			}
		}
		return s.file.Truncate(size)
	}
	s.mem.truncate(size, s.wipe)
	if s.budget != nil && size < s.reserved {
		s.budget.release(s.reserved - size)
		s.reserved = size
	}
	s.modTime = time.Now()
	return nil
}

// Stat describes the data: its size, mode 0600 and the time of the last
// change. Before rollover the name is "".
func (s *Spooled) Stat() (fs.FileInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, s.pathErr("stat", fs.ErrClosed)
	}
	if s.file != nil {
		return s.file.Stat()
	}
	return memInfo{size: s.mem.size, modTime: s.modTime}, nil
}

// Sync commits the data to stable storage once it is in a file; before
// that it does nothing.
func (s *Spooled) Sync() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.pathErr("sync", fs.ErrClosed)
	}
	if s.file != nil {
		return s.file.Sync()
	}
	return nil
}

// Readdir returns an error: a spooled file is not a directory.
func (s *Spooled) Readdir(int) ([]fs.FileInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return nil, s.notDir()
}

// Readdirnames returns an error: a spooled file is not a directory.
func (s *Spooled) Readdirnames(int) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return nil, s.notDir()
}

func (s *Spooled) notDir() error {
	if s.closed {
		return s.pathErr("readdirent", fs.ErrClosed)
	}
	return s.pathErr("readdirent", syscall.ENOTDIR)
}

// Name returns "" while the data is in memory, and the anonymous file's
// Name after rollover (a path that does not refer to the file).
func (s *Spooled) Name() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nameLocked()
}

func (s *Spooled) nameLocked() string {
	if s.file != nil {
		return s.file.Name()
	}
	return ""
}

// Close releases the memory or closes, and so frees, the anonymous file.
// With [WithSecureRemove] it clears the memory, or overwrites the file
// with zeros, first; the file is closed even if that fails. Closing twice
// returns an error wrapping [fs.ErrClosed].
func (s *Spooled) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.pathErr("close", fs.ErrClosed)
	}
	s.closed = true
	defer s.rec.release()
	s.releaseMemory()
	if s.file == nil {
		return nil
	}
	var err error
	if s.wipe {
		err = overwrite(s.file)
	}
	return errors.Join(err, s.file.Close())
}

// memInfo describes spooled data held in memory.
type memInfo struct {
	size    int64
	modTime time.Time
}

func (memInfo) Name() string         { return "" }
func (i memInfo) Size() int64        { return i.size }
func (memInfo) Mode() fs.FileMode    { return 0o600 }
func (i memInfo) ModTime() time.Time { return i.modTime }
func (memInfo) IsDir() bool          { return false }
func (memInfo) Sys() any             { return nil }
