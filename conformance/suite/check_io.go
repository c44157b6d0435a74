package suite

import (
	"io"
	"os"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
)

func init() {
	register("IO",
		testCase{
			name:    "ReadAtShort",
			promise: contractShortRead,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				f := open(t, e.fsys, name, os.O_RDONLY)
				for _, tc := range []struct {
					off  int64
					want string
				}{{3, "lo"}, {5, ""}, {10, ""}} {
					buf := make([]byte, 5)
					n, err := f.ReadAt(buf, tc.off)
					assert.Equal(t, tc.want, string(buf[:n]), "ReadAt(5 bytes, %d) of %q", tc.off, "hello")
					assert.ErrorIs(t, err, io.EOF, "ReadAt(5 bytes, %d) of a 5-byte file returned %d bytes, %v", tc.off, n, err)
				}
				buf := make([]byte, 5)
				n, err := f.ReadAt(buf, 0)
				assert.NoError(t, err, "ReadAt of the whole file")
				assert.Equal(t, "hello", string(buf[:n]))
			},
		},
		testCase{
			name:    "ReadAtOffset",
			promise: contractOffset,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				f := open(t, e.fsys, name, os.O_RDONLY)
				buf := make([]byte, 1)
				_, err := f.Read(buf)
				require.NoError(t, err)
				big := make([]byte, 2)
				n, err := f.ReadAt(big, 3)
				require.NoError(t, err)
				assert.Equal(t, "lo", string(big[:n]), "ReadAt(2 bytes, 3) of %q after reading 1 byte", "hello")
				pos, err := f.Seek(0, io.SeekCurrent)
				require.NoError(t, err)
				assert.Equal(t, int64(1), pos, "the offset after Read(1 byte) and ReadAt")
				_, err = f.Read(buf)
				require.NoError(t, err)
				assert.Equal(t, "e", string(buf), "the Read after ReadAt")
			},
		},
		testCase{
			name:    "WriteAtOffset",
			promise: contractOffset,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				f := open(t, e.fsys, name, os.O_RDWR)
				_, err := f.Seek(1, io.SeekStart)
				require.NoError(t, err)
				_, err = f.WriteAt([]byte("XY"), 3)
				require.NoError(t, err)
				pos, err := f.Seek(0, io.SeekCurrent)
				require.NoError(t, err)
				assert.Equal(t, int64(1), pos, "the offset after Seek(1) and WriteAt")
				_, err = f.Write([]byte("Z"))
				require.NoError(t, err)
				assert.Equal(t, "hZlXY", readFile(t, e.fsys, name), "Seek(1), WriteAt(%q, 3), Write(%q) on %q", "XY", "Z", "hello")
			},
		},
		testCase{
			name:    "ReadEOF",
			promise: ioReadEOF,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				f := open(t, e.fsys, name, os.O_RDONLY)
				b, err := io.ReadAll(f)
				assert.NoError(t, err, "io.ReadAll")
				assert.Equal(t, "hello", string(b))
				buf := make([]byte, 4)
				n, err := f.Read(buf)
				assert.Equal(t, 0, n, "Read at the end of the file")
				assert.Equal(t, io.EOF, err, "Read at the end of the file returns io.EOF itself")

				_, err = f.Seek(10, io.SeekStart)
				require.NoError(t, err, "Seek past the end")
				n, err = f.Read(buf)
				assert.Equal(t, 0, n, "Read past the end of the file")
				assert.Equal(t, io.EOF, err, "Read past the end of the file returns io.EOF itself")
			},
		},
		testCase{
			name:    "Truncate",
			promise: osFileTruncate,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				f := open(t, e.fsys, name, os.O_RDWR)
				_, err := f.Seek(5, io.SeekStart)
				require.NoError(t, err)
				require.NoError(t, f.Truncate(8), "Truncate(8) of a 5-byte file")
				assert.Equal(t, "hello\x00\x00\x00", readFile(t, e.fsys, name), "Truncate must extend with zero bytes")
				require.NoError(t, f.Truncate(2), "Truncate(2)")
				assert.Equal(t, "he", readFile(t, e.fsys, name))
				pos, err := f.Seek(0, io.SeekCurrent)
				require.NoError(t, err)
				assert.Equal(t, int64(5), pos, "Truncate must not move the offset")
				_, err = f.Write([]byte("X"))
				require.NoError(t, err)
				assert.Equal(t, "he\x00\x00\x00X", readFile(t, e.fsys, name), "a write at the offset after Truncate")
				if fi, err := f.Stat(); assert.NoError(t, err) {
					assert.Equal(t, int64(6), fi.Size(), "File.Stat after Truncate and Write")
				}
			},
		},
		testCase{
			name:    "NegativeOffset",
			promise: badOffset,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				f := open(t, e.fsys, name, os.O_RDWR)
				safely(t, "ReadAt(-1)", func() {
					n, err := f.ReadAt(make([]byte, 2), -1)
					assert.Error(t, err, "ReadAt at offset -1 returned %d bytes", n)
				})
				safely(t, "WriteAt(-1)", func() {
					n, err := f.WriteAt([]byte("X"), -1)
					assert.Error(t, err, "WriteAt at offset -1 wrote %d bytes", n)
				})
				assert.Equal(t, "hello", readFile(t, e.fsys, name), "a refused WriteAt must not change the file")
			},
		},
		testCase{
			name:    "SeekNegative",
			promise: ioSeek,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")
				f := open(t, e.fsys, name, os.O_RDWR)
				_, err := f.Seek(2, io.SeekStart)
				require.NoError(t, err)
				for _, s := range []struct {
					off    int64
					whence int
				}{{-1, io.SeekStart}, {-3, io.SeekCurrent}, {-6, io.SeekEnd}} {
					pos, err := f.Seek(s.off, s.whence)
					assert.Error(t, err, "Seek(%d, %d) returned position %d", s.off, s.whence, pos)
				}
				pos, err := f.Seek(0, io.SeekCurrent)
				if assert.NoError(t, err) {
					assert.Equal(t, int64(2), pos, "a refused Seek must not move the offset")
				}
			},
		},
	)
}
