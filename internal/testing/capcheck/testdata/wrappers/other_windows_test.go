//go:build windows

package wrappers

import "github.com/tempvfs/tempvfs/vfs"

// Found whatever the build constraint.
type windowsOnly struct{ vfs.Fs }
