package osbackend_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// A service that keeps untrusted uploads in one directory opens it as a
// Root: names chosen by a client, and links planted in the directory by
// anyone, cannot make it read or write anything outside.
func ExampleOpenRoot() {
	dir, err := os.MkdirTemp("", "uploads")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	uploads, err := osbackend.OpenRoot(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer uploads.Close()

	// An upload arrives in a temporary file and is moved into place
	// atomically under the name the client asked for.
	if err := uploads.Mkdir("/tmp", 0o700); err != nil {
		fmt.Println(err)
		return
	}
	f, err := tempfile.CreateTemp(uploads, "", "upload-*")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("temporary file in", filepath.ToSlash(filepath.Dir(f.Name())))
	f.Close()
	uploads.Remove(f.Name())
	if err := tempfile.WriteFile(uploads, "/report.txt", []byte("hello"), 0o600); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(filepath.Join(dir, "report.txt"))
	fmt.Printf("report.txt: %s\n", b)

	// A name that climbs out is refused, and the error names what the
	// client sent, not where the directory lies on the host.
	_, err = uploads.Create("../../etc/passwd")
	fmt.Println(err)
	err = tempfile.WriteFile(uploads, "../../etc/passwd", []byte("root::0:0::/:/bin/sh\n"), 0o644)
	var pe *fs.PathError
	fmt.Println(errors.As(err, &pe))

	// Output:
	// temporary file in /tmp
	// report.txt: hello
	// open ../../etc/passwd: path escapes from parent
	// true
}
