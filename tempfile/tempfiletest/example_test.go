package tempfiletest_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/tempfile/tempfiletest"
	"github.com/tempvfs/tempvfs/vfs"
)

// exampleT stands in for the *testing.T of a test, so that the examples
// can show what a failing test reports.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()                      {}
func (t *exampleT) Cleanup(f func())             { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) Fatalf(f string, args ...any) { fmt.Printf(f+"\n", args...) }
func (t *exampleT) Errorf(f string, args ...any) {
	msg, _, _ := strings.Cut(filepath.ToSlash(fmt.Sprintf(f, args...)), "/tmp/")
	fmt.Println(msg + "/tmp/...")
}

// end runs the cleanups, as the testing package does when a test ends.
func (t *exampleT) end() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// convert is code under test: it takes a filesystem and uses temporary
// files on it, and forgets to close one.
func convert(fsys vfs.Fs) error {
	scratch, err := tempfile.NewNamed(fsys)
	if err != nil {
		return err
	}
	_, err = scratch.WriteString("intermediate result")
	return err // scratch is never closed
}

// A test watches the filesystem it gives the code under test; a temporary
// object left behind fails the test, with no option in that code.
func ExampleWatch() {
	t := &exampleT{} // in a real test: func TestConvert(t *testing.T)
	fsys := membackend.New()
	tempfiletest.Watch(t, fsys)
	if err := convert(fsys); err != nil {
		t.Fatalf("%v", err)
	}
	t.end()
	// Output:
	// tempfiletest: 1 temporary object(s) leaked:
	// 	named file /tmp/...
}

// A test that makes its temp objects with the tracker from Check fails if
// it leaves any of them behind.
func ExampleCheck() {
	t := &exampleT{}
	tr := tempfiletest.Check(t)
	fsys := membackend.New()
	d, err := tempfile.NewDir(fsys, tempfile.WithTracker(tr))
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer d.Cleanup()
	// ... the code under test works in d.Path() ...
	_ = d.Cleanup() // without it, the test fails and names d.Path()
	t.end()
	fmt.Println("passed")
	// Output:
	// passed
}
