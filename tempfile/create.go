package tempfile

import (
	"io/fs"

	"github.com/tempvfs/tempvfs/vfs"
)

// nilFS is the error of an entry point given a nil filesystem: op is the
// op its other errors carry and path the path or directory it was given.
func nilFS(op, path string) error {
	return &fs.PathError{Op: op, Path: path, Err: vfs.ErrNilFS}
}

// CreateTemp creates a new file in directory dir of fsys, opens it for
// reading and writing, and returns it, as [os.CreateTemp] does.
//
// The name is made from pattern: the random part replaces the last "*",
// or is appended when pattern has no "*". An empty pattern means
// [DefaultPrefix] followed by the random part, unless [WithPrefix] or
// [WithSuffix] give the parts around it. If dir is the empty string,
// CreateTemp uses [TempDir] of fsys. The file's Name is dir, cleaned, a
// separator, then the name.
//
// Unlike [os.CreateTemp], which keeps dir as given, a relative dir is made
// absolute against the filesystem's working directory ([vfs.Abs]; osbackend
// and membackend have one), as Python's mkstemp does: the name goes on
// naming the file after the working directory changes. On a filesystem
// that has no working directory (afero's MemMapFs), dir is kept as given.
// If dir does not exist, the error is an [*fs.PathError] naming dir and
// matching [fs.ErrNotExist], as [os.MkdirTemp] reports it.
//
// The file is created with mode 0600 (before umask), or that of
// [WithFileMode], through [vfs.CreateExclusive]: it is a new file that no
// one else has opened, and a symbolic link at the chosen name is never
// followed. If the name exists, CreateTemp tries another, up to 10 000
// times; any other error ends it at once. The caller removes the file
// when it is no longer needed; [NewNamed] makes a file that removes itself.
//
// A pattern, prefix or suffix with a path separator, ".." or NUL fails
// with an [*fs.PathError] wrapping [ErrBadPattern] (which matches
// [fs.ErrInvalid]) before anything is touched.
func CreateTemp(fsys vfs.Fs, dir, pattern string, opts ...Option) (vfs.File, error) {
	c, err := newConfig("CreateTemp", opts)
	if err != nil {
		return nil, err
	}
	f, name, err := createTemp(fsys, "createtemp", dir, pattern, &c)
	if err == nil {
		if t := attachedTo(fsys); t != nil {
			t.track(KindTempFile, fsys, name)
		}
	}
	return f, err
}

// createTemp creates the file and returns it with the name it was created
// by.
func createTemp(fsys vfs.Fs, op, dir, pattern string, c *config) (vfs.File, string, error) {
	m, err := newNamer(fsys, op, dir, pattern, c)
	if err != nil {
		return nil, "", err
	}
	var f vfs.File
	name, err := m.try(func(name string) error {
		var err error
		f, err = vfs.CreateExclusive(fsys, name, c.fileMode)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return f, name, nil
}

// MkdirTemp creates a new directory in directory dir of fsys and returns
// its path, as [os.MkdirTemp] does. The name is made from pattern as for
// [CreateTemp], an empty dir means [TempDir] of fsys, and a relative dir is
// made absolute as for CreateTemp (os.MkdirTemp keeps it relative; Python's
// mkdtemp makes it absolute).
//
// The directory is created with mode 0700 (before umask), or that of
// [WithDirMode]. If the name exists, MkdirTemp tries another, up to 10 000
// times; any other error ends it at once. The caller removes the directory
// when it is no longer needed; [NewDir] makes one with a Cleanup method.
func MkdirTemp(fsys vfs.Fs, dir, pattern string, opts ...Option) (string, error) {
	c, err := newConfig("MkdirTemp", opts)
	if err != nil {
		return "", err
	}
	name, err := mkdirTemp(fsys, "mkdirtemp", dir, pattern, &c)
	if err == nil {
		if t := attachedTo(fsys); t != nil {
			t.track(KindTempDir, fsys, name)
		}
	}
	return name, err
}

func mkdirTemp(fsys vfs.Fs, op, dir, pattern string, c *config) (string, error) {
	m, err := newNamer(fsys, op, dir, pattern, c)
	if err != nil {
		return "", err
	}
	return m.try(func(name string) error {
		return fsys.Mkdir(name, c.dirMode)
	})
}
