//go:build linux

package membackend_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/tempvfs/tempvfs/membackend"
)

// errClass describes an error by what callers may test: its type, Op,
// errno and the fs sentinels it matches, never its text.
func errClass(err error) string {
	if err == nil {
		return "ok"
	}
	if err == io.EOF {
		return "EOF"
	}
	var b strings.Builder
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		fmt.Fprintf(&b, "PathError(%s)", pe.Op)
	case errors.As(err, &le):
		fmt.Fprintf(&b, "LinkError(%s)", le.Op)
	default:
		fmt.Fprintf(&b, "%T", err)
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		fmt.Fprintf(&b, " %s", errnoName(errno))
	} else if pe == nil && le == nil {
		// An error os makes itself, such as WriteAt's in append mode:
		// the text is all there is to compare.
		fmt.Fprintf(&b, " %q", err.Error())
	} else if inner := errors.Unwrap(err); inner != nil && !errors.Is(err, fs.ErrClosed) && !errors.Is(err, fs.ErrInvalid) {
		// ReadAt's and WriteAt's "negative offset", for example.
		fmt.Fprintf(&b, " %q", inner.Error())
	}
	for _, s := range []struct {
		name string
		err  error
	}{{"exist", fs.ErrExist}, {"notexist", fs.ErrNotExist}, {"perm", fs.ErrPermission}, {"closed", fs.ErrClosed}, {"invalid", fs.ErrInvalid}} {
		if errors.Is(err, s.err) {
			fmt.Fprintf(&b, " %s", s.name)
		}
	}
	return b.String()
}

func errnoName(e syscall.Errno) string {
	for _, n := range []struct {
		e    syscall.Errno
		name string
	}{
		{syscall.ENOENT, "ENOENT"}, {syscall.EEXIST, "EEXIST"}, {syscall.ENOTDIR, "ENOTDIR"},
		{syscall.EISDIR, "EISDIR"}, {syscall.ENOTEMPTY, "ENOTEMPTY"}, {syscall.EINVAL, "EINVAL"},
		{syscall.EBADF, "EBADF"}, {syscall.EACCES, "EACCES"}, {syscall.EPERM, "EPERM"},
		{syscall.ELOOP, "ELOOP"}, {syscall.EBUSY, "EBUSY"}, {syscall.ENAMETOOLONG, "ENAMETOOLONG"},
		{syscall.ENOSPC, "ENOSPC"}, {syscall.EXDEV, "EXDEV"},
	} {
		if e == n.e {
			return n.name
		}
	}
	return "errno" + strconv.Itoa(int(e))
}

// describe prints what a FileInfo says that both sides must agree on:
// the type, the mode, the size of non-directories and the link count of
// regular files.
func describe(fi fs.FileInfo) string { return describeAs(fi.Name(), fi) }

func describeAs(name string, fi fs.FileInfo) string {
	s := fmt.Sprintf("%s %v", name, fi.Mode())
	if !fi.IsDir() {
		s += fmt.Sprintf(" size=%d", fi.Size())
	}
	if fi.Mode().IsRegular() {
		s += fmt.Sprintf(" nlink=%d", nlink(fi))
	}
	return s
}

func nlink(fi fs.FileInfo) uint64 {
	switch st := fi.Sys().(type) {
	case *syscall.Stat_t:
		return uint64(st.Nlink)
	case *membackend.Stat:
		return st.Nlink
	}
	return 0
}

func short(b []byte) string {
	if len(b) > 40 {
		return fmt.Sprintf("%q...(%d bytes, sum %d)", b[:40], len(b), bytesum(b))
	}
	return fmt.Sprintf("%q", b)
}

func bytesum(b []byte) int {
	s := 0
	for i, c := range b {
		s += (i + 1) * int(c)
	}
	return s
}
