package wrappers

import (
	"io/fs"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

type embedsVfs struct{ vfs.Fs }

type embedsAfero struct {
	afero.Fs
	n int
}

type embedsBackend struct{ *membackend.FS }

type embedsOsFs struct{ afero.OsFs }

type embedsWrapper struct{ *embedsVfs }

type embedsEmbedsWrapper struct {
	embedsWrapper
}

type named struct {
	base vfs.Fs
}

func (n *named) OpenFile(name string, flag int, perm fs.FileMode) (vfs.File, error) {
	return n.base.OpenFile(name, flag, perm)
}

// Not filesystems.
type file struct{ vfs.File }

type holder struct {
	fsys vfs.Fs
}

type notAStruct interface{ vfs.Fs }
