package suite

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/vfs"
)

func init() {
	register("Mode",
		testCase{
			name:    "File0600",
			promise: contractMode,
			run: func(t tester, e *env) {
				name := e.path("f")
				f := open(t, e.fsys, name, os.O_RDWR|os.O_CREATE|os.O_EXCL)
				for _, stat := range []struct {
					what string
					stat func() (fs.FileInfo, error)
				}{
					{"Stat", func() (fs.FileInfo, error) { return e.fsys.Stat(name) }},
					{"File.Stat", f.Stat},
					{"vfs.Lstat", func() (fs.FileInfo, error) { return vfs.Lstat(e.fsys, name) }},
				} {
					what := stat.what
					fi, err := stat.stat()
					if !assert.NoError(t, err, "%s %s", what, name) {
						continue
					}
					assert.True(t, fi.Mode().IsRegular(), "%s %s: mode %v is not a regular file", what, name, fi.Mode())
					assert.Equal(t, e.filePerm(t, 0o600, 0), fi.Mode().Perm(), "%s %s: permission bits of a file created with 0600", what, name)
				}
			},
		},
		testCase{
			name:    "Dir0700",
			promise: contractMode,
			run: func(t tester, e *env) {
				name := e.path("d")
				require.NoError(t, e.fsys.Mkdir(name, 0o700))
				fi, err := e.fsys.Stat(name)
				require.NoError(t, err)
				assert.True(t, fi.IsDir(), "Stat %s: mode %v is not a directory", name, fi.Mode())
				skipWindowsModes(t, e, "Windows makes a directory with no mode of its own")
				assert.Equal(t, fs.FileMode(0o700), fi.Mode().Perm(), "Stat %s: permission bits of a directory made with 0700", name)
			},
		},
		testCase{
			name:    "ExistingUnchanged",
			promise: and(contractMode, osOpenFilePerm),
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "data")
				require.NoError(t, e.fsys.Chmod(name, 0o640))
				f := open(t, e.fsys, name, os.O_RDWR|os.O_CREATE)
				require.NoError(t, f.Close())
				fi, err := e.fsys.Stat(name)
				require.NoError(t, err)
				assert.Equal(t, e.filePerm(t, 0o640, 0), fi.Mode().Perm(), "OpenFile(O_RDWR|O_CREATE, 0600) of an existing file with mode 0640")
				assert.Equal(t, "data", readFile(t, e.fsys, name))
			},
		},
		testCase{
			name:    "Umask",
			promise: contractMode,
			run: func(t tester, e *env) {
				// The umask cannot be read without changing it, so the check
				// infers it from a directory made with 0777 and expects the
				// same bits removed from every new file and directory.
				skipWindowsModes(t, e, "Windows has no umask")
				probe := e.path("probe")
				require.NoError(t, e.fsys.Mkdir(probe, 0o777))
				fi, err := e.fsys.Stat(probe)
				require.NoError(t, err)
				umask := 0o777 &^ fi.Mode().Perm()
				if umask&0o700 != 0 {
					t.Errorf("Mkdir(0777) made %v: the umask %03o removes owner bits, which makes files unusable", fi.Mode(), umask)
				}
				for i, perm := range []fs.FileMode{0o666, 0o640, 0o604, 0o755} {
					file := e.path(fmt.Sprintf("f%d", i))
					f, err := e.fsys.OpenFile(file, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
					require.NoError(t, err, "create %s with %v", file, perm)
					f.Close()
					dir := e.path(fmt.Sprintf("d%d", i))
					require.NoError(t, e.fsys.Mkdir(dir, perm), "mkdir %s with %v", dir, perm)
					for _, name := range []string{file, dir} {
						fi, err := e.fsys.Stat(name)
						if assert.NoError(t, err) {
							assert.Equal(t, perm&^umask, fi.Mode().Perm(),
								"%s created with %v under the umask %03o that Mkdir(0777) showed", name, perm, umask)
						}
					}
				}
			},
		},
	)
}
