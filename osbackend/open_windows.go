package osbackend

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/tempvfs/tempvfs/vfs"
)

// shareAll lets other handles read, write, rename and delete the file
// while it is open, as an open file on Unix allows: without
// FILE_SHARE_DELETE, renaming or removing an open file is a sharing
// violation.
const shareAll = windows.FILE_SHARE_READ | windows.FILE_SHARE_WRITE | windows.FILE_SHARE_DELETE

// createNew creates the file name with CreateFile(CREATE_NEW) for reading
// and writing (and access, flags), shared with shareAll, and wraps the
// handle in an *os.File. FILE_FLAG_OPEN_REPARSE_POINT makes a symbolic
// link or junction planted at name be refused as existing, never
// followed; CREATE_NEW fails on any existing entry. A perm without the
// owner write bit sets the read-only attribute, as os.OpenFile does. The
// handle is not inherited by child processes.
func createNew(name string, perm fs.FileMode, access, flags uint32) (*os.File, error) {
	p, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	attrs := uint32(windows.FILE_ATTRIBUTE_NORMAL)
	if perm&0o200 == 0 {
		attrs = windows.FILE_ATTRIBUTE_READONLY
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE|access, shareAll, nil,
		windows.CREATE_NEW, attrs|windows.FILE_FLAG_OPEN_REPARSE_POINT|flags, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return os.NewFile(uintptr(h), name), nil
}

func createExclusive(name string, perm fs.FileMode) (*os.File, error) {
	return createNew(name, perm, 0, 0)
}

// errNoPOSIXDelete is the error, inside an *fs.PathError, of
// CreateAnonymous on a filesystem or Windows version that cannot remove
// the name of an open file at once.
var errNoPOSIXDelete = fmt.Errorf("%w: this filesystem cannot remove the name of an open file (no POSIX-semantics delete)", errors.ErrUnsupported)

// fileDispositionInfoEx is FILE_DISPOSITION_INFO_EX.
type fileDispositionInfoEx struct{ Flags uint32 }

// createAnonymous creates a file with an unpredictable name in dir, with
// FILE_FLAG_DELETE_ON_CLOSE so that Windows frees it when the handle is
// closed, even by the process's death, and then removes its name at once
// with a POSIX-semantics delete (Windows 10 1607 and later, on NTFS).
// Where that delete is refused (FAT, network shares, older systems), the
// file is closed, which removes it, and the error wraps
// errors.ErrUnsupported: a file that keeps a name while open is not
// anonymous.
func createAnonymous(dir string, perm fs.FileMode) (*os.File, error) {
	if dir == "" {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: windows.ERROR_PATH_NOT_FOUND}
	}
	name := scratchName(dir)
	f, err := createNew(name, perm, windows.DELETE, windows.FILE_ATTRIBUTE_TEMPORARY|windows.FILE_FLAG_DELETE_ON_CLOSE)
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			pe.Path = dir
		}
		return nil, err
	}
	if err := posixDelete(f); err != nil {
		f.Close() // FILE_FLAG_DELETE_ON_CLOSE removes it
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	return f, nil
}

// posixDelete removes the name of f, open with DELETE access, at once,
// with a POSIX-semantics delete: the file stays usable through f and its
// storage is freed when f is closed. Windows 10 1607 and later do it on
// NTFS; elsewhere the error wraps errors.ErrUnsupported.
func posixDelete(f *os.File) error {
	info := fileDispositionInfoEx{Flags: windows.FILE_DISPOSITION_DELETE | windows.FILE_DISPOSITION_POSIX_SEMANTICS}
	err := windows.SetFileInformationByHandle(windows.Handle(f.Fd()), windows.FileDispositionInfoEx,
		(*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
	if err != nil {
		return fmt.Errorf("%w: %w", errNoPOSIXDelete, err)
	}
	return nil
}

var errNoPublish = fmt.Errorf("%w: Windows cannot give an anonymous file a name", errors.ErrUnsupported)

func createPublishable(dir string, perm fs.FileMode) (*os.File, error) {
	return nil, &fs.PathError{Op: "open", Path: dir, Err: errNoPublish}
}

func publish(f vfs.File, newname string) error {
	return &os.LinkError{Op: "link", Old: f.Name(), New: newname, Err: errNoPublish}
}
