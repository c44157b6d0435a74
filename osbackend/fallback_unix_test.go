//go:build unix

package osbackend_test

import (
	"io"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
)

// The create-then-unlink path is what Linux falls back to when a
// filesystem refuses O_TMPFILE, and what other Unix systems always use.
func TestCreateUnlinked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f, err := osbackend.CreateUnlinked(dir, 0o600)
	require.NoError(t, err)
	defer f.Close()
	assert.Empty(t, dirNames(t, dir))
	_, err = f.WriteString("x")
	require.NoError(t, err)
	_, err = f.Seek(0, io.SeekStart)
	require.NoError(t, err)
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	assert.Equal(t, "x", string(b))

	missing := filepath.Join(dir, "missing")
	_, err = osbackend.CreateUnlinked(missing, 0o600)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, missing, pe.Path, "the error names the directory asked for, not the scratch name")
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestLinkThenRemove(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	writeFile(t, a, "A")
	writeFile(t, b, "B")
	err := osbackend.LinkThenRemove(a, b)
	assert.ErrorIs(t, err, fs.ErrExist)
	assert.Equal(t, "A", readFile(t, a))
	assert.Equal(t, "B", readFile(t, b))

	require.NoError(t, osbackend.LinkThenRemove(a, c))
	assert.Equal(t, "A", readFile(t, c))
	assert.Equal(t, []string{"b", "c"}, dirNames(t, dir))
}
