package membackend_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

func Example() {
	fsys := membackend.New()
	if err := fsys.MkdirAll("/srv/data", 0o755); err != nil {
		fmt.Println(err)
		return
	}
	if err := afero.WriteFile(fsys, "/srv/data/greeting", []byte("hello\n"), 0o666); err != nil {
		fmt.Println(err)
		return
	}
	b, err := afero.ReadFile(fsys, "/srv/data/greeting")
	if err != nil {
		fmt.Println(err)
		return
	}
	fi, err := fsys.Stat("/srv/data/greeting")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q %v\n", b, fi.Mode())

	// Errors are those of os on Linux.
	_, err = fsys.Create("/srv/missing/file")
	fmt.Println(err)
	fmt.Println(errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOENT))
	err = fsys.Remove("/srv")
	fmt.Println(err)
	// Output:
	// "hello\n" -rw-r--r--
	// open /srv/missing/file: no such file or directory
	// true true
	// remove /srv: directory not empty
}

// A file removed while it is open lives on until its last File is closed.
func Example_unlinkWhileOpen() {
	fsys := membackend.New()
	f, err := fsys.Create("/tmp/scratch")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	if err := fsys.Remove("/tmp/scratch"); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := f.WriteString("still here"); err != nil {
		fmt.Println(err)
		return
	}
	b := make([]byte, 10)
	n, err := f.ReadAt(b, 0)
	fmt.Println(string(b[:n]), err)
	_, err = fsys.Stat("/tmp/scratch")
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// still here <nil>
	// true
}

// A full disk: the write that does not fit writes what fits.
func ExampleWithCapacity() {
	fsys := membackend.New(membackend.WithCapacity(8))
	f, err := fsys.Create("/tmp/log")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	n, err := f.WriteString("0123456789")
	fmt.Println(n, err, errors.Is(err, syscall.ENOSPC))
	// Output:
	// 8 write /tmp/log: no space left on device true
}

// An unprivileged user meets permission bits.
func ExampleWithUser() {
	fsys := membackend.New(membackend.WithUser(1000, 1000))
	_, err := fsys.Create("/etc-passwd")
	fmt.Println(err)
	if err := afero.WriteFile(fsys, "/tmp/secret", []byte("x"), 0o600); err != nil {
		fmt.Println(err)
		return
	}
	if err := fsys.Chmod("/tmp/secret", 0o200); err != nil {
		fmt.Println(err)
		return
	}
	_, err = fsys.Open("/tmp/secret")
	fmt.Println(err, errors.Is(err, fs.ErrPermission))
	// Output:
	// open /etc-passwd: permission denied
	// open /tmp/secret: permission denied true
}

func ExampleFS_CreateExclusive() {
	fsys := membackend.New()
	f, err := fsys.CreateExclusive("/tmp/lock", 0o600)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	_, err = fsys.CreateExclusive("/tmp/lock", 0o600)
	fmt.Println(err, errors.Is(err, fs.ErrExist))
	fi, err := f.Stat()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fi.Mode())
	// Output:
	// open /tmp/lock: file exists true
	// -rw-------
}

// Write a file in full, then give it its name: no reader ever sees it
// half-written.
func ExampleFS_Publish() {
	fsys := membackend.New()
	f, err := vfs.CreatePublishable(fsys, "/tmp", 0o644)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	if _, err := f.WriteString("complete"); err != nil {
		fmt.Println(err)
		return
	}
	if err := vfs.Publish(fsys, f, "/tmp/report"); err != nil {
		fmt.Println(err)
		return
	}
	b, err := afero.ReadFile(fsys, "/tmp/report")
	fmt.Println(string(b), err)
	// Output:
	// complete <nil>
}

func ExampleFS_Rename() {
	fsys := membackend.New()
	for _, dir := range []string{"/a/sub", "/b"} {
		if err := fsys.MkdirAll(dir, 0o755); err != nil {
			fmt.Println(err)
			return
		}
	}
	// A directory moves with everything in it; an existing directory is
	// never replaced, as with os.Rename.
	fmt.Println(fsys.Rename("/a", "/b/a"))
	fmt.Println(fsys.Rename("/b/a", "/b"))
	fmt.Println(fsys.Rename("/b", "/b/a/sub/x"))
	_, err := fsys.Stat("/b/a/sub")
	fmt.Println(err)
	// Output:
	// <nil>
	// rename /b/a /b: file exists
	// rename /b /b/a/sub/x: invalid argument
	// <nil>
}

// Closed Files say so, with fs.ErrClosed.
func ExampleFile_Close() {
	fsys := membackend.New()
	f, err := fsys.OpenFile("/tmp/f", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Close())
	_, err = f.Read(make([]byte, 1))
	fmt.Println(err, errors.Is(err, fs.ErrClosed))
	_, err = io.WriteString(f, "x")
	fmt.Println(err)
	fmt.Println(f.Close())
	// Output:
	// <nil>
	// read /tmp/f: file already closed true
	// write /tmp/f: file already closed
	// close /tmp/f: file already closed
}
