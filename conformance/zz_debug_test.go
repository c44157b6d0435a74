package conformance_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/vfs"
)

func TestDebugPrint(t *testing.T) {
	mem := func() (vfs.Fs, string, func(), error) {
		fsys := afero.NewMemMapFs()
		return fsys, "/tmp/x", nil, fsys.MkdirAll("/tmp/x", 0o700)
	}
	osfs := func() (vfs.Fs, string, func(), error) {
		d, err := os.MkdirTemp("", "conf")
		return afero.NewOsFs(), d, func() { os.RemoveAll(d) }, err
	}
	for _, r := range []conformance.Report{conformance.Check("MemMapFs", mem), conformance.Check("OsFs", osfs)} {
		for _, res := range r.Results {
			msg := res.Message
			if len(msg) > 300 {
				msg = msg[:300]
			}
			fmt.Printf("%s %s %s: %s\n", r.Backend, res.Check, res.Status, msg)
		}
		fmt.Println(conformance.Markdown(r))
	}
}
