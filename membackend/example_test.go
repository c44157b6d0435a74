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

	// Errors are those of os on Linux: an *fs.PathError around the errno
	// (whose text is Windows' on Windows for ENOENT and ENOTDIR).
	_, err = fsys.Create("/srv/missing/file")
	var pe *fs.PathError
	fmt.Println(errors.As(err, &pe), pe.Op, pe.Path, pe.Err == syscall.ENOENT)
	fmt.Println(errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOENT))
	err = fsys.Remove("/srv")
	fmt.Println(err)
	// Output:
	// "hello\n" -rw-r--r--
	// true open /srv/missing/file true
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

// A mount is a device of its own: a rename out of it fails with EXDEV, as
// between two Linux filesystems, and the caller copies instead.
func ExampleWithMount() {
	fsys := membackend.New(membackend.WithMount("/mnt/usb",
		membackend.WithCapacity(1<<20),
		membackend.WithoutCapabilities(membackend.CapHardLinks, membackend.CapSymlinks)))
	if err := afero.WriteFile(fsys, "/tmp/photo", []byte("jpeg"), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	err := fsys.Rename("/tmp/photo", "/mnt/usb/photo")
	var le *os.LinkError
	fmt.Println(errors.As(err, &le), errors.Is(err, syscall.EXDEV))
	if errors.Is(err, syscall.EXDEV) {
		data, err := afero.ReadFile(fsys, "/tmp/photo")
		if err == nil {
			err = afero.WriteFile(fsys, "/mnt/usb/photo", data, 0o644)
		}
		if err == nil {
			err = fsys.Remove("/tmp/photo")
		}
		fmt.Println(err)
	}
	b, err := afero.ReadFile(fsys, "/mnt/usb/photo")
	fmt.Println(string(b), err)
	// Like vfat, the mount has no links.
	fmt.Println(fsys.Link("/mnt/usb/photo", "/mnt/usb/copy"))
	// And it cannot be removed while mounted.
	fmt.Println(errors.Is(fsys.Remove("/mnt/usb"), syscall.EBUSY))
	// Output:
	// true true
	// <nil>
	// jpeg <nil>
	// link /mnt/usb/photo /mnt/usb/copy: operation not permitted
	// true
}

// The layout of a typical Linux host in one option: /tmp and /dev/shm are
// tmpfs mounts, /var/tmp is on the disk with "/".
func ExampleWithLinuxHost() {
	fsys := membackend.New(membackend.WithLinuxHost())
	if err := afero.WriteFile(fsys, "/download", []byte("x"), 0o600); err != nil {
		fmt.Println(err)
		return
	}
	for _, dir := range []string{"/var/tmp", "/tmp", "/dev/shm"} {
		fi, err := fsys.Stat(dir)
		if err != nil {
			fmt.Println(err)
			return
		}
		// A rename from "/" works only within its device.
		err = fsys.Rename("/download", dir+"/download")
		fmt.Printf("%-9s %v on the disk: %v\n", dir, fi.Mode(), !errors.Is(err, syscall.EXDEV))
		if err == nil {
			err = fsys.Rename(dir+"/download", "/download")
		}
		if err != nil && !errors.Is(err, syscall.EXDEV) {
			fmt.Println(err)
			return
		}
	}
	// Output:
	// /var/tmp  dtrwxrwxrwx on the disk: true
	// /tmp      dtrwxrwxrwx on the disk: false
	// /dev/shm  dtrwxrwxrwx on the disk: false
}

// The working directory is a directory, not a name: relative names follow
// it when it is renamed.
func ExampleFS_Chdir() {
	fsys := membackend.New()
	if err := fsys.MkdirAll("/home/ann/src", 0o755); err != nil {
		fmt.Println(err)
		return
	}
	if err := fsys.Chdir("/home/ann"); err != nil {
		fmt.Println(err)
		return
	}
	if err := afero.WriteFile(fsys, "src/main.go", []byte("package main\n"), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	if err := fsys.Rename("/home/ann", "/home/anne"); err != nil {
		fmt.Println(err)
		return
	}
	wd, err := fsys.Getwd()
	fmt.Println(wd, err)
	b, err := afero.ReadFile(fsys, "src/main.go")
	fmt.Printf("%q %v\n", b, err)
	err = fsys.Chdir("src/main.go")
	fmt.Println(errors.Is(err, syscall.ENOTDIR)) // chdir src/main.go: not a directory
	// Output:
	// /home/anne <nil>
	// "package main\n" <nil>
	// true
}
