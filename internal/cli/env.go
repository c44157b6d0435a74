package cli

import (
	"runtime"
	"strings"
)

// envKeyEqual reports whether two environment variable names are the
// same variable: case matters everywhere but on Windows.
func envKeyEqual(a, b string) bool {
	if runtime.GOOS == "windows" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// setEnv returns env with key set to value, every earlier entry for key
// removed.
func setEnv(env []string, key, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if k, _, ok := strings.Cut(kv, "="); ok && envKeyEqual(k, key) {
			continue
		}
		out = append(out, kv)
	}
	return append(out, key+"="+value)
}
