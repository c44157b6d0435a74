package readme_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// The first ```go block of README.md is a whole program.
var goBlock = regexp.MustCompile("(?s)```go\n(.*?)```")

func TestQuickStartCompiles(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	readme, err := os.ReadFile("../../../README.md")
	require.NoError(t, err)
	m := goBlock.FindSubmatch(readme)
	require.NotNil(t, m, "README.md has a ```go block")

	// Build it as a package of this module without writing into the
	// source tree: an overlay maps a directory that does not exist to the
	// extracted file.
	tmp := t.TempDir()
	src := filepath.Join(tmp, "main.go")
	require.NoError(t, os.WriteFile(src, m[1], 0o600))
	wd, err := os.Getwd()
	require.NoError(t, err)
	virtual := filepath.Join(wd, "quickstart", "main.go")
	overlay, err := json.Marshal(map[string]any{"Replace": map[string]string{virtual: src}})
	require.NoError(t, err)
	overlayFile := filepath.Join(tmp, "overlay.json")
	require.NoError(t, os.WriteFile(overlayFile, overlay, 0o600))

	cmd := exec.Command("go", "build", "-overlay", overlayFile, "-o", os.DevNull, "./quickstart")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the README quick start does not compile:\n%s", out)
}
