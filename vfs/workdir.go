package vfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// WorkingDirFS is a filesystem with a working directory: the directory
// that relative names are resolved against.
type WorkingDirFS interface {
	Fs

	// Getwd returns the absolute name of the working directory.
	Getwd() (string, error)
}

// Getwd returns the absolute name of fsys's working directory. If fsys
// does not implement [WorkingDirFS] it returns an [*fs.PathError] wrapping
// [errors.ErrUnsupported]: a filesystem that does not say how it resolves
// relative names may resolve them against anything (afero's MemMapFs keeps
// them apart from absolute ones), so no directory can be assumed.
func Getwd(fsys Fs) (string, error) {
	if fsys == nil {
		return "", &fs.PathError{Op: "getwd", Path: ".", Err: ErrNilFS}
	}
	if x, ok := fsys.(WorkingDirFS); ok {
		return x.Getwd()
	}
	return "", &fs.PathError{Op: "getwd", Path: ".", Err: errors.ErrUnsupported}
}

// Abs returns an absolute name for name on fsys: name itself, cleaned, if
// it is absolute, and otherwise name joined to fsys's working directory,
// as [filepath.Abs] does for the process. On Windows a name rooted at a
// separator but with no volume (`\x`) is on the working directory's
// volume: Abs gives it that volume, as Windows does. If name is relative
// and fsys does not implement [WorkingDirFS], Abs returns name unchanged
// and an error wrapping [errors.ErrUnsupported].
func Abs(fsys Fs, name string) (string, error) {
	if fsys == nil {
		return name, &fs.PathError{Op: "abs", Path: name, Err: ErrNilFS}
	}
	if filepath.IsAbs(name) {
		return filepath.Clean(name), nil
	}
	wd, err := Getwd(fsys)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = name
		}
		return name, err
	}
	if name != "" && os.IsPathSeparator(name[0]) && filepath.VolumeName(name) == "" {
		// Rooted but not absolute: Windows only, where "/" is absolute
		// nowhere but on the current volume.
		return filepath.Join(filepath.VolumeName(wd), name), nil
	}
	return filepath.Join(wd, name), nil
}
