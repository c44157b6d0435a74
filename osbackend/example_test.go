//go:build !windows

// An example cannot skip, and under Wine, which has no POSIX-semantics
// delete, Windows cannot make an anonymous file: TestCreateAnonymous
// covers Windows.

package osbackend_test

import (
	"fmt"
	"io"
	"os"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// An anonymous file has no name from the moment it exists: nothing is left
// to clean up if the process dies, and no other process can open it by name.
func ExampleFS_CreateAnonymous() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	fsys := osbackend.New()
	f, err := vfs.CreateAnonymous(fsys, dir, 0o600)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	io.WriteString(f, "scratch data")

	entries, _ := os.ReadDir(dir)
	fi, _ := f.Stat()
	fmt.Println(len(entries), fi.Size())
	// Output: 0 12
}
