//go:build !windows

package vfs

// dirSyncRefused reports whether err, from Sync of an open directory, is
// a refusal to flush a directory that no other call can overcome: only
// Windows refuses so.
func dirSyncRefused(error) bool { return false }
