package tempfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"

	"github.com/tempvfs/tempvfs/vfs"
)

// DefaultMaxIdle is the number of idle files a [Pool] keeps for reuse
// unless [WithMaxIdle] says otherwise.
const DefaultMaxIdle = 4

// Pool hands out private, empty temporary files and takes them back for
// reuse, for work that needs many short-lived scratch files: reusing a
// file saves creating and freeing one each time.
//
// [Pool.Get] returns a file as [NewAnonymous] makes one (no name refers to
// it), empty and with its offset at 0. [Pool.Put] gives it back: the pool
// empties it and keeps it for a later Get, up to the bound of
// [WithMaxIdle]; beyond that it closes it. What Get returns is a handle
// of the pool's own around the file: Put invalidates it, so code that kept
// the handle can neither read what the next user writes nor write into
// it; its methods fail with an error matching [fs.ErrClosed]. Closing a
// handle closes its file for good instead of returning it.
//
// A Pool is safe for concurrent use. Its zero value is not usable: Get,
// Put and Close return an error matching [fs.ErrInvalid] and Idle returns
// 0; make one with [NewPool].
type Pool struct {
	fsys vfs.Fs
	c    config // for newAnonymous: no tracker
	rec  *record
	st   *poolState
}

// poolState is what a Pool's tracker record may close once the pool is
// unreachable: it must not refer to the Pool.
type poolState struct {
	maxIdle int
	secure  bool

	mu     sync.Mutex
	idle   []vfs.File
	closed bool
}

var errPoolClosed = fmt.Errorf("tempfile: pool is closed: %w", fs.ErrClosed)

// errZeroPool is the error of the methods of a Pool not made by NewPool.
var errZeroPool = fmt.Errorf("tempfile: a Pool not made by NewPool: %w", fs.ErrInvalid)

// NewPool returns a pool of temporary files made on fsys as [NewAnonymous]
// makes them, with the same options, plus [WithMaxIdle],
// [WithSecureRemove] and [WithTracker] (which lists the pool as one
// entry). Nothing is created until the first Get.
func NewPool(fsys vfs.Fs, opts ...Option) (*Pool, error) {
	c, err := newConfig("NewPool", opts)
	if err != nil {
		return nil, err
	}
	if fsys == nil {
		// Caught now, not at the first Get.
		return nil, nilFS("createtemp", c.dir)
	}
	ts := trackers(&c, fsys)
	c.tracker = nil
	p := &Pool{fsys: fsys, c: c, st: &poolState{maxIdle: c.maxIdle, secure: c.secure}}
	p.rec = track(ts, KindPool, fsys, "")
	p.rec.setOnLost(p.st.close)
	watch(p.rec, p, (*Pool).Close)
	return p, nil
}

// Get returns an empty file, reused or new, open for reading and writing
// with its offset at 0. It fails with an error matching [fs.ErrClosed]
// once the pool is closed, or with the error of making a new file.
func (p *Pool) Get() (vfs.File, error) {
	st := p.st
	if st == nil {
		return nil, errZeroPool
	}
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return nil, errPoolClosed
	}
	var f vfs.File
	if n := len(st.idle); n > 0 {
		f = st.idle[n-1]
		st.idle[n-1] = nil
		st.idle = st.idle[:n-1]
	}
	st.mu.Unlock()
	if f == nil {
		var err error
		if f, err = newAnonymous(p.fsys, p.c); err != nil {
			return nil, err
		}
	}
	return &pooledFile{f: f, pool: p}, nil
}

// Put gives back a file that Get returned. The file's handle stops
// working at once. The pool overwrites the file's bytes (with
// [WithSecureRemove]), truncates it to 0 and rewinds it, then keeps it
// for reuse, or closes it if the pool already holds its bound of idle
// files or is closed. If emptying the file fails, Put closes it and
// returns the error.
//
// Put of a file that did not come from this pool's Get, or that was
// already put back or closed, returns an error matching [fs.ErrInvalid]
// and does nothing else.
func (p *Pool) Put(f vfs.File) error {
	w, ok := f.(*pooledFile)
	if !ok || w == nil || w.pool != p {
		return fmt.Errorf("tempfile: Pool.Put: a file that is not from this pool: %w", fs.ErrInvalid)
	}
	file := w.take()
	if file == nil {
		return fmt.Errorf("tempfile: Pool.Put: a file already put back or closed: %w", fs.ErrInvalid)
	}
	if err := p.st.reset(file); err != nil {
		return errors.Join(err, file.Close())
	}
	st := p.st
	st.mu.Lock()
	if st.closed || len(st.idle) >= st.maxIdle {
		st.mu.Unlock()
		return file.Close()
	}
	st.idle = append(st.idle, file)
	st.mu.Unlock()
	return nil
}

// reset empties f for its next user.
func (st *poolState) reset(f vfs.File) error {
	if st.secure {
		if err := overwrite(f); err != nil {
			return err
		}
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.Seek(0, io.SeekStart)
	return err
}

// Idle returns how many files the pool holds for reuse.
func (p *Pool) Idle() int {
	if p.st == nil {
		return 0
	}
	p.st.mu.Lock()
	defer p.st.mu.Unlock()
	return len(p.st.idle)
}

// Close closes the idle files (overwriting them first with
// [WithSecureRemove]) and makes later Gets fail. Files handed out stay
// usable; Put closes them. Closing twice returns an error matching
// [fs.ErrClosed].
func (p *Pool) Close() error {
	if p.st == nil {
		return errZeroPool
	}
	err := p.st.close()
	p.rec.release()
	return err
}

func (st *poolState) close() error {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return errPoolClosed
	}
	st.closed = true
	idle := st.idle
	st.idle = nil
	st.mu.Unlock()
	var errs []error
	for _, f := range idle {
		if st.secure {
			if err := overwrite(f); err != nil {
				errs = append(errs, err)
			}
		}
		if err := f.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// pooledFile is the handle Get returns. Put and Close take the file away
// from it; every later call fails with fs.ErrClosed.
type pooledFile struct {
	pool *Pool

	mu   sync.RWMutex // write-locked only to take f away
	f    vfs.File
	name string // kept for errors once f is gone
}

var _ vfs.File = (*pooledFile)(nil)

// take removes the file from the handle, waiting for calls in progress,
// and returns it; nil if it was already taken.
func (w *pooledFile) take() vfs.File {
	w.mu.Lock()
	defer w.mu.Unlock()
	f := w.f
	if f != nil {
		w.name = f.Name()
		w.f = nil
	}
	return f
}

// file returns the file with the read lock held, or an error if the
// handle was put back or closed; the caller unlocks when f is non-nil.
func (w *pooledFile) file(op string) (vfs.File, error) {
	w.mu.RLock()
	if w.f == nil {
		name := w.name
		w.mu.RUnlock()
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrClosed}
	}
	return w.f, nil
}

// Close closes the file for good, overwriting it first with
// [WithSecureRemove]; it does not return to the pool.
func (w *pooledFile) Close() error {
	f := w.take()
	if f == nil {
		return &fs.PathError{Op: "close", Path: w.name, Err: fs.ErrClosed}
	}
	var err error
	if w.pool.st.secure {
		err = overwrite(f)
	}
	return errors.Join(err, f.Close())
}

func (w *pooledFile) Name() string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.f == nil {
		return w.name
	}
	return w.f.Name()
}

func (w *pooledFile) Read(p []byte) (int, error) {
	f, err := w.file("read")
	if err != nil {
		return 0, err
	}
	defer w.mu.RUnlock()
	return f.Read(p)
}

func (w *pooledFile) ReadAt(p []byte, off int64) (int, error) {
	f, err := w.file("read")
	if err != nil {
		return 0, err
	}
	defer w.mu.RUnlock()
	return f.ReadAt(p, off)
}

func (w *pooledFile) Seek(offset int64, whence int) (int64, error) {
	f, err := w.file("seek")
	if err != nil {
		return 0, err
	}
	defer w.mu.RUnlock()
	return f.Seek(offset, whence)
}

func (w *pooledFile) Write(p []byte) (int, error) {
	f, err := w.file("write")
	if err != nil {
		return 0, err
	}
	defer w.mu.RUnlock()
	return f.Write(p)
}

func (w *pooledFile) WriteAt(p []byte, off int64) (int, error) {
	f, err := w.file("write")
	if err != nil {
		return 0, err
	}
	defer w.mu.RUnlock()
	return f.WriteAt(p, off)
}

func (w *pooledFile) WriteString(s string) (int, error) {
	f, err := w.file("write")
	if err != nil {
		return 0, err
	}
	defer w.mu.RUnlock()
	return f.WriteString(s)
}

func (w *pooledFile) Readdir(n int) ([]fs.FileInfo, error) {
	f, err := w.file("readdirent")
	if err != nil {
		return nil, err
	}
	defer w.mu.RUnlock()
	return f.Readdir(n)
}

func (w *pooledFile) Readdirnames(n int) ([]string, error) {
	f, err := w.file("readdirent")
	if err != nil {
		return nil, err
	}
	defer w.mu.RUnlock()
	return f.Readdirnames(n)
}

func (w *pooledFile) Stat() (fs.FileInfo, error) {
	f, err := w.file("stat")
	if err != nil {
		return nil, err
	}
	defer w.mu.RUnlock()
	return f.Stat()
}

func (w *pooledFile) Sync() error {
	f, err := w.file("sync")
	if err != nil {
		return err
	}
	defer w.mu.RUnlock()
	return f.Sync()
}

// Truncate changes the file's size; with [WithSecureRemove] it overwrites
// the bytes cut off first.
func (w *pooledFile) Truncate(size int64) error {
	f, err := w.file("truncate")
	if err != nil {
		return err
	}
	defer w.mu.RUnlock()
	if w.pool.st.secure && size >= 0 {
		if err := overwriteFrom(f, size); err != nil {
			return err
		}
	}
	return f.Truncate(size)
}
