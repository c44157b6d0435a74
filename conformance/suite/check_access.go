package suite

import (
	"io"
	"os"
	"runtime"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/vfs"
)

func init() {
	register("Access",
		testCase{
			name:    "ReadOnly",
			promise: contractAccess,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				for _, flag := range []struct {
					name string
					flag int
				}{{"O_RDONLY", os.O_RDONLY}, {"O_RDONLY|O_CREATE", os.O_RDONLY | os.O_CREATE}} {
					f := open(t, e.fsys, name, flag.flag)
					_, err := f.Write([]byte("X"))
					if err == nil && flag.flag&os.O_CREATE != 0 {
						skipOSCreateWritable(t, f)
					}
					assert.Error(t, err, "Write on a handle opened %s", flag.name)
					_, err = f.WriteAt([]byte("X"), 1)
					assert.Error(t, err, "WriteAt on a handle opened %s", flag.name)
					_, err = f.WriteString("X")
					assert.Error(t, err, "WriteString on a handle opened %s", flag.name)
					assert.Error(t, f.Truncate(0), "Truncate on a handle opened %s", flag.name)
					assert.Equal(t, "hello", readFile(t, e.fsys, name), "a handle opened %s must not change the file", flag.name)
				}

				// A handle opened O_RDONLY|O_CREATE on a new file is read-only too.
				fresh := e.path("g")
				f := open(t, e.fsys, fresh, os.O_RDONLY|os.O_CREATE)
				_, err := f.Write([]byte("X"))
				if err == nil {
					skipOSCreateWritable(t, f)
				}
				assert.Error(t, err, "Write on a handle that created %s with O_RDONLY|O_CREATE", fresh)
				assert.Equal(t, "", readFile(t, e.fsys, fresh))
			},
		},
		testCase{
			name:    "WriteOnly",
			promise: contractAccess,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				f := open(t, e.fsys, name, os.O_WRONLY)
				buf := make([]byte, 5)
				n, err := f.Read(buf)
				assert.Error(t, err, "Read on a handle opened O_WRONLY returned %d bytes %q", n, buf[:n])
				n, err = f.ReadAt(buf, 0)
				assert.Error(t, err, "ReadAt on a handle opened O_WRONLY returned %d bytes %q", n, buf[:n])
			},
		},
		testCase{
			name:    "Append",
			promise: contractAppend,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				f := open(t, e.fsys, name, os.O_WRONLY|os.O_APPEND)
				_, err := f.Write([]byte("XY"))
				require.NoError(t, err)
				_, err = f.Seek(0, io.SeekStart)
				require.NoError(t, err)
				_, err = f.Write([]byte("Z"))
				require.NoError(t, err)
				assert.Equal(t, "helloXYZ", readFile(t, e.fsys, name), "a write after Seek(0) on an O_APPEND handle")

				// Two handles: each write lands at the end as it is now.
				other := e.path("g")
				writeFile(t, e.fsys, other, "")
				h1 := open(t, e.fsys, other, os.O_WRONLY|os.O_APPEND)
				h2 := open(t, e.fsys, other, os.O_WRONLY|os.O_APPEND)
				for _, w := range []struct {
					f    interface{ WriteString(string) (int, error) }
					data string
				}{{h1, "A"}, {h2, "B"}, {h1, "C"}} {
					_, err := w.f.WriteString(w.data)
					require.NoError(t, err)
				}
				assert.Equal(t, "ABC", readFile(t, e.fsys, other), "writes through two O_APPEND handles, alternating")
			},
		},
	)
}

// skipOSCreateWritable skips the check where a handle opened
// O_RDONLY|O_CREATE could be written because it is a file of the
// operating system's (it has an Fd method) on Windows.
func skipOSCreateWritable(t tester, f vfs.File) {
	t.Helper()
	if _, osFile := f.(interface{ Fd() uintptr }); osFile && runtime.GOOS == "windows" {
		t.Skipf("a handle opened O_RDONLY|O_CREATE could write: %s", osCreateWritable)
	}
}
