package vfs

import (
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/internal/randname"
)

// Fs is a filesystem: an alias of [afero.Fs], so any afero filesystem can be
// passed where a Fs is wanted.
type Fs = afero.Fs

// File is an open file of a [Fs]: an alias of [afero.File].
type File = afero.File

// ErrNilFS is the error, inside an [*fs.PathError] or an [*os.LinkError],
// that a helper of this package returns when the filesystem passed to it
// is nil; packages tempfile and conformance return it too. It matches
// [fs.ErrInvalid] with [errors.Is].
//
// Only a nil interface value is nil: a nil pointer of a filesystem type
// (a (*membackend.FS)(nil) stored in a Fs) is not, and is used like any
// other value, so its own methods decide what happens; those of tempvfs's
// and afero's filesystems panic.
var ErrNilFS = fmt.Errorf("vfs: nil filesystem: %w", fs.ErrInvalid)

// scratchName returns a name in dir that no one can predict: 130 bits from
// crypto/rand. It is used by fallbacks that need an entry for a moment.
func scratchName(dir string) string {
	return filepath.Join(dir, ".vfs-"+randname.String(26, randname.Base32))
}
