//go:build !unix

package osbackend_test

import (
	"errors"
	"io/fs"
)

func mkfifo(string) error { return errors.ErrUnsupported }

// ownerOf returns "": the system has no uid and gid.
func ownerOf(fs.FileInfo) string { return "" }
