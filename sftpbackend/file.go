package sftpbackend

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/pkg/sftp"

	"github.com/tempvfs/tempvfs/internal/osfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// File is an open file or directory of an [FS]: a [*sftp.File], the
// server's handle, with the offset kept here. It implements [vfs.File]
// and [fs.ReadDirFile], and its methods behave as those of [*os.File] on
// Linux where SFTP lets them: Read, Write and Seek share the offset and
// run one at a time; ReadAt and WriteAt neither use nor move it and run
// in parallel. After Close every method returns an [*fs.PathError]
// wrapping [fs.ErrClosed], except where [*os.File] checks something
// first: ReadAt and WriteAt report a bad offset, WriteAt append mode,
// and both return 0, nil for an empty buffer, as os does.
type File struct {
	fsys      *FS
	sf        *sftp.File
	name      string // as the caller gave it
	readable  bool
	writable  bool
	appending bool

	closed atomic.Bool

	mu sync.Mutex // guards off, offAtEnd and dir: Read, Write, Seek, Readdir
	// off is the offset of the next Read or Write.
	off int64
	// offAtEnd is set by a Write in append mode, which lands at the end of
	// the file wherever off is: the next use of off moves it to the end.
	offAtEnd bool
	dir      *dirCursor // set by the first Readdir
}

var _ vfs.File = (*File)(nil)
var _ fs.ReadDirFile = (*File)(nil)

func newFile(fsys *FS, sf *sftp.File, name string, flag int) *File {
	acc := flag & accMode
	return &File{
		fsys:      fsys,
		sf:        sf,
		name:      name,
		readable:  acc != os.O_WRONLY,
		writable:  acc != os.O_RDONLY,
		appending: flag&os.O_APPEND != 0,
	}
}

func (f *File) err(op string, err error) error {
	return &fs.PathError{Op: op, Path: f.name, Err: err}
}

// ioErr returns the error for err, from the I/O operation op on the
// file: SSH_FX_FAILURE is EISDIR on a directory and ENOSPC on a full
// filesystem when writing; fs.ErrClosed if Close came first.
func (f *File) ioErr(op string, err error, writing bool) error {
	return f.ioErrPerm(op, err, writing, syscall.EACCES)
}

// ioErrPerm is ioErr with perm the errno for a refused permission.
func (f *File) ioErrPerm(op string, err error, writing bool, perm syscall.Errno) error {
	if errors.Is(err, os.ErrClosed) {
		return f.err(op, fs.ErrClosed)
	}
	if isFailure(err) {
		if fi, serr := f.sf.Stat(); serr == nil && fi.IsDir() {
			return f.err(op, syscall.EISDIR)
		}
		if writing && f.fsys.full(remote(f.name), false) {
			return f.err(op, syscall.ENOSPC)
		}
	}
	return f.err(op, errno(err, perm))
}

// SFTPFile returns the [*sftp.File] that f wraps. Reads and writes
// through it do not move f's offset.
func (f *File) SFTPFile() *sftp.File { return f.sf }

// Name returns the name the File was opened with, as given, even after a
// rename, a removal or Close.
func (f *File) Name() string { return f.name }

// Close closes the server's handle. A second Close returns an error
// wrapping fs.ErrClosed.
func (f *File) Close() error {
	if !f.closed.CompareAndSwap(false, true) {
		return f.err("close", fs.ErrClosed)
	}
	if err := f.sf.Close(); err != nil {
		return f.err("close", errno(err, syscall.EACCES))
	}
	return nil
}

// syncOffset moves the offset to the end of the file after a Write in
// append mode. f.mu is held.
func (f *File) syncOffset(op string) error {
	if !f.offAtEnd {
		return nil
	}
	fi, err := f.sf.Stat()
	if err != nil {
		return f.ioErr(op, err, false)
	}
	f.off, f.offAtEnd = fi.Size(), false
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
	if !f.readable {
		return 0, f.err("read", syscall.EBADF)
	}
	if len(p) == 0 {
		return 0, nil
	}
	if err := f.syncOffset("read"); err != nil {
		return 0, err
	}
	n, err := f.sf.ReadAt(p, f.off)
	f.off += int64(n)
	if err == io.EOF {
		if n > 0 {
			return n, nil
		}
		return 0, io.EOF
	}
	if err != nil {
		return n, f.ioErr("read", err, false)
	}
	return n, nil
}

// ReadAt reads len(p) bytes at off without using the offset. It returns
// io.EOF with fewer bytes at the end of the file. Its errors are those
// of [os.File.ReadAt], in its order: a negative off gives an
// [*fs.PathError] with Op "readat" and the error "negative offset", even
// after Close; an empty p returns 0, nil; then a closed File gives
// fs.ErrClosed with Op "read".
func (f *File) ReadAt(p []byte, off int64) (int, error) {
	if done, err := osfile.BeforeAt(f.name, false, false, off, len(p), f.closed.Load()); done {
		return 0, err
	}
	if !f.readable {
		return 0, f.err("read", syscall.EBADF)
	}
	n, err := f.sf.ReadAt(p, off)
	if err == io.EOF {
		return n, io.EOF
	}
	if err != nil {
		return n, f.ioErr("read", err, false)
	}
	return n, nil
}

// Write writes p at the offset, or at the end of the file if the File was
// opened with O_APPEND (the server's open(2) had O_APPEND, so an append
// lands at the true end even with other writers), and advances the
// offset. A write on a full filesystem returns an error wrapping
// syscall.ENOSPC where the server offers statvfs@openssh.com to tell.
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
	n, err := f.sf.WriteAt(p, f.off)
	if f.appending {
		f.offAtEnd = true
	} else {
		f.off += int64(n)
	}
	if err != nil {
		return n, f.ioErr("write", err, true)
	}
	return n, nil
}

// WriteString writes s as Write does.
func (f *File) WriteString(s string) (int, error) {
	return f.Write([]byte(s))
}

// WriteAt writes p at off without using the offset. Its errors are those
// of [os.File.WriteAt], in its order, even after Close: on a File opened
// with O_APPEND, the error os returns, "os: invalid use of WriteAt on
// file opened with O_APPEND" (not an [*fs.PathError]); at a negative off,
// an *fs.PathError with Op "writeat" and the error "negative offset"; an
// empty p returns 0, nil; then a closed File gives fs.ErrClosed and a File
// not open for writing EBADF, with Op "write".
func (f *File) WriteAt(p []byte, off int64) (int, error) {
	if done, err := osfile.BeforeAt(f.name, true, f.appending, off, len(p), f.closed.Load()); done {
		return 0, err
	}
	if !f.writable {
		return 0, f.err("write", syscall.EBADF)
	}
	n, err := f.sf.WriteAt(p, off)
	if err != nil {
		return n, f.ioErr("write", err, true)
	}
	return n, nil
}

// Seek sets the offset for the next Read or Write, as [os.File.Seek]; a
// seek relative to the end asks the server for the size. A bad whence or
// a negative result gives EINVAL and leaves the offset. On a directory,
// Seek restarts Readdir.
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
		if err := f.syncOffset("seek"); err != nil {
			return 0, err
		}
		base = f.off
	case io.SeekEnd:
		fi, err := f.sf.Stat()
		if err != nil {
			return 0, f.ioErr("seek", err, false)
		}
		base = fi.Size()
	default:
		return 0, f.err("seek", syscall.EINVAL)
	}
	pos := base + offset
	if pos < 0 || offset > 0 && pos < base {
		return 0, f.err("seek", syscall.EINVAL)
	}
	f.off, f.offAtEnd = pos, false
	f.dir = nil
	return pos, nil
}

// Stat returns a FileInfo describing the file, from the server's fstat of
// the handle, named by the last element of the File's name. It works
// after the file is removed. Its Sys is the [*sftp.FileStat].
func (f *File) Stat() (fs.FileInfo, error) {
	if f.closed.Load() {
		return nil, f.err("stat", fs.ErrClosed)
	}
	fi, err := f.sf.Stat()
	if err != nil {
		return nil, f.ioErr("stat", err, false)
	}
	return fi, nil
}

// Sync asks the server to fsync(2) the file (fsync@openssh.com). Without
// the extension it returns an error wrapping [errors.ErrUnsupported].
func (f *File) Sync() error {
	if f.closed.Load() {
		return f.err("sync", fs.ErrClosed)
	}
	if !f.fsys.fsync {
		return f.err("sync", errNoExtension(extFsync))
	}
	if err := f.sf.Sync(); err != nil {
		return f.ioErr("sync", err, true)
	}
	return nil
}

// Truncate changes the size of the file, filling with zeros when it
// grows, and leaves the offset alone. A File not open for writing gives
// EINVAL, as does a negative size.
func (f *File) Truncate(size int64) error {
	if f.closed.Load() {
		return f.err("truncate", fs.ErrClosed)
	}
	if !f.writable || size < 0 {
		return f.err("truncate", syscall.EINVAL)
	}
	if err := f.sf.Truncate(size); err != nil {
		return f.ioErr("truncate", err, true)
	}
	return nil
}

// Chmod sets the mode of the file through its handle (fchmod(2) on the
// server), as [os.File.Chmod]: it changes the file the File refers to,
// whatever names point at it now.
func (f *File) Chmod(mode fs.FileMode) error {
	if f.closed.Load() {
		return f.err("chmod", fs.ErrClosed)
	}
	if err := f.sf.Chmod(mode); err != nil {
		return f.ioErrPerm("chmod", err, false, syscall.EPERM)
	}
	return nil
}

// Chown sets the owner and group of the file through its handle, as
// [os.File.Chown]; -1 leaves one as it is.
func (f *File) Chown(uid, gid int) error {
	if f.closed.Load() {
		return f.err("chown", fs.ErrClosed)
	}
	if uid == -1 || gid == -1 {
		fi, err := f.sf.Stat()
		if err != nil {
			return f.ioErr("chown", err, false)
		}
		uid, gid = keepOwner(fi, uid, gid)
	}
	if err := f.sf.Chown(uid, gid); err != nil {
		return f.ioErrPerm("chown", err, false, syscall.EPERM)
	}
	return nil
}

// dirCursor is a directory's entries as the first Readdir saw them, and
// how many have been returned.
type dirCursor struct {
	ents []fs.FileInfo
	pos  int
}

// entries returns up to n directory entries (all that are left if n <=
// 0), from a listing taken at the first call, sorted by name. SFTP lists
// a directory by name, not through an open handle, so the listing is of
// whatever directory has the File's name at the first call. f.mu is held.
func (f *File) entries(n int) ([]fs.FileInfo, error) {
	if f.closed.Load() {
		return nil, f.err("readdirent", fs.ErrClosed)
	}
	if f.dir == nil {
		ents, err := f.fsys.c.ReadDir(remote(f.name))
		if err != nil {
			if fi, serr := f.sf.Stat(); serr == nil && !fi.IsDir() {
				return nil, f.err("readdirent", syscall.ENOTDIR)
			}
			return nil, f.ioErr("readdirent", err, false)
		}
		slices.SortFunc(ents, func(a, b fs.FileInfo) int { return strings.Compare(a.Name(), b.Name()) })
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
// Entries come sorted by name, from a listing taken at the first call.
// The slice is never nil.
func (f *File) Readdir(n int) ([]fs.FileInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ents, err := f.entries(n)
	return append(make([]fs.FileInfo, 0, len(ents)), ents...), err
}

// Readdirnames returns the names of up to n entries of the directory, as
// [File.Readdir] does. The slice is never nil.
func (f *File) Readdirnames(n int) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ents, err := f.entries(n)
	out := make([]string, len(ents))
	for i, e := range ents {
		out[i] = e.Name()
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
		out[i] = fs.FileInfoToDirEntry(e)
	}
	return out, err
}
