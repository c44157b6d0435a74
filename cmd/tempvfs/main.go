// Command tempvfs creates secure temporary files and directories from the
// command line: a drop-in for GNU mktemp, a runner that gives a command a
// private temporary directory and removes it afterwards, a check of a
// temporary directory's safety and filesystem, and a reaper of the stale
// entries tempvfs left behind. Run
// "tempvfs help" for the commands; the documentation is that of package
// github.com/tempvfs/tempvfs/internal/cli.
package main

import (
	"os"

	"github.com/tempvfs/tempvfs/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
