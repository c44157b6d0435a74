package tempfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"github.com/tempvfs/tempvfs/vfs"
)

// ErrNoTempDir is the error, joined with one error per candidate, that
// [TempDir] returns when no candidate directory is usable.
var ErrNoTempDir = errors.New("tempfile: no usable temporary directory")

// tempDirCache remembers the directory TempDir found for each filesystem
// without keeping the filesystem alive.
var tempDirCache fsMap[string]

// TempDir returns the directory of fsys in which temporary files are made
// by default, as Python's tempfile.gettempdir does.
//
// The candidates are [vfs.TempDirs] of fsys: those of the backend when it
// implements [vfs.TempDirFS], else [vfs.DefaultTempDirs]. TempDir tries
// each in order and returns the first that is a directory in which it can
// really create a file and write to it and read back what it wrote, as
// Python's probe does; the file is removed again. The answer is remembered
// for fsys when fsys is a pointer (as every afero and tempvfs filesystem
// is), until [ResetTempDir]; the cache does not keep fsys alive, so a
// filesystem that is dropped is collected as if TempDir had never seen
// it. Other values are probed on every call.
//
// When no candidate works, the error matches [ErrNoTempDir] and joins one
// error per candidate, each naming the candidate and why it failed. A nil
// fsys is an [*fs.PathError] matching both ErrNoTempDir and [fs.ErrInvalid].
func TempDir(fsys vfs.Fs) (string, error) {
	if fsys == nil {
		return "", &fs.PathError{Op: "tempdir", Path: "", Err: fmt.Errorf("%w: %w", ErrNoTempDir, vfs.ErrNilFS)}
	}
	key, cache := keyOf(fsys)
	if cache {
		if d, ok := tempDirCache.get(key); ok {
			return d, nil
		}
	}
	dirs := vfs.TempDirs(fsys)
	var errs []error
	for _, d := range dirs {
		err := probe(fsys, d)
		if err == nil {
			if cache {
				tempDirCache.put(key, d, false)
			}
			return d, nil
		}
		errs = append(errs, err)
	}
	if len(dirs) == 0 {
		return "", fmt.Errorf("%w: the filesystem names no candidates", ErrNoTempDir)
	}
	return "", fmt.Errorf("%w; tried:\n%w", ErrNoTempDir, errors.Join(errs...))
}

// ResetTempDir forgets the directory [TempDir] found for fsys, so that the
// next call probes the candidates again. It does nothing for a nil fsys.
func ResetTempDir(fsys vfs.Fs) {
	if key, ok := keyOf(fsys); ok {
		tempDirCache.remove(key, func(string) bool { return true })
	}
}

// probeData is what probe writes and reads back.
var probeData = []byte("tempvfs probe\n")

// probe checks that dir is a directory of fsys in which a file can be
// created, written and read back, creating one and removing it.
func probe(fsys vfs.Fs, dir string) error {
	if dir == "" {
		return &fs.PathError{Op: "tempdir", Path: dir, Err: fmt.Errorf("empty candidate: %w", fs.ErrInvalid)}
	}
	fi, err := fsys.Stat(dir)
	if err != nil {
		return tempDirError(dir, err)
	}
	if !fi.IsDir() {
		return &fs.PathError{Op: "tempdir", Path: dir, Err: fmt.Errorf("not a directory: %w", fs.ErrInvalid)}
	}
	c := &config{fileMode: defaultFileMode, randomLen: DefaultRandomLen}
	m := namer{op: "tempdir", dir: dir, prefix: DefaultPrefix, n: c.randomLen}
	var f vfs.File
	name, err := m.try(func(name string) error {
		var err error
		f, err = vfs.CreateExclusive(fsys, name, c.fileMode)
		return err
	})
	if err != nil {
		return tempDirError(dir, err)
	}
	werr := writeBack(f)
	cerr := f.Close()
	if rerr := fsys.Remove(name); rerr != nil {
		return tempDirError(dir, errors.Join(werr, cerr, rerr))
	}
	if err := errors.Join(werr, cerr); err != nil {
		return tempDirError(dir, err)
	}
	return nil
}

// writeBack writes probeData to f and reads it back.
func writeBack(f vfs.File) error {
	if _, err := f.Write(probeData); err != nil {
		return err
	}
	got := make([]byte, len(probeData))
	if _, err := f.ReadAt(got, 0); err != nil {
		return err
	}
	if !bytes.Equal(got, probeData) {
		return &fs.PathError{Op: "read", Path: f.Name(), Err: fmt.Errorf("read back %q after writing %q: %w", got, probeData, syscall.EIO)}
	}
	return nil
}

// tempDirError reports why candidate dir failed, keeping err's chain.
func tempDirError(dir string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == dir {
		return err
	}
	return &fs.PathError{Op: "tempdir", Path: dir, Err: err}
}
