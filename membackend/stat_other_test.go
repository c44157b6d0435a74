//go:build !linux

package membackend_test

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
)

// statOf returns what fi's Sys value says.
func statOf(t *testing.T, fi fs.FileInfo) membackend.Stat {
	t.Helper()
	st, ok := fi.Sys().(*membackend.Stat)
	require.True(t, ok, "Sys returns a *membackend.Stat, not %T", fi.Sys())
	return *st
}
