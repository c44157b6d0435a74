package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/tempvfs/tempvfs/vfs"
)

// ErrReplaced is matched, with [errors.Is], by the error of [File.Reopen],
// [Path.Reopen], [Path.Remove], [Path.Persist] and [Path.PersistNoClobber]
// when the name no longer refers to the file itself: the file was removed
// or moved away (by a cleaner of old temporary files, say) and another
// file, or a symbolic link to one, took its name. What took the name is
// left as it is.
var ErrReplaced = errors.New("tempfile: the name refers to another file")

// errZeroReopen is the error of Reopen on a File not made by NewNamed.
var errZeroReopen = &fs.PathError{Op: "reopen", Path: "", Err: fmt.Errorf("a File not made by NewNamed: %w", fs.ErrInvalid)}

// Reopen opens the file again by its name ([File.Name]), as
// [os.OpenFile] would with flag, and checks that what it opened is the
// File's own file: the device and inode numbers of the new handle must be
// those of the open File ([vfs.SameFile]). If they are not, because the
// name was removed and taken by another file or by a symbolic link to
// one, Reopen closes what it opened and fails with an error matching
// [ErrReplaced]; it never returns a handle to another file. This is
// Rust's NamedTempFile::reopen.
//
// flag is os.O_RDONLY, os.O_WRONLY or os.O_RDWR, with os.O_APPEND,
// os.O_SYNC or os.O_TRUNC as wanted. O_TRUNC takes effect after the
// check, so a file that took the name is never truncated, and it needs
// write access: with O_RDONLY it is an error matching [fs.ErrInvalid], as
// is os.O_CREATE or os.O_EXCL, since Reopen never creates a file. On Unix
// the open adds O_NONBLOCK and O_NOCTTY, so that a FIFO or a terminal put
// at the name can neither make Reopen block nor become the process's
// controlling terminal; the handle returned is in blocking mode again.
//
// The new handle has its own offset, starting at 0, and the caller closes
// it. Closing it does not close or remove the File, and closing or
// removing the File does not close it: on Unix it reads and writes the
// file's data after the name is gone.
//
// Where the filesystem's file information carries no identity (afero's
// MemMapFs, membackend outside Linux, and every filesystem on Windows,
// where [vfs.SameFile] cannot tell two files apart), Reopen cannot check
// and fails with an error matching [errors.ErrUnsupported] without opening
// anything; open [File.Name] through the filesystem to do without the
// check. A File that is closed or removed gives an error matching
// [fs.ErrClosed]. Errors are [*fs.PathError] with Op "reopen", except
// those of the open itself, which are the filesystem's.
func (f *File) Reopen(flag int) (vfs.File, error) {
	if f.File == nil {
		return nil, errZeroReopen
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed || f.removed {
		return nil, &fs.PathError{Op: "reopen", Path: f.name, Err: fs.ErrClosed}
	}
	if err := checkReopenFlag(f.name, flag); err != nil {
		return nil, err
	}
	id, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return reopen(f.fsys, f.name, flag, id, true)
}

// checkReopenFlag refuses the flags that would create a file, or truncate
// one that cannot be written.
func checkReopenFlag(name string, flag int) error {
	switch {
	case flag&(os.O_CREATE|os.O_EXCL) != 0:
		return &fs.PathError{Op: "reopen", Path: name, Err: fmt.Errorf("O_CREATE and O_EXCL are not allowed: %w", fs.ErrInvalid)}
	case flag&os.O_TRUNC != 0 && flag&(os.O_WRONLY|os.O_RDWR) == 0:
		return &fs.PathError{Op: "reopen", Path: name, Err: fmt.Errorf("O_TRUNC needs O_WRONLY or O_RDWR: %w", fs.ErrInvalid)}
	}
	return nil
}

// reopen opens name with flag (checked by checkReopenFlag) and checks
// that it is the file that id describes. Where id carries no identity it
// fails with ErrUnsupported if check is set, and otherwise opens name
// without a check.
func reopen(fsys vfs.Fs, name string, flag int, id fs.FileInfo, check bool) (vfs.File, error) {
	_, known := vfs.SameFile(id, id)
	if !known && check {
		return nil, &fs.PathError{Op: "reopen", Path: name, Err: fmt.Errorf("the filesystem gives no file identity to check: %w", errors.ErrUnsupported)}
	}
	h, err := fsys.OpenFile(name, flag&^os.O_TRUNC|openGuard, 0)
	if err != nil {
		return nil, err
	}
	fi, err := h.Stat()
	if err != nil {
		return nil, closeJoin(err, h)
	}
	if known {
		if !sameFile(id, fi) {
			return nil, closeJoin(&fs.PathError{Op: "reopen", Path: name, Err: ErrReplaced}, h)
		}
	}
	if fi.Mode().IsRegular() {
		if err := unguard(h); err != nil {
			return nil, closeJoin(&fs.PathError{Op: "reopen", Path: name, Err: err}, h)
		}
	}
	if flag&os.O_TRUNC != 0 {
		if err := h.Truncate(0); err != nil {
			return nil, closeJoin(err, h)
		}
	}
	return h, nil
}

// sameFile reports whether fi describes the file that id does: the same
// device and inode numbers, and the same type, since a number freed by a
// removal can be reused at once for, say, a symbolic link. A FileInfo
// without identity is not the same file.
func sameFile(id, fi fs.FileInfo) bool {
	same, _ := vfs.SameFile(id, fi)
	return same && id.Mode().Type() == fi.Mode().Type()
}

// closeJoin closes h, which is being given up because of err, and returns
// err, joined with the error of Close if there is one.
func closeJoin(err error, h vfs.File) error {
	if cerr := h.Close(); cerr != nil {
		return errors.Join(err, cerr)
	}
	return err
}
