package randname_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/randname"
)

// Every character of the alphabet comes out equally often from a source
// that gives every byte value equally often, and only those characters.
func TestFillUniform(t *testing.T) {
	t.Parallel()
	for _, alphabet := range []string{randname.Base32, randname.Alnum} {
		var src bytes.Buffer
		for range 101 { // one more round than the characters need
			for v := range 256 {
				src.WriteByte(byte(v))
			}
		}
		limit := 256 - 256%len(alphabet)
		n := 100 * limit // the bytes that are kept
		b := make([]byte, n)
		require.NoError(t, randname.Fill(b, alphabet, &src))
		counts := map[byte]int{}
		for _, c := range b {
			counts[c]++
		}
		assert.Len(t, counts, len(alphabet), alphabet)
		for c, k := range counts {
			assert.True(t, strings.IndexByte(alphabet, c) >= 0)
			assert.Equal(t, n/len(alphabet), k, "%q", c)
		}
	}
}

func TestFillSourceFails(t *testing.T) {
	t.Parallel()
	err := randname.Fill(make([]byte, 4), randname.Alnum, strings.NewReader("ab"))
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.ErrorIs(t, randname.Fill(nil, "", nil), fs.ErrInvalid)
}

func TestString(t *testing.T) {
	t.Parallel()
	a, b := randname.String(13, randname.Base32), randname.String(13, randname.Base32)
	assert.Len(t, a, 13)
	assert.NotEqual(t, a, b)
}

func TestTry(t *testing.T) {
	t.Parallel()
	i := 0
	next := func() (string, error) { i++; return strings.Repeat("n", i), nil }
	name, err := randname.Try("op", "p*", randname.MaxTries, next, func(name string) error {
		if len(name) < 3 {
			return &fs.PathError{Op: "open", Path: name, Err: fs.ErrExist}
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, "nnn", name, "names that exist are passed over")

	other := errors.New("other")
	_, err = randname.Try("op", "p*", randname.MaxTries, next, func(string) error { return other })
	assert.ErrorIs(t, err, other, "any other error ends it at once")

	calls := 0
	_, err = randname.Try("op", "p*", randname.MaxTries, next, func(string) error { calls++; return fs.ErrExist })
	assert.Equal(t, randname.MaxTries, calls)
	assert.ErrorIs(t, err, fs.ErrExist)
	assert.ErrorIs(t, err, randname.ErrExhausted)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "op", pe.Op)
	assert.Equal(t, "p*", pe.Path)
}
