package vfs

import (
	"crypto/rand"
	"path/filepath"

	"github.com/spf13/afero"
)

// Fs is a filesystem: an alias of [afero.Fs], so any afero filesystem can be
// passed where a Fs is wanted.
type Fs = afero.Fs

// File is an open file of a [Fs]: an alias of [afero.File].
type File = afero.File

// scratchName returns a name in dir that no one can predict: 130 bits from
// crypto/rand. It is used by fallbacks that need an entry for a moment.
func scratchName(dir string) string {
	return filepath.Join(dir, ".vfs-"+rand.Text())
}
