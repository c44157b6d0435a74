package wine

import (
	"os"
	"strings"
)

// ConformanceSkip returns why the check of package conformance named
// check (as suite.Case.Name names it: "Permission/WriteDenied") cannot
// pass on the operating system's filesystem at dir because of a defect
// of Wine's, for the test to skip it with; it returns "" if the check
// can pass, and always when the process does not run under Wine.
func ConformanceSkip(check, dir string) string {
	v, ok := Version()
	if !ok {
		return ""
	}
	if strings.HasSuffix(check, "Permission/WriteDenied") && ReadOnlyIgnored(dir) {
		return "Wine " + v + " run by the Unix root: the read-only attribute is the Unix file's write bit, which root ignores"
	}
	return ""
}

// ReadOnlyIgnored reports whether a file in dir given the read-only
// attribute (os.Chmod 0o400) can still be opened for writing: so it is
// under Wine run by the Unix root, which keeps the attribute as the Unix
// file's write bit and so lets root write. Windows itself refuses. The
// probe file is removed; false if the probe cannot be made.
func ReadOnlyIgnored(dir string) bool {
	f, err := os.CreateTemp(dir, ".wine-probe-")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	defer os.Remove(name)
	if err := os.Chmod(name, 0o400); err != nil {
		return false
	}
	defer os.Chmod(name, 0o600)
	w, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	w.Close()
	return true
}
