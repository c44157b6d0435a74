package osbackend

import (
	"os"

	"github.com/tempvfs/tempvfs/vfs"
)

var _ vfs.WorkingDirFS = (*FS)(nil)

// Getwd returns the process's working directory, against which the OS
// resolves relative names: [os.Getwd].
func (*FS) Getwd() (string, error) { return os.Getwd() }
