package vfs_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/vfs"
)

// idInfo is a FileInfo whose Sys value says which file it describes.
type idInfo struct {
	fs.FileInfo
	sys any
}

func (i idInfo) Sys() any { return i.sys }

type ident struct{ dev, ino uint64 }

func (id ident) FileIdentity() (uint64, uint64) { return id.dev, id.ino }

func TestSameFileIdentity(t *testing.T) {
	t.Parallel()
	a, b, c := idInfo{sys: ident{1, 7}}, idInfo{sys: ident{1, 7}}, idInfo{sys: ident{2, 7}}
	same, known := vfs.SameFile(a, b)
	assert.True(t, same)
	assert.True(t, known)
	same, known = vfs.SameFile(a, c)
	assert.False(t, same, "another device")
	assert.True(t, known)
	same, known = vfs.SameFile(a, idInfo{sys: "no identity"})
	assert.False(t, same)
	assert.False(t, known, "a Sys value without an identity")
	_, known = vfs.SameFile(a, nil)
	assert.False(t, known)
}

// The operating system's FileInfo carries an identity on Unix only.
func TestSameFileOnTheOS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(name, nil, 0o600))
	fi1, err := os.Lstat(name)
	require.NoError(t, err)
	time.Sleep(time.Millisecond)
	fi2, err := os.Stat(name)
	require.NoError(t, err)
	same, known := vfs.SameFile(fi1, fi2)
	if runtime.GOOS == "windows" {
		assert.False(t, known, "Windows' FileInfo carries no identity")
		return
	}
	assert.True(t, known)
	assert.True(t, same)
}
