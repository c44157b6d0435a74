package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

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

// reap removes the stale entries that tempvfs made: of three old files,
// only the one with a name of tempvfs's shape ("tmp" and 13 characters of
// a-z and 2-7) goes.
func ExampleCLI_Run_reap() {
	dir, err := os.MkdirTemp("", "example-reap-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	old := time.Now().Add(-48 * time.Hour)
	for _, name := range []string{"tmpabcdefghijklm", "tmp.abcdefghij", "notes.txt"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			fmt.Println(err)
			return
		}
		if err := os.Chtimes(p, old, old); err != nil {
			fmt.Println(err)
			return
		}
	}
	c := &cli.CLI{Stdout: os.Stdout, Stderr: os.Stdout, Dir: dir}
	status := c.Run([]string{"reap", "--older-than", "1d", "."})
	fmt.Println("exit status", status)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println("kept", e.Name())
	}
	// Output:
	// tmpabcdefghijklm
	// exit status 0
	// kept notes.txt
	// kept tmp.abcdefghij
}
