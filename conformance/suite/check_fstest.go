package suite

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/tempvfs/tempvfs/vfs"
)

func init() {
	register("FSTest",
		testCase{
			name:    "TestFS",
			promise: "testing/fstest: TestFS tests a file system implementation: it walks the tree, reads every file (with iotest.TestReader, which checks Read, Seek and ReadAt) and checks directory listings, Stat and invalid names.",
			run: func(t tester, e *env) {
				for _, d := range []string{"sub", "sub/deeper", "empty"} {
					mkdir(t, e.fsys, e.path(filepath.FromSlash(d)))
				}
				files := map[string]string{
					"a.txt":              "hello, world\n",
					"sub/b.txt":          "b",
					"sub/deeper/c.txt":   "The quick brown fox jumps over the lazy dog.\n",
					"sub/deeper/empty.x": "",
				}
				var expected []string
				for name, data := range files {
					writeFile(t, e.fsys, e.path(filepath.FromSlash(name)), data)
					expected = append(expected, name)
				}
				expected = append(expected, "empty")
				if err := fstest.TestFS(ioFS{e.fsys, e.dir}, expected...); err != nil {
					t.Errorf("%v", err)
				}
			},
		},
	)
}

// ioFS is the tree under dir in an afero filesystem as an [fs.FS]. It
// passes names to the filesystem as they are, joined to dir, unlike
// afero.NewIOFS over afero.NewBasePathFs, which cleans them first and so
// would hide what the filesystem does with them.
type ioFS struct {
	fsys vfs.Fs
	dir  string
}

func (f ioFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if filepath.Separator != '/' && strings.ContainsAny(name, `\:`) {
		// On Windows the filesystem would take them for a separator and a
		// volume, which an fs.FS must never do; and no name of an entry
		// holds them there.
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	file, err := f.fsys.Open(filepath.Join(f.dir, filepath.FromSlash(name)))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return ioFile{file}, nil
}

// ioFile is an afero File as an [fs.ReadDirFile]; it keeps Seek and ReadAt,
// which fstest checks.
type ioFile struct{ vfs.File }

func (f ioFile) ReadDir(n int) ([]fs.DirEntry, error) {
	infos, err := f.Readdir(n)
	entries := make([]fs.DirEntry, len(infos))
	for i, fi := range infos {
		entries[i] = fs.FileInfoToDirEntry(fi)
	}
	return entries, err
}
