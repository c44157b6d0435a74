package sftpbackend_test

import (
	"testing"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/vfs"
)

// TestConformance runs the conformance checks on an FS logged in as the
// server's default user (root, when the test started sshd), each check
// with an FS of its own over one of a few shared connections.
func TestConformance(t *testing.T) {
	t.Parallel()
	theServer(t)
	conformance.Run(t, func(t *testing.T) (vfs.Fs, string) {
		return newSharedFS(t)
	})
}

// TestConformanceUnprivileged runs them as the user nobody, for whom the
// server's kernel enforces the permission bits.
func TestConformanceUnprivileged(t *testing.T) {
	t.Parallel()
	theServer(t)
	conformance.Run(t, func(t *testing.T) (vfs.Fs, string) {
		return newNobodyFS(t)
	})
}
