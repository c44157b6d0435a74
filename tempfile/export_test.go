package tempfile

import (
	"io/fs"

	"github.com/tempvfs/tempvfs/vfs"
)

// NewSpooledForTest builds a Spooled until the public constructor lands.
func NewSpooledForTest(fsys vfs.Fs, dir string, maxSize int64, budget *MemoryBudget) *Spooled {
	return newSpooled(fsys, dir, maxSize, budget, false)
}

const ChunkSize = chunkSize

// WriteFileForTest and NewPendingForTest stand in until the public,
// option-taking functions land.
func WriteFileForTest(fsys vfs.Fs, name string, data []byte, perm fs.FileMode, keepMode, noClobber bool) error {
	return writeFile(fsys, name, data, pendingConfig{perm: perm, keepMode: keepMode, noClobber: noClobber})
}

func NewPendingForTest(fsys vfs.Fs, name string, perm fs.FileMode, noClobber bool) (*Pending, error) {
	return newPending(fsys, name, pendingConfig{perm: perm, noClobber: noClobber})
}
