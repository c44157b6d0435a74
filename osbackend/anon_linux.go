package osbackend

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/tempvfs/tempvfs/vfs"
)

// anonLabel is the Name of an O_TMPFILE file: a path in its directory that
// no entry is made at.
const anonLabel = "(anonymous)"

// tmpfileRefused reports whether err from open(O_TMPFILE) means the kernel
// or the filesystem does not support it, rather than a failure that would
// repeat with any other way of creating a file.
func tmpfileRefused(err error) bool {
	return errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EISDIR) ||
		errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS)
}

// openTmpfile opens an O_TMPFILE file in dir with the extra flag: O_EXCL
// for a file that can never be given a name, 0 for one that linkat can.
// Its callers refuse bad names with checkDir first, so that
// tmpfileRefused sees only the kernel's EINVAL.
func openTmpfile(dir string, perm fs.FileMode, flag int) (*os.File, error) {
	return openRaw("open", dir, filepath.Join(dir, anonLabel), unix.O_RDWR|unix.O_TMPFILE|flag, perm)
}

func createAnonymous(dir string, perm fs.FileMode) (*os.File, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	f, err := openTmpfile(dir, perm, unix.O_EXCL)
	if err == nil || !tmpfileRefused(err) {
		return f, err
	}
	return createUnlinked(dir, perm)
}

func createPublishable(dir string, perm fs.FileMode) (*os.File, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	f, err := openTmpfile(dir, perm, 0)
	if err != nil && tmpfileRefused(err) {
		var pe *fs.PathError
		errors.As(err, &pe)
		pe.Err = fmt.Errorf("%w: O_TMPFILE: %w", errors.ErrUnsupported, pe.Err)
	}
	return f, err
}

func publish(file vfs.File, newname string) error {
	f, ok := file.(*os.File)
	if !ok {
		return &os.LinkError{Op: "link", Old: file.Name(), New: newname,
			Err: fmt.Errorf("%w: %T is not an *os.File", fs.ErrInvalid, file)}
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return &os.LinkError{Op: "link", Old: f.Name(), New: newname, Err: fs.ErrClosed}
	}
	var lerr error
	cerr := rc.Control(func(fd uintptr) {
		// linkat would give any open file one more name; only a file
		// with none, made by CreatePublishable, may be published.
		var st unix.Stat_t
		if lerr = unix.Fstat(int(fd), &st); lerr != nil {
			return
		}
		if st.Nlink != 0 {
			lerr = fmt.Errorf("%w: the file already has a name", fs.ErrInvalid)
			return
		}
		// AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; /proc/self/fd works for
		// everyone where /proc is mounted.
		lerr = unix.Linkat(int(fd), "", unix.AT_FDCWD, newname, unix.AT_EMPTY_PATH)
		if lerr == nil || errors.Is(lerr, unix.EEXIST) {
			return
		}
		lerr = unix.Linkat(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(int(fd)), unix.AT_FDCWD, newname, unix.AT_SYMLINK_FOLLOW)
	})
	if cerr != nil {
		// The only way Control fails: the file is closed.
		lerr = fs.ErrClosed
	}
	if lerr == nil {
		return nil
	}
	if errors.Is(lerr, unix.ENOENT) {
		// The kernel says ENOENT both for a missing parent and for a file
		// that cannot get a name again (not made with O_TMPFILE).
		if fi, err := os.Stat(filepath.Dir(newname)); err == nil && fi.IsDir() {
			lerr = fmt.Errorf("%w: file was not created by CreatePublishable: %w", errors.ErrUnsupported, lerr)
		}
	}
	return &os.LinkError{Op: "link", Old: f.Name(), New: newname, Err: lerr}
}

func renameNoReplace(oldname, newname string) error {
	for {
		err := unix.Renameat2(unix.AT_FDCWD, oldname, unix.AT_FDCWD, newname, unix.RENAME_NOREPLACE)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EINVAL) && intoItself(oldname, newname):
			// EINVAL here is the kernel refusing to move a directory
			// into itself, not a missing RENAME_NOREPLACE.
		case errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP):
			// The filesystem or kernel lacks RENAME_NOREPLACE. The
			// fallback's answer counts when it succeeds or finds newname
			// taken; any other failure reports the rename's own error.
			if lerr := linkThenRemove(oldname, newname); lerr == nil || errors.Is(lerr, fs.ErrExist) {
				return lerr
			}
		}
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
}

// intoItself reports whether newname lies inside oldname, which rename(2)
// refuses with EINVAL.
func intoItself(oldname, newname string) bool {
	o, err1 := filepath.Abs(oldname)
	n, err2 := filepath.Abs(newname)
	return err1 == nil && err2 == nil && strings.HasPrefix(n, o+string(filepath.Separator))
}
