package osfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/osfile"
)

// BeforeAt gives what *os.File gives, case for case: the same error text,
// the same type and op, the same order.
func TestBeforeAtAsOS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		name           string
		write, append_ bool
		off            int64
		n              int
		closed         bool
	}{
		{"append", true, true, 0, 1, false},
		{"append closed", true, true, -1, 0, true},
		{"negative read", false, false, -1, 1, false},
		{"negative write closed", true, false, -1, 1, true},
		{"empty closed", false, false, 0, 0, true},
		{"closed read", false, false, 0, 1, true},
		{"closed write", true, false, 0, 1, true},
		{"go on", true, false, 3, 1, false},
	} {
		name := filepath.Join(dir, "f")
		flag := os.O_RDWR | os.O_CREATE
		if tc.append_ {
			flag |= os.O_APPEND
		}
		f, err := os.OpenFile(name, flag, 0o600)
		require.NoError(t, err)
		if tc.closed {
			require.NoError(t, f.Close())
		}
		p := make([]byte, tc.n)
		var osErr error
		if tc.write {
			_, osErr = f.WriteAt(p, tc.off)
		} else {
			_, osErr = f.ReadAt(p, tc.off)
		}
		f.Close()
		done, err := osfile.BeforeAt(name, tc.write, tc.append_, tc.off, tc.n, tc.closed)
		if tc.name == "go on" {
			assert.False(t, done, tc.name)
			continue
		}
		assert.True(t, done, tc.name)
		if osErr == nil {
			assert.NoError(t, err, tc.name)
			continue
		}
		require.Error(t, err, tc.name)
		assert.Equal(t, osErr.Error(), err.Error(), tc.name)
		var ope, pe *fs.PathError
		assert.Equal(t, errors.As(osErr, &ope), errors.As(err, &pe), "%s: an *fs.PathError as os's is", tc.name)
		if ope != nil && pe != nil {
			assert.Equal(t, ope.Op, pe.Op, tc.name)
		}
		assert.Equal(t, errors.Is(osErr, fs.ErrClosed), errors.Is(err, fs.ErrClosed), tc.name)
	}
}
