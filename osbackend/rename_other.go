//go:build !linux && !darwin && !windows

package osbackend

func renameNoReplace(oldname, newname string) error {
	return linkThenRemove(oldname, newname)
}
