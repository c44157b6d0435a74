package osbackend

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// rootFile is a file opened through a [Root]: an [*os.File] whose Name,
// and the paths in whose errors, are the name the caller gave rather than
// the host's path. Every other method of *os.File (Fd, SyscallConn,
// ReadDir, Chmod...) is there by embedding.
type rootFile struct {
	*os.File
	name string
}

func newRootFile(f *os.File, name string) *rootFile {
	return &rootFile{File: f, name: name}
}

// Name returns the name the file was opened with.
func (f *rootFile) Name() string { return f.name }

// fix renames the host path in an error of the embedded file.
func (f *rootFile) fix(err error) error {
	var pe *fs.PathError
	if err == nil || !errors.As(err, &pe) {
		return err
	}
	return &fs.PathError{Op: pe.Op, Path: f.name, Err: pe.Err}
}

func (f *rootFile) Close() error { return f.fix(f.File.Close()) }

func (f *rootFile) Read(b []byte) (int, error) {
	n, err := f.File.Read(b)
	return n, f.fix(err)
}

func (f *rootFile) ReadAt(b []byte, off int64) (int, error) {
	n, err := f.File.ReadAt(b, off)
	return n, f.fix(err)
}

func (f *rootFile) Write(b []byte) (int, error) {
	n, err := f.File.Write(b)
	return n, f.fix(err)
}

func (f *rootFile) WriteAt(b []byte, off int64) (int, error) {
	n, err := f.File.WriteAt(b, off)
	return n, f.fix(err)
}

func (f *rootFile) WriteString(s string) (int, error) {
	n, err := f.File.WriteString(s)
	return n, f.fix(err)
}

func (f *rootFile) ReadFrom(r io.Reader) (int64, error) {
	n, err := f.File.ReadFrom(r)
	return n, f.fix(err)
}

func (f *rootFile) WriteTo(w io.Writer) (int64, error) {
	n, err := f.File.WriteTo(w)
	return n, f.fix(err)
}

func (f *rootFile) Seek(offset int64, whence int) (int64, error) {
	n, err := f.File.Seek(offset, whence)
	return n, f.fix(err)
}

func (f *rootFile) Stat() (fs.FileInfo, error) {
	fi, err := f.File.Stat()
	return fi, f.fix(err)
}

func (f *rootFile) Sync() error { return f.fix(f.File.Sync()) }

func (f *rootFile) Truncate(size int64) error { return f.fix(f.File.Truncate(size)) }

func (f *rootFile) Chmod(mode fs.FileMode) error { return f.fix(f.File.Chmod(mode)) }

func (f *rootFile) Chown(uid, gid int) error { return f.fix(f.File.Chown(uid, gid)) }

func (f *rootFile) Readdir(n int) ([]fs.FileInfo, error) {
	list, err := f.File.Readdir(n)
	return list, f.fix(err)
}

func (f *rootFile) Readdirnames(n int) ([]string, error) {
	list, err := f.File.Readdirnames(n)
	return list, f.fix(err)
}

func (f *rootFile) ReadDir(n int) ([]fs.DirEntry, error) {
	list, err := f.File.ReadDir(n)
	return list, f.fix(err)
}
