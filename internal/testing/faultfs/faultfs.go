// Package faultfs wraps a filesystem and makes chosen operations fail, so
// tests can prove that no failure path loses data or leaves a file behind.
//
// Every operation is counted. A rule makes the calls of one operation fail
// from the Nth on, or only the Nth; a write budget makes writes fail with ENOSPC, after a
// short write, once a number of bytes has been written, as a full disk
// does. Files opened through the wrapper are wrapped too, so their Write,
// Sync, Truncate and Close are counted and can fail.
//
// The wrapper implements every capability of [vfs.Capabilities] by
// forwarding it through the vfs helper of the same name, counted under the
// operation that best describes it, so code under test takes the same
// paths as on the wrapped filesystem: where that one lacks a capability,
// the helper's fallback or its error wrapping [errors.ErrUnsupported] is
// what the wrapper gives.
package faultfs

import (
	"fmt"
	"io/fs"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/vfs"
)

// Op names a kind of operation.
type Op string

// The operations that can be counted and made to fail.
const (
	Open     Op = "open" // OpenFile, Create, Open, CreateExclusive, CreateAnonymous, CreatePublishable
	Write    Op = "write"
	Sync     Op = "sync" // File.Sync and SyncDir
	Truncate Op = "truncate"
	Close    Op = "close"
	Rename   Op = "rename" // Rename, RenameNoReplace, Link, Publish
	Remove   Op = "remove" // Remove, RemoveAll and RemoveTree
	Chmod    Op = "chmod"
	Mkdir    Op = "mkdir" // Mkdir and MkdirAll
)

// FS is a filesystem that fails chosen operations. The zero value is not
// usable; call New. An FS is safe for concurrent use.
type FS struct {
	base vfs.Fs

	mu       sync.Mutex
	calls    map[Op]int
	failFrom map[Op]int
	failErr  map[Op]error
	failAt   map[Op]int // only this call fails, with failAtErr
	failAtEr map[Op]error
	written  int64
	capacity int64 // < 0: unlimited
}

// New wraps base.
func New(base vfs.Fs) *FS {
	return &FS{base: base, calls: map[Op]int{}, failFrom: map[Op]int{}, failErr: map[Op]error{},
		failAt: map[Op]int{}, failAtEr: map[Op]error{}, capacity: -1}
}

// FailFrom makes the nth call of op (counting from 1, including calls
// already made) and every later one fail with err.
func (f *FS) FailFrom(op Op, n int, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failFrom[op] = n
	f.failErr[op] = err
}

// FailAt makes only the nth call of op (counting from 1, including calls
// already made) fail with err; the calls after it go through, unless
// [FS.FailFrom] says otherwise. It models a transient fault, such as one
// EIO, that the code under test must report rather than retry past.
func (f *FS) FailAt(op Op, n int, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failAt[op] = n
	f.failAtEr[op] = err
}

// LimitWrites makes writes fail with ENOSPC once n bytes in all have been
// written through the wrapper; the write that crosses the limit writes
// what fits and reports it.
func (f *FS) LimitWrites(n int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.capacity = n
}

// Calls returns how many times op has been called.
func (f *FS) Calls(op Op) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

// Reset forgets every rule and count.
func (f *FS) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.calls)
	clear(f.failFrom)
	clear(f.failErr)
	clear(f.failAt)
	clear(f.failAtEr)
	f.written, f.capacity = 0, -1
}

// call counts a call of op and returns the injected error, if any.
func (f *FS) call(op Op) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[op]++
	if n, ok := f.failAt[op]; ok && f.calls[op] == n {
		return f.failAtEr[op]
	}
	if n, ok := f.failFrom[op]; ok && f.calls[op] >= n {
		return f.failErr[op]
	}
	return nil
}

// allow returns how many of n bytes may be written now.
func (f *FS) allow(n int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.capacity < 0 {
		f.written += int64(n)
		return n
	}
	k := int(min(int64(n), max(0, f.capacity-f.written)))
	f.written += int64(k)
	return k
}

func pathErr(op, name string, err error) error { return &fs.PathError{Op: op, Path: name, Err: err} }

func (f *FS) wrap(file vfs.File, err error) (vfs.File, error) {
	if err != nil {
		return nil, err
	}
	return &File{File: file, fsys: f}, nil
}

// Name returns "faultfs(" + the wrapped filesystem's name + ")".
func (f *FS) Name() string { return "faultfs(" + f.base.Name() + ")" }

// Create counts as Open.
func (f *FS) Create(name string) (afero.File, error) {
	return f.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// Open counts as Open.
func (f *FS) Open(name string) (afero.File, error) { return f.OpenFile(name, os.O_RDONLY, 0) }

// OpenFile counts as Open.
func (f *FS) OpenFile(name string, flag int, perm fs.FileMode) (afero.File, error) {
	if err := f.call(Open); err != nil {
		return nil, pathErr("open", name, err)
	}
	return f.wrap(f.base.OpenFile(name, flag, perm))
}

// Mkdir counts as Mkdir.
func (f *FS) Mkdir(name string, perm fs.FileMode) error {
	if err := f.call(Mkdir); err != nil {
		return pathErr("mkdir", name, err)
	}
	return f.base.Mkdir(name, perm)
}

// MkdirAll counts as Mkdir.
func (f *FS) MkdirAll(name string, perm fs.FileMode) error {
	if err := f.call(Mkdir); err != nil {
		return pathErr("mkdir", name, err)
	}
	return f.base.MkdirAll(name, perm)
}

// Remove counts as Remove.
func (f *FS) Remove(name string) error {
	if err := f.call(Remove); err != nil {
		return pathErr("remove", name, err)
	}
	return f.base.Remove(name)
}

// RemoveAll counts as Remove.
func (f *FS) RemoveAll(name string) error {
	if err := f.call(Remove); err != nil {
		return pathErr("removeall", name, err)
	}
	return f.base.RemoveAll(name)
}

// Rename counts as Rename.
func (f *FS) Rename(oldname, newname string) error {
	if err := f.call(Rename); err != nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	return f.base.Rename(oldname, newname)
}

// Stat is not counted.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return f.base.Stat(name) }

// Chmod counts as Chmod.
func (f *FS) Chmod(name string, mode fs.FileMode) error {
	if err := f.call(Chmod); err != nil {
		return pathErr("chmod", name, err)
	}
	return f.base.Chmod(name, mode)
}

// Chown is not counted.
func (f *FS) Chown(name string, uid, gid int) error { return f.base.Chown(name, uid, gid) }

// Chtimes is not counted.
func (f *FS) Chtimes(name string, atime, mtime time.Time) error {
	return f.base.Chtimes(name, atime, mtime)
}

// CreateExclusive counts as Open.
func (f *FS) CreateExclusive(name string, perm fs.FileMode) (vfs.File, error) {
	if err := f.call(Open); err != nil {
		return nil, pathErr("open", name, err)
	}
	return f.wrap(vfs.CreateExclusive(f.base, name, perm))
}

// CreateAnonymous counts as Open.
func (f *FS) CreateAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	if err := f.call(Open); err != nil {
		return nil, pathErr("open", dir, err)
	}
	return f.wrap(vfs.CreateAnonymous(f.base, dir, perm))
}

// CreatePublishable counts as Open.
func (f *FS) CreatePublishable(dir string, perm fs.FileMode) (vfs.File, error) {
	if err := f.call(Open); err != nil {
		return nil, pathErr("open", dir, err)
	}
	return f.wrap(vfs.CreatePublishable(f.base, dir, perm))
}

// Publish counts as Rename.
func (f *FS) Publish(file vfs.File, newname string) error {
	if err := f.call(Rename); err != nil {
		return &os.LinkError{Op: "link", Old: file.Name(), New: newname, Err: err}
	}
	if w, ok := file.(*File); ok {
		file = w.File
	}
	return vfs.Publish(f.base, file, newname)
}

// Link counts as Rename.
func (f *FS) Link(oldname, newname string) error {
	if err := f.call(Rename); err != nil {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: err}
	}
	return vfs.Link(f.base, oldname, newname)
}

// RenameNoReplace counts as Rename.
func (f *FS) RenameNoReplace(oldname, newname string) error {
	if err := f.call(Rename); err != nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	return vfs.RenameNoReplace(f.base, oldname, newname)
}

// SyncDir counts as Sync.
func (f *FS) SyncDir(name string) error {
	if err := f.call(Sync); err != nil {
		return pathErr("sync", name, err)
	}
	return vfs.SyncDir(f.base, name)
}

// RemoveTree counts as Remove.
func (f *FS) RemoveTree(name string) error {
	if err := f.call(Remove); err != nil {
		return pathErr("removeall", name, err)
	}
	return vfs.RemoveTree(f.base, name)
}

// TempDirs is not counted.
func (f *FS) TempDirs() []string { return vfs.TempDirs(f.base) }

// Getwd is not counted.
func (f *FS) Getwd() (string, error) { return vfs.Getwd(f.base) }

// LstatIfPossible is not counted.
func (f *FS) LstatIfPossible(name string) (fs.FileInfo, bool, error) {
	if l, ok := f.base.(afero.Lstater); ok {
		return l.LstatIfPossible(name)
	}
	fi, err := f.base.Stat(name)
	return fi, false, err
}

// SymlinkIfPossible is not counted.
func (f *FS) SymlinkIfPossible(oldname, newname string) error {
	return vfs.Symlink(f.base, oldname, newname)
}

// ReadlinkIfPossible is not counted.
func (f *FS) ReadlinkIfPossible(name string) (string, error) { return vfs.Readlink(f.base, name) }

var (
	_ vfs.ExclusiveFS       = (*FS)(nil)
	_ vfs.AnonymousFS       = (*FS)(nil)
	_ vfs.PublishFS         = (*FS)(nil)
	_ vfs.LinkFS            = (*FS)(nil)
	_ vfs.RenameNoReplaceFS = (*FS)(nil)
	_ vfs.SyncDirFS         = (*FS)(nil)
	_ vfs.RemoveTreeFS      = (*FS)(nil)
	_ vfs.TempDirFS         = (*FS)(nil)
	_ vfs.WorkingDirFS      = (*FS)(nil)
	_ afero.Symlinker       = (*FS)(nil)
)

// File is a file opened through an [FS].
type File struct {
	vfs.File
	fsys *FS
}

// Write counts as Write and honours the write limit.
func (f *File) Write(p []byte) (int, error) {
	if err := f.fsys.call(Write); err != nil {
		return 0, pathErr("write", f.Name(), err)
	}
	k := f.fsys.allow(len(p))
	n, err := f.File.Write(p[:k])
	if err == nil && k < len(p) {
		err = pathErr("write", f.Name(), syscall.ENOSPC)
	}
	return n, err
}

// WriteAt counts as Write and honours the write limit.
func (f *File) WriteAt(p []byte, off int64) (int, error) {
	if err := f.fsys.call(Write); err != nil {
		return 0, pathErr("write", f.Name(), err)
	}
	k := f.fsys.allow(len(p))
	n, err := f.File.WriteAt(p[:k], off)
	if err == nil && k < len(p) {
		err = pathErr("write", f.Name(), syscall.ENOSPC)
	}
	return n, err
}

// WriteString is Write of a string.
func (f *File) WriteString(s string) (int, error) { return f.Write([]byte(s)) }

// Sync counts as Sync.
func (f *File) Sync() error {
	if err := f.fsys.call(Sync); err != nil {
		return pathErr("sync", f.Name(), err)
	}
	return f.File.Sync()
}

// Truncate counts as Truncate.
func (f *File) Truncate(size int64) error {
	if err := f.fsys.call(Truncate); err != nil {
		return pathErr("truncate", f.Name(), err)
	}
	return f.File.Truncate(size)
}

// Close counts as Close. An injected failure still closes the wrapped
// file, as a failed close(2) releases the descriptor.
func (f *File) Close() error {
	if err := f.fsys.call(Close); err != nil {
		f.File.Close()
		return pathErr("close", f.Name(), err)
	}
	return f.File.Close()
}

// Unwrap returns the wrapped file.
func (f *File) Unwrap() vfs.File { return f.File }

// String describes the wrapper for test messages.
func (f *File) String() string { return fmt.Sprintf("faultfs file %s", f.Name()) }
