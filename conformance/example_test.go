package conformance_test

import (
	"fmt"
	"testing"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// A backend's tests call Run once, with a function that makes a fresh
// filesystem and an empty directory in it.
func ExampleRun() {
	// In a _test.go file:
	testConformance := func(t *testing.T) {
		conformance.Run(t, func(t *testing.T) (vfs.Fs, string) {
			return osbackend.New(), t.TempDir()
		})
	}
	_ = testConformance
}

// Check runs the checks outside a test and reports on each. afero's
// MemMapFs creates a missing parent instead of failing, and lets a
// directory be made under a regular file.
func ExampleCheck() {
	r := conformance.Check("MemMapFs", func() (vfs.Fs, string, func(), error) {
		fsys := afero.NewMemMapFs()
		return fsys, "/work", nil, fsys.Mkdir("/work", 0o700)
	})
	for _, res := range r.Results {
		if res.Group == "Mkdir" {
			fmt.Println(res.Check, res.Status)
		}
	}
	// Output:
	// Mkdir/Existing pass
	// Mkdir/MissingParent fail
	// Mkdir/ParentIsFile fail
}

// Markdown renders reports as a table, one row per filesystem and one
// column per group of checks.
func ExampleMarkdown() {
	keep := func(r conformance.Report, groups ...string) conformance.Report {
		out := conformance.Report{Backend: r.Backend}
		for _, res := range r.Results {
			for _, g := range groups {
				if res.Group == g {
					out.Results = append(out.Results, res)
				}
			}
		}
		return out
	}
	mem := conformance.Check("MemMapFs", func() (vfs.Fs, string, func(), error) {
		return afero.NewMemMapFs(), "/", nil, nil
	})
	fmt.Print(conformance.Markdown(keep(mem, "Mkdir", "Mode", "Symlink")))
	// Output:
	// | backend | Mkdir | Mode | Symlink |
	// |---|---|---|---|
	// | MemMapFs | 2/3 fail | pass | skip |
}
