//go:build unix

package osbackend

import (
	"errors"
	"io/fs"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// syscallMode converts perm to the mode bits open(2) and mkdir(2) take.
func syscallMode(perm fs.FileMode) uint32 {
	m := uint32(perm.Perm())
	if perm&fs.ModeSetuid != 0 {
		m |= unix.S_ISUID
	}
	if perm&fs.ModeSetgid != 0 {
		m |= unix.S_ISGID
	}
	if perm&fs.ModeSticky != 0 {
		m |= unix.S_ISVTX
	}
	return m
}

// openRaw opens name with the open(2) system call, retrying on EINTR, and
// wraps the descriptor without registering it with Go's poller.
func openRaw(op, name, label string, flag int, perm fs.FileMode) (*os.File, error) {
	for {
		fd, err := unix.Open(name, flag|unix.O_CLOEXEC, syscallMode(perm))
		if err == nil {
			return os.NewFile(uintptr(fd), label), nil
		}
		if !errors.Is(err, unix.EINTR) {
			return nil, &fs.PathError{Op: op, Path: name, Err: err}
		}
	}
}

func createExclusive(name string, perm fs.FileMode) (*os.File, error) {
	return openRaw("open", name, name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW, perm)
}

// createUnlinked creates a file with an unpredictable name in dir and
// removes the name at once.
func createUnlinked(dir string, perm fs.FileMode) (*os.File, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	name := scratchName(dir)
	f, err := createExclusive(name, perm)
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			pe.Path = dir
		}
		return nil, err
	}
	if err := unlinkOpen(f, unix.AT_FDCWD, name); err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	return f, nil
}

// checkDir refuses a directory name that open(2) would refuse before
// looking at the filesystem: "" (ENOENT) and a name holding NUL (EINVAL),
// so that no fallback takes "" for the working directory.
func checkDir(dir string) error {
	switch {
	case dir == "":
		return &fs.PathError{Op: "open", Path: dir, Err: unix.ENOENT}
	case strings.IndexByte(dir, 0) >= 0:
		return &fs.PathError{Op: "open", Path: dir, Err: unix.EINVAL}
	}
	return nil
}

func syncDir(name string) error {
	d, err := openRaw("open", name, name, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

func platformTempDirs() []string {
	return append(envDirs("TMPDIR", "TEMP", "TMP"), "/tmp", "/var/tmp", "/usr/tmp")
}
