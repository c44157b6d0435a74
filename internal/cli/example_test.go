package cli_test

import (
	"fmt"
	"os"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/internal/cli"
)

// zeros is a random source that always yields zero bytes, so that every
// random character is 'a' and the output is the same on every run.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A CLI runs commands against the filesystem, environment and random
// source in its fields: here an in-memory filesystem, a fixed TMPDIR and
// predictable "random" names.
func ExampleCLI_Run() {
	c := &cli.CLI{
		Stdout: os.Stdout,
		Stderr: os.Stdout,
		FS:     afero.NewMemMapFs(),
		Env:    []string{"TMPDIR=/scratch"},
		Rand:   zeros{},
	}
	c.Run([]string{"mktemp"})
	c.Run([]string{"mktemp", "-d", "--suffix=.d", "-p", "/work", "build-XXXXXX"})
	c.Run([]string{"mktemp", "-t", "report-XXX.txt"})
	status := c.Run([]string{"mktemp", "report-XX"})
	fmt.Println("exit status", status)
	// Output:
	// /scratch/tmp.aaaaaaaaaa
	// /work/build-aaaaaa.d
	// /scratch/report-aaa.txt
	// tempvfs mktemp: too few X's in template ‘report-XX’
	// exit status 1
}
