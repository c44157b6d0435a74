package tempfiletest_test

import (
	"testing"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/tempfile/tempfiletest"
)

// A test that makes its temp objects with the tracker from Check fails if
// it leaves any of them behind.
func ExampleCheck() {
	testUpload := func(t *testing.T) {
		tr := tempfiletest.Check(t, tempfile.WithStacks())
		fsys := afero.NewMemMapFs()
		d, err := tempfile.NewDir(fsys, tempfile.WithDir("/tmp"), tempfile.WithTracker(tr))
		if err != nil {
			t.Fatal(err)
		}
		defer d.Cleanup() // without it, the test fails and names d.Path()
		// ... the code under test works in d.Path() ...
	}
	_ = testUpload
}
