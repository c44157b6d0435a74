package tempfile

import "github.com/tempvfs/tempvfs/vfs"

// TempDir is a stand-in until the package's TempDir lands.
func TempDir(fsys vfs.Fs) (string, error) { return vfs.TempDirs(fsys)[0], nil }
