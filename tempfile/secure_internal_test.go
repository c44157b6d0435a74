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
func TestSpooledSecureClearsChunks(t *testing.T) {
	t.Parallel()
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
