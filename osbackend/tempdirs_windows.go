package osbackend

import (
	"os"
	"path/filepath"
	"strings"
)

// platformTempDirs returns Windows' candidates, as FS.TempDirs documents
// them, each once.
func platformTempDirs() []string {
	dirs := []string{os.TempDir()}
	dirs = append(dirs, envDirs("TMP", "TEMP")...)
	if d := os.Getenv("LOCALAPPDATA"); d != "" {
		dirs = append(dirs, filepath.Join(d, "Temp"))
	}
	dirs = append(dirs, envDirs("USERPROFILE")...)
	if d := os.Getenv("SystemRoot"); d != "" {
		dirs = append(dirs, filepath.Join(d, "Temp"))
	}
	var out []string
	seen := map[string]bool{}
	for _, d := range dirs {
		key := strings.ToLower(strings.TrimRight(filepath.Clean(d), `\/`))
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, d)
	}
	return out
}
