package tempfile

import "github.com/tempvfs/tempvfs/vfs"

// NewSpooledForTest builds a Spooled until the public constructor lands.
func NewSpooledForTest(fsys vfs.Fs, dir string, maxSize int64, budget *MemoryBudget) *Spooled {
	return newSpooled(fsys, dir, maxSize, budget, false)
}

const ChunkSize = chunkSize
