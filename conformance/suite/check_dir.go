package suite

import (
	"io/fs"
	"os"
	"runtime"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
)

func init() {
	register("Mkdir",
		testCase{
			name:    "Existing",
			promise: contractErrors,
			run: func(t tester, e *env) {
				dir := e.path("d")
				mkdir(t, e.fsys, dir)
				writeFile(t, e.fsys, e.path("d", "child"), "kept")
				isPathError(t, e.fsys.Mkdir(dir, 0o700), "mkdir", dir, fs.ErrExist)
				assert.Equal(t, []string{"child"}, names(t, e.fsys, dir), "a failed Mkdir must leave the directory's entries")

				file := e.path("f")
				writeFile(t, e.fsys, file, "data")
				isPathError(t, e.fsys.Mkdir(file, 0o700), "mkdir", file, fs.ErrExist)
				fi, err := e.fsys.Stat(file)
				if assert.NoError(t, err) {
					assert.True(t, fi.Mode().IsRegular(), "a failed Mkdir must leave the file %s a regular file", file)
				}
				assert.Equal(t, "data", readFile(t, e.fsys, file))
			},
		},
		testCase{
			name:    "MissingParent",
			promise: and(contractParent, contractErrors),
			run: func(t tester, e *env) {
				parent := e.path("missing")
				name := e.path("missing", "sub")
				isPathError(t, e.fsys.Mkdir(name, 0o700), "mkdir", name, fs.ErrNotExist)
				absent(t, e.fsys, parent, "a failed Mkdir must not make the parent")
			},
		},
		testCase{
			name:    "ParentIsFile",
			promise: contractErrors,
			run: func(t tester, e *env) {
				file := e.path("f")
				writeFile(t, e.fsys, file, "data")
				name := e.path("f", "sub")
				err := e.fsys.Mkdir(name, 0o700)
				if assert.Error(t, err, "Mkdir %s under the regular file %s", name, file) {
					var pe *fs.PathError
					assert.ErrorAs(t, err, &pe, "Mkdir %s", name)
				}
				fi, err := e.fsys.Stat(file)
				if assert.NoError(t, err) {
					assert.True(t, fi.Mode().IsRegular(), "Mkdir under %s must leave it a regular file", file)
				}
				assert.Equal(t, "data", readFile(t, e.fsys, file))
			},
		},
	)

	register("Remove",
		testCase{
			name:    "NonEmptyDir",
			promise: and(contractRemove, contractErrors),
			run: func(t tester, e *env) {
				dir := e.path("d")
				mkdir(t, e.fsys, dir)
				writeFile(t, e.fsys, e.path("d", "child"), "kept")
				err := e.fsys.Remove(dir)
				if isPathError(t, err, "remove", dir, fs.ErrExist) && !isNotEmpty(err) {
					t.Errorf("remove %s: %v: the inner error must be the errno the OS gives, %s", dir, err, describeErr(errNotEmpty[0]))
				}
				assert.Equal(t, []string{"child"}, names(t, e.fsys, dir), "a failed Remove must leave the directory's entries")
				assert.Equal(t, "kept", readFile(t, e.fsys, e.path("d", "child")))
			},
		},
		testCase{
			name:    "Missing",
			promise: contractErrors,
			run: func(t tester, e *env) {
				name := e.path("missing")
				isPathError(t, e.fsys.Remove(name), "remove", name, fs.ErrNotExist)
			},
		},
		testCase{
			name:    "EmptyDirAndFile",
			promise: contractErrors,
			run: func(t tester, e *env) {
				mkdir(t, e.fsys, e.path("d"))
				writeFile(t, e.fsys, e.path("f"), "x")
				for _, name := range []string{e.path("d"), e.path("f")} {
					assert.NoError(t, e.fsys.Remove(name), "Remove %s", name)
					absent(t, e.fsys, name, "after Remove")
				}
				assert.Empty(t, names(t, e.fsys, e.dir))
			},
		},
		testCase{
			name:    "OpenFile",
			promise: contractUnlink,
			run: func(t tester, e *env) {
				name := e.path("f")
				f := open(t, e.fsys, name, os.O_RDWR|os.O_CREATE|os.O_EXCL)
				_, err := f.Write([]byte("abc"))
				require.NoError(t, err)
				if err := e.fsys.Remove(name); err != nil {
					if runtime.GOOS == "windows" {
						t.Skipf("Windows cannot remove a file that is open without FILE_SHARE_DELETE: %v", err)
					}
					t.Errorf("Remove of the open file %s: %v", name, err)
					t.FailNow()
				}
				skipDeletePending(t, e, name)
				absent(t, e.fsys, name, "after Remove of an open file")
				_, err = f.Write([]byte("def"))
				assert.NoError(t, err, "Write through the handle of a removed file")
				buf := make([]byte, 6)
				n, err := f.ReadAt(buf, 0)
				assert.NoError(t, err, "ReadAt through the handle of a removed file")
				assert.Equal(t, "abcdef", string(buf[:n]), "contents read through the handle of a removed file")
				if fi, err := f.Stat(); assert.NoError(t, err, "Stat through the handle of a removed file") {
					assert.Equal(t, int64(6), fi.Size())
				}
				assert.Empty(t, names(t, e.fsys, e.dir), "the directory after Remove of an open file")
			},
		},
		testCase{
			name:    "AllOpenFile",
			promise: contractUnlink,
			run: func(t tester, e *env) {
				dir := e.path("d")
				mkdir(t, e.fsys, dir)
				name := e.path("d", "f")
				f := open(t, e.fsys, name, os.O_RDWR|os.O_CREATE|os.O_EXCL)
				_, err := f.Write([]byte("abc"))
				require.NoError(t, err)
				if err := e.fsys.RemoveAll(dir); err != nil {
					if runtime.GOOS == "windows" {
						t.Skipf("Windows cannot remove a file that is open without FILE_SHARE_DELETE: %v", err)
					}
					t.Errorf("RemoveAll of %s, which holds the open file %s: %v", dir, name, err)
					t.FailNow()
				}
				skipDeletePending(t, e, name)
				absent(t, e.fsys, dir, "after RemoveAll")
				_, err = f.Write([]byte("def"))
				assert.NoError(t, err, "Write through the handle of a file removed by RemoveAll")
				buf := make([]byte, 6)
				n, err := f.ReadAt(buf, 0)
				assert.NoError(t, err, "ReadAt through the handle of a file removed by RemoveAll")
				assert.Equal(t, "abcdef", string(buf[:n]), "contents read through the handle of a file removed by RemoveAll")
			},
		},
		testCase{
			name:    "AllMissing",
			promise: contractRemoveAll,
			run: func(t tester, e *env) {
				assert.NoError(t, e.fsys.RemoveAll(e.path("missing")), "RemoveAll of a missing name")
				assert.NoError(t, e.fsys.RemoveAll(e.path("missing", "deeper")), "RemoveAll of a name in a missing directory")
			},
		},
		testCase{
			name:    "AllTree",
			promise: contractRemoveAll,
			run: func(t tester, e *env) {
				mkdir(t, e.fsys, e.path("d"))
				mkdir(t, e.fsys, e.path("d", "sub"))
				writeFile(t, e.fsys, e.path("d", "f"), "x")
				writeFile(t, e.fsys, e.path("d", "sub", "g"), "y")
				writeFile(t, e.fsys, e.path("keep"), "z")
				assert.NoError(t, e.fsys.RemoveAll(e.path("d")), "RemoveAll of a tree")
				for _, name := range []string{e.path("d"), e.path("d", "f"), e.path("d", "sub"), e.path("d", "sub", "g")} {
					absent(t, e.fsys, name, "after RemoveAll")
				}
				assert.Equal(t, []string{"keep"}, names(t, e.fsys, e.dir), "RemoveAll must remove only the tree")
			},
		},
	)
}
