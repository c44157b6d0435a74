package tempfile

import (
	"bytes"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// With WithSecureRemove a spooled file clears its chunks before they go
// back to the pool: on Close, and on rollover.
//
// Not parallel: a chunk returned to the pool must not be taken by another
// test while this one looks at it.
func TestSpooledSecureClearsChunks(t *testing.T) {
	fsys := afero.NewMemMapFs()
	require.NoError(t, fsys.MkdirAll("/tmp", 0o700))
	data := bytes.Repeat([]byte{0xAB}, chunkSize+100)
	for _, secure := range []bool{false, true} {
		for _, rollover := range []bool{false, true} {
			opts := []Option{WithDir("/tmp")}
			if secure {
				opts = append(opts, WithSecureRemove())
			}
			s, err := NewSpooled(fsys, 0, opts...)
			require.NoError(t, err)
			_, err = s.Write(data)
			require.NoError(t, err)
			held := append([]*chunk(nil), s.mem.c...)
			require.Len(t, held, 2)
			if rollover {
				require.NoError(t, s.Rollover())
			}
			require.NoError(t, s.Close())
			for _, c := range held {
				cleared := !bytes.ContainsFunc(c[:], func(r rune) bool { return r != 0 })
				assert.Equal(t, secure, cleared, "secure=%v rollover=%v", secure, rollover)
			}
		}
	}
}

// With WithSecureRemove, shrinking a spooled file in memory clears the
// bytes cut off, in the chunk it keeps and in those it returns.
// Not parallel, as above.
func TestSpooledSecureTruncateClears(t *testing.T) {
	fsys := afero.NewMemMapFs()
	data := bytes.Repeat([]byte{0xCD}, chunkSize+100)
	for _, secure := range []bool{false, true} {
		var opts []Option
		if secure {
			opts = append(opts, WithSecureRemove())
		}
		s, err := NewSpooled(fsys, 0, opts...)
		require.NoError(t, err)
		_, err = s.Write(data)
		require.NoError(t, err)
		held := append([]*chunk(nil), s.mem.c...)
		require.NoError(t, s.Truncate(10))
		assert.Equal(t, bytes.Repeat([]byte{0xCD}, 10), held[0][:10], "what stays is intact")
		for i, tail := range [][]byte{held[0][10:], held[1][:100]} {
			cleared := !bytes.ContainsFunc(tail, func(r rune) bool { return r != 0 })
			assert.Equal(t, secure, cleared, "secure=%v part %d", secure, i)
		}
		require.NoError(t, s.Close())
	}
}
