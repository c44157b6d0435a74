//go:build unix

package osbackend_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// A link planted in the directory that leads out is never followed, by a
// Root's own methods or by package tempfile working through it.
func ExampleOpenRoot_plantedLink() {
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

	os.Symlink("/etc", filepath.Join(dir, "etc"))
	_, err = uploads.Open("etc/passwd")
	fmt.Println(err)
	err = tempfile.WriteFile(uploads, "etc/passwd", []byte("root::0:0::/:/bin/sh\n"), 0o644)
	fmt.Println(err != nil)

	// Output:
	// open etc/passwd: path escapes from parent
	// true
}
