package osbackend

import (
	"errors"

	"golang.org/x/sys/unix"
)

// RenameNoReplace renames oldname to newname, failing with an
// [*os.LinkError] matching [fs.ErrExist], and changing nothing, if
// anything exists at newname. The directories holding the two names are
// opened through the root and the entry renamed relative to them: on
// Linux with renameat2(RENAME_NOREPLACE), falling back where the
// filesystem lacks it (and on systems other than Linux and macOS) to a
// hard link then the removal of oldname, through the root; on macOS with
// renameatx_np(RENAME_EXCL).
func (r *Root) RenameNoReplace(oldname, newname string) error {
	err := r.renameAt(oldname, newname, func(ofd int, obase string, nfd int, nbase string) error {
		return unix.RenameatxNp(ofd, obase, nfd, nbase, unix.RENAME_EXCL)
	})
	if errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EINVAL) {
		if lerr := r.linkThenRemove(oldname, newname); !errors.Is(lerr, unix.EPERM) {
			return lerr
		}
	}
	return err
}
