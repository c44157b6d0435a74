package membackend

import (
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/tempvfs/tempvfs/internal/osfile"
)

// File is an open file or directory of an [FS]. It implements [vfs.File]
// and [fs.ReadDirFile]. Its methods behave as those of [*os.File] on Linux
// and are safe for concurrent use: Read, Write and Seek share the offset
// and run one at a time, ReadAt and WriteAt neither use nor move it and
// run in parallel. After Close every method returns an [*fs.PathError]
// wrapping [fs.ErrClosed], except where [*os.File] checks something first:
// ReadAt and WriteAt report a bad offset, WriteAt append mode, and both
// return 0, nil for an empty buffer, as os does.
type File struct {
	fsys        *FS
	node        *inode
	name        string
	readable    bool
	writable    bool
	appending   bool
	publishable bool

	// closed is set once, by Close, before it gives up the inode. A write
	// checks it again under the inode's lock, so that nothing is written
	// to a file after its last Close.
	closed atomic.Bool

	mu  sync.Mutex // guards off and dir: Read, Write, Seek and Readdir
	off int64
	dir *dirCursor // set by the first Readdir
}

// dirCursor is a directory's entries as the first Readdir saw them, and
// how many have been returned.
type dirCursor struct {
	ents []dirent
	pos  int
}

type dirent struct {
	name string
	node *inode
}

func newFile(fsys *FS, n *inode, name string, flag int) *File {
	acc := flag & accMode
	return &File{
		fsys:      fsys,
		node:      n,
		name:      name,
		readable:  acc != os.O_WRONLY,
		writable:  acc != os.O_RDONLY,
		appending: flag&os.O_APPEND != 0,
	}
}

func (f *File) err(op string, err error) error {
	return &fs.PathError{Op: op, Path: f.name, Err: err}
}

// Name returns the name the File was opened with, as given, even after a
// rename, a removal or Close.
func (f *File) Name() string { return f.name }

// Close releases the File. A file whose names were all removed is freed
// when its last File is closed. A second Close returns an error wrapping
// fs.ErrClosed.
func (f *File) Close() error {
	if !f.closed.CompareAndSwap(false, true) {
		return f.err("close", fs.ErrClosed)
	}
	n := f.node
	n.mu.Lock()
	n.opens--
	n.maybeFree()
	n.mu.Unlock()
	return nil
}

// Read reads from the offset and advances it. At the end of the file it
// returns 0, io.EOF. Reading a directory gives EISDIR and a File opened
// O_WRONLY gives EBADF.
func (f *File) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed.Load() {
		return 0, f.err("read", fs.ErrClosed)
	}
	n, err := f.readAt(p, f.off, "read")
	f.off += int64(n)
	return n, err
}

// ReadAt reads len(p) bytes at off without using the offset (pread). It
// returns io.EOF with fewer bytes at the end of the file. Its errors are
// those of [os.File.ReadAt], in its order: a negative off gives an
// [*fs.PathError] with Op "readat" and the error "negative offset" (which
// matches no errno), even after Close; an empty p returns 0, nil; then a
// closed File gives fs.ErrClosed with Op "read".
func (f *File) ReadAt(p []byte, off int64) (int, error) {
	if done, err := osfile.BeforeAt(f.name, false, false, off, len(p), f.closed.Load()); done {
		return 0, err
	}
	n, err := f.readAt(p, off, "read")
	if err == nil && n < len(p) {
		err = io.EOF
	}
	return n, err
}

func (f *File) readAt(p []byte, off int64, op string) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !f.readable {
		return 0, f.err(op, syscall.EBADF)
	}
	if f.node.isDir() {
		return 0, f.err(op, syscall.EISDIR)
	}
	f.node.mu.RLock()
	n := f.node.data.readAt(p, off)
	f.node.mu.RUnlock()
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// Write writes p at the offset, or at the end of the file if the File was
// opened with O_APPEND, and advances the offset. An append lands at the
// true end of the file even with other writers. A write past the end
// fills the gap with zeros. With a capacity limit a write that does not
// fit writes what fits and returns an error wrapping syscall.ENOSPC.
func (f *File) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed.Load() {
		return 0, f.err("write", fs.ErrClosed)
	}
	if !f.writable {
		return 0, f.err("write", syscall.EBADF)
	}
	if len(p) == 0 {
		return 0, nil
	}
	f.node.mu.Lock()
	if f.closed.Load() {
		f.node.mu.Unlock()
		return 0, f.err("write", fs.ErrClosed)
	}
	n, end, errno := f.node.writeAt(p, f.off, f.appending)
	f.node.mu.Unlock()
	f.off = end
	if errno != 0 {
		return n, f.err("write", errno)
	}
	return n, nil
}

// WriteString writes s as Write does.
func (f *File) WriteString(s string) (int, error) {
	return f.Write([]byte(s))
}

// WriteAt writes p at off without using the offset (pwrite). Its errors
// are those of [os.File.WriteAt], in its order, even after Close: on a
// File opened with O_APPEND, the error os returns, "os: invalid use of
// WriteAt on file opened with O_APPEND" (not an [*fs.PathError], and
// matching no errno); at a negative off, an *fs.PathError with Op
// "writeat" and the error "negative offset"; an empty p returns 0, nil;
// then a closed File gives fs.ErrClosed and a File not open for writing
// EBADF, with Op "write".
func (f *File) WriteAt(p []byte, off int64) (int, error) {
	if done, err := osfile.BeforeAt(f.name, true, f.appending, off, len(p), f.closed.Load()); done {
		return 0, err
	}
	if !f.writable {
		return 0, f.err("write", syscall.EBADF)
	}
	f.node.mu.Lock()
	if f.closed.Load() {
		f.node.mu.Unlock()
		return 0, f.err("write", fs.ErrClosed)
	}
	n, _, errno := f.node.writeAt(p, off, false)
	f.node.mu.Unlock()
	if errno != 0 {
		return n, f.err("write", errno)
	}
	return n, nil
}

// Seek sets the offset for the next Read or Write, as [os.File.Seek]. A
// bad whence or a negative result gives EINVAL and leaves the offset. On
// a directory, Seek restarts Readdir.
func (f *File) Seek(offset int64, whence int) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed.Load() {
		return 0, f.err("seek", fs.ErrClosed)
	}
	var base int64
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		base = f.off
	case io.SeekEnd:
		f.node.mu.RLock()
		base = f.node.data.size
		f.node.mu.RUnlock()
	default:
		return 0, f.err("seek", syscall.EINVAL)
	}
	pos := base + offset
	if pos < 0 || offset > 0 && pos < base {
		return 0, f.err("seek", syscall.EINVAL)
	}
	f.off = pos
	f.dir = nil
	return pos, nil
}

// Stat returns a FileInfo describing the file, named by the last element
// of the File's name. It works after the file is removed.
func (f *File) Stat() (fs.FileInfo, error) {
	if f.closed.Load() {
		return nil, f.err("stat", fs.ErrClosed)
	}
	return f.node.info(f.fsys, basename(f.name)), nil
}

// Chmod sets the permission, setuid, setgid and sticky bits of the file
// to those of mode, as [os.File.Chmod] does (fchmod(2)): it changes the
// file the File refers to, whatever names point at it now. Only the owner
// may (EPERM otherwise), and not on a read-only device (EROFS).
func (f *File) Chmod(mode fs.FileMode) error {
	if f.closed.Load() {
		return f.err("chmod", fs.ErrClosed)
	}
	n := f.node
	if errno := n.dev.writable(); errno != 0 {
		return f.err("chmod", errno)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if !f.fsys.owns(n) {
		return f.err("chmod", syscall.EPERM)
	}
	n.perm = mode & modeBits
	n.setTime(tChange, now())
	return nil
}

// Sync does nothing but report a closed File: memory has nothing to flush.
func (f *File) Sync() error {
	if f.closed.Load() {
		return f.err("sync", fs.ErrClosed)
	}
	return nil
}

// Truncate changes the size of the file, filling with zeros when it grows,
// and leaves the offset alone. A File not open for writing gives EINVAL,
// as does a negative size; growing past the capacity gives ENOSPC.
func (f *File) Truncate(size int64) error {
	if f.closed.Load() {
		return f.err("truncate", fs.ErrClosed)
	}
	if !f.writable || size < 0 {
		return f.err("truncate", syscall.EINVAL)
	}
	f.node.mu.Lock()
	if f.closed.Load() {
		f.node.mu.Unlock()
		return f.err("truncate", fs.ErrClosed)
	}
	errno := f.node.truncate(size)
	f.node.mu.Unlock()
	if errno != 0 {
		return f.err("truncate", errno)
	}
	return nil
}

// entries returns up to n directory entries (all that are left if n <= 0)
// from a snapshot taken at the first call, sorted by name, so that entries
// added or removed meanwhile are neither repeated nor skipped; a directory
// removed by then gives ENOENT. f.mu is held for writing.
func (f *File) entries(n int) ([]dirent, error) {
	if f.closed.Load() {
		return nil, f.err("readdirent", fs.ErrClosed)
	}
	if !f.node.isDir() {
		return nil, f.err("readdirent", syscall.ENOTDIR)
	}
	if f.dir == nil {
		d := f.node
		d.mu.RLock()
		if d.ext.removed {
			// getdents(2) on a removed directory, as Linux answers it.
			d.mu.RUnlock()
			return nil, f.err("readdirent", syscall.ENOENT)
		}
		ents := make([]dirent, 0, len(d.ext.entries))
		for name, child := range d.ext.entries {
			ents = append(ents, dirent{name, child})
		}
		d.mu.RUnlock()
		slices.SortFunc(ents, func(a, b dirent) int { return strings.Compare(a.name, b.name) })
		f.dir = &dirCursor{ents: ents}
	}
	rest := f.dir.ents[f.dir.pos:]
	if n > 0 {
		if len(rest) == 0 {
			return rest, io.EOF
		}
		rest = rest[:min(n, len(rest))]
	}
	f.dir.pos += len(rest)
	return rest, nil
}

// Readdir returns FileInfos (as Lstat gives them) for up to n entries of
// the directory, as [os.File.Readdir]: with n > 0 it returns io.EOF once
// no entry is left, with n <= 0 all remaining entries and a nil error.
// Entries come sorted by name, from a snapshot taken at the first call;
// a directory removed before that call gives ENOENT, as on Linux.
// Describing an entry needs search (x) permission on the directory; without
// it Readdir returns the entries before it and an error matching EACCES,
// as Linux's fstatat does. The slice is never nil.
func (f *File) Readdir(n int) ([]fs.FileInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ents, err := f.entries(n)
	out := make([]fs.FileInfo, 0, len(ents))
	if len(ents) > 0 && f.fsys.uid != 0 {
		d := f.node
		d.mu.RLock()
		ok := f.fsys.may(d, mayExec)
		d.mu.RUnlock()
		if !ok {
			// The first entry is consumed, as os's buffer is.
			f.dir.pos -= len(ents) - 1
			return out, f.err("fstatat", syscall.EACCES)
		}
	}
	for _, e := range ents {
		out = append(out, e.node.info(f.fsys, e.name))
	}
	return out, err
}

// Readdirnames returns the names of up to n entries of the directory, as
// [File.Readdir] does, needing no search permission. The slice is never
// nil.
func (f *File) Readdirnames(n int) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ents, err := f.entries(n)
	out := make([]string, len(ents))
	for i, e := range ents {
		out[i] = e.name
	}
	return out, err
}

// ReadDir returns up to n entries of the directory as [fs.DirEntry]
// values, as [os.File.ReadDir]. The slice is never nil.
func (f *File) ReadDir(n int) ([]fs.DirEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ents, err := f.entries(n)
	out := make([]fs.DirEntry, len(ents))
	for i, e := range ents {
		out[i] = fs.FileInfoToDirEntry(e.node.info(f.fsys, e.name))
	}
	return out, err
}
