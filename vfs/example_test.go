package vfs_test

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/vfs"
)

// CreateExclusive works on any afero filesystem: where the backend has no
// no-follow exclusive create of its own, it falls back to OpenFile with
// O_CREATE|O_EXCL.
func ExampleCreateExclusive() {
	fsys := afero.NewMemMapFs()
	f, err := vfs.CreateExclusive(fsys, "/report.txt", 0o600)
	if err != nil {
		fmt.Println(err)
		return
	}
	f.Close()

	_, err = vfs.CreateExclusive(fsys, "/report.txt", 0o600)
	fmt.Println(errors.Is(err, fs.ErrExist))
	// Output: true
}

// A capability that a backend lacks, and that cannot be emulated safely, is
// an error wrapping errors.ErrUnsupported, never a silent downgrade.
func ExampleRenameNoReplace() {
	fsys := afero.NewMemMapFs() // no hard links, no renameat2
	_ = afero.WriteFile(fsys, "/a", []byte("A"), 0o600)

	err := vfs.RenameNoReplace(fsys, "/a", "/b")
	fmt.Println(errors.Is(err, errors.ErrUnsupported))
	fmt.Println(err)
	// Output:
	// true
	// rename /a /b: unsupported operation
}

// Code that wants a capability type-asserts through the helper; a backend
// advertises one by implementing its interface.
func ExampleTempDirs() {
	fsys := afero.NewMemMapFs() // not a vfs.TempDirFS
	_, ok := fsys.(vfs.TempDirFS)
	fmt.Println(ok, len(vfs.TempDirs(fsys)) > 0)
	// Output: false true
}
