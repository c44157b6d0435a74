//go:build !linux && !darwin

package osbackend

// RenameNoReplace renames oldname to newname, failing with an
// [*os.LinkError] matching [fs.ErrExist], and changing nothing, if
// anything exists at newname. The directories holding the two names are
// opened through the root and the entry renamed relative to them: on
// Linux with renameat2(RENAME_NOREPLACE), falling back where the
// filesystem lacks it (and on systems other than Linux and macOS) to a
// hard link then the removal of oldname, through the root; on macOS with
// renameatx_np(RENAME_EXCL).
func (r *Root) RenameNoReplace(oldname, newname string) error {
	return r.linkThenRemove(oldname, newname)
}
