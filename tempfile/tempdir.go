package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"sync"

	"github.com/tempvfs/tempvfs/vfs"
)

// ErrNoTempDir is the error, joined with one error per candidate, that
// [TempDir] returns when no candidate directory is usable.
var ErrNoTempDir = errors.New("tempfile: no usable temporary directory")

// maxCached bounds the number of filesystems whose temporary directory is
// remembered; past it the cache starts over.
const maxCached = 64

var tempDirCache struct {
	sync.Mutex
	m map[vfs.Fs]string
}

// cacheable reports whether fsys can be a map key: only pointers are used,
// since other dynamic types may be incomparable (a panic) or copies that
// compare equal while being different filesystems.
func cacheable(fsys vfs.Fs) bool {
	return fsys != nil && reflect.TypeOf(fsys).Kind() == reflect.Pointer
}

// TempDir returns the directory of fsys in which temporary files are made
// by default, as Python's tempfile.gettempdir does.
//
// The candidates are [vfs.TempDirs] of fsys: those of the backend when it
// implements [vfs.TempDirFS], else [vfs.DefaultTempDirs]. TempDir tries
// each in order and returns the first that is a directory in which it can
// really create a file, which it removes again. The answer is remembered
// for fsys when fsys is a pointer (as every afero and tempvfs filesystem
// is), until [ResetTempDir]; the cache holds a reference to fsys and keeps
// at most 64 filesystems. Other values are probed on every call.
//
// When no candidate works, the error matches [ErrNoTempDir] and joins one
// error per candidate, each naming the candidate and why it failed. A nil
// fsys is an [*fs.PathError] matching both ErrNoTempDir and [fs.ErrInvalid].
func TempDir(fsys vfs.Fs) (string, error) {
	if fsys == nil {
		return "", &fs.PathError{Op: "tempdir", Path: "", Err: fmt.Errorf("%w: %w", ErrNoTempDir, vfs.ErrNilFS)}
	}
	cache := cacheable(fsys)
	if cache {
		tempDirCache.Lock()
		d, ok := tempDirCache.m[fsys]
		tempDirCache.Unlock()
		if ok {
			return d, nil
		}
	}
	dirs := vfs.TempDirs(fsys)
	var errs []error
	for _, d := range dirs {
		err := probe(fsys, d)
		if err == nil {
			if cache {
				tempDirCache.Lock()
				if tempDirCache.m == nil || len(tempDirCache.m) >= maxCached {
					tempDirCache.m = make(map[vfs.Fs]string)
				}
				tempDirCache.m[fsys] = d
				tempDirCache.Unlock()
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
	if !cacheable(fsys) {
		return
	}
	tempDirCache.Lock()
	delete(tempDirCache.m, fsys)
	tempDirCache.Unlock()
}

// probe checks that dir is a directory of fsys in which a file can be
// created, creating one and removing it.
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
	cerr := f.Close()
	if rerr := fsys.Remove(name); rerr != nil {
		return tempDirError(dir, errors.Join(cerr, rerr))
	}
	if cerr != nil {
		return tempDirError(dir, cerr)
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
