package tempfile_test

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// Reopen gives a second handle to the very file, or an error if its name
// now refers to another. (membackend carries file identities on Linux,
// hence this file's name.)
func ExampleFile_Reopen() {
	fsys := membackend.New()

	f, err := tempfile.NewNamed(fsys)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	_, _ = f.WriteString("shared data")

	r, err := f.Reopen(os.O_RDONLY)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := io.ReadAll(r)
	_ = r.Close()
	fmt.Println(string(b))

	// Someone removes the name and makes another file there.
	_ = fsys.Remove(f.Name())
	g, _ := fsys.Create(f.Name())
	_ = g.Close()
	_, err = f.Reopen(os.O_RDONLY)
	fmt.Println(errors.Is(err, tempfile.ErrReplaced))
	// Output:
	// shared data
	// true
}
