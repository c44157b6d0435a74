package suite

import (
	"io"
	"os"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/vfs"
)

func init() {
	register("Closed",
		testCase{
			name:    "File",
			promise: contractClosed,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				f, err := e.fsys.OpenFile(name, os.O_RDWR, 0)
				require.NoError(t, err)
				require.NoError(t, f.Close(), "the first Close")
				checkClosedMethods(t, f, name, fileMethods)
				assert.Equal(t, "hello", readFile(t, e.fsys, name), "operations on a closed handle must not change the file")
			},
		},
		testCase{
			name:    "Directory",
			promise: contractClosed,
			run: func(t tester, e *env) {
				writeFile(t, e.fsys, e.path("f"), "x")
				d, err := e.fsys.Open(e.dir)
				require.NoError(t, err)
				require.NoError(t, d.Close(), "the first Close")
				checkClosedMethods(t, d, e.dir, dirMethods)
			},
		},
	)
}

type closedMethod struct {
	name string
	call func(f vfs.File) error
}

var fileMethods = []closedMethod{
	{"Read", func(f vfs.File) error { _, err := f.Read(make([]byte, 1)); return err }},
	{"ReadAt", func(f vfs.File) error { _, err := f.ReadAt(make([]byte, 1), 0); return err }},
	{"Write", func(f vfs.File) error { _, err := f.Write([]byte("X")); return err }},
	{"WriteAt", func(f vfs.File) error { _, err := f.WriteAt([]byte("X"), 0); return err }},
	{"WriteString", func(f vfs.File) error { _, err := f.WriteString("X"); return err }},
	{"Seek", func(f vfs.File) error { _, err := f.Seek(0, io.SeekStart); return err }},
	{"Stat", func(f vfs.File) error { _, err := f.Stat(); return err }},
	{"Sync", func(f vfs.File) error { return f.Sync() }},
	{"Truncate", func(f vfs.File) error { return f.Truncate(0) }},
	{"Close", func(f vfs.File) error { return f.Close() }},
}

var dirMethods = []closedMethod{
	{"Readdir", func(f vfs.File) error { _, err := f.Readdir(-1); return err }},
	{"Readdirnames", func(f vfs.File) error { _, err := f.Readdirnames(-1); return err }},
	{"Stat", func(f vfs.File) error { _, err := f.Stat(); return err }},
	{"Close", func(f vfs.File) error { return f.Close() }},
}

// checkClosedMethods calls each method on the closed handle f: each must
// return an error and none may panic.
func checkClosedMethods(t tester, f vfs.File, name string, methods []closedMethod) {
	for _, m := range methods {
		safely(t, m.name+" on the closed handle of "+name, func() {
			assert.Error(t, m.call(f), "%s on the closed handle of %s", m.name, name)
		})
	}
}
