package osbackend_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
)

// Windows' candidates: what GetTempPath2 gives (os.TempDir), then TMP,
// TEMP, %LOCALAPPDATA%\Temp, USERPROFILE and %SystemRoot%\Temp, each
// once, then the working directory; TMPDIR is not Windows'.
func TestTempDirsWindows(t *testing.T) {
	tmp, temp, local, profile := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", `C:\from-tmpdir`)
	t.Setenv("TMP", tmp)
	t.Setenv("TEMP", temp)
	t.Setenv("LOCALAPPDATA", local)
	t.Setenv("USERPROFILE", profile)
	dirs := osbackend.New().TempDirs()
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	assert.Equal(t, os.TempDir(), dirs[0], "what Windows' GetTempPath2 gives first")
	assert.True(t, strings.EqualFold(filepath.Clean(tmp), filepath.Clean(dirs[0])), "GetTempPath2 gives TMP first: %q", dirs[0])
	want := []string{temp, filepath.Join(local, "Temp"), profile}
	if root := os.Getenv("SystemRoot"); root != "" {
		want = append(want, filepath.Join(root, "Temp"))
	}
	assert.Equal(t, append(want, wd), dirs[1:], "TMP once, then TEMP, LOCALAPPDATA, USERPROFILE, SystemRoot, the working directory")
	assert.NotContains(t, dirs, `C:\from-tmpdir`, "TMPDIR is not Windows'")

	// The environment is read on each call; an empty variable is skipped.
	t.Setenv("TMP", "")
	assert.Equal(t, os.TempDir(), osbackend.New().TempDirs()[0])
	assert.True(t, strings.EqualFold(filepath.Clean(temp), filepath.Clean(os.TempDir())), "TEMP when TMP is empty")
}
