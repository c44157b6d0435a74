package suite_test

import (
	"fmt"

	"github.com/tempvfs/tempvfs/conformance/suite"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// A program checks a filesystem with Check, and links no test code.
// membackend, acting as an unprivileged user, keeps every promise that
// applies to it.
func ExampleCheck() {
	r := suite.Check("membackend", func() (vfs.Fs, string, func(), error) {
		return membackend.New(membackend.WithUser(1000, 1000)), "/tmp", nil, nil
	})
	fmt.Println(len(r.Failed()), "failed:", r.Err())
	// Output: 0 failed: <nil>
}

// Cases lists the checks, for a harness that runs them one by one with
// Case.Run.
func ExampleCases() {
	for _, c := range suite.Cases() {
		if c.Group() == "Mkdir" {
			fmt.Println(c.Name())
		}
	}
	// Output:
	// Mkdir/Existing
	// Mkdir/MissingParent
	// Mkdir/ParentIsFile
}
