//go:build !unix

package tempfile

import "github.com/tempvfs/tempvfs/vfs"

// openGuard is added to the flags of an open by a name that may have been
// replaced; outside Unix there is nothing to add.
const openGuard = 0

// unguard undoes openGuard; outside Unix there is nothing to undo.
func unguard(vfs.File) error { return nil }
