package layers_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/tempvfs/tempvfs"

// allowed lists, for each package, the project packages it may import.
// A package missing from the map may import none.
var allowed = map[string][]string{
	"vfs":                 {},
	"osbackend":           {"vfs", "internal/unixat"},
	"membackend":          {"vfs"},
	"tempfile":            {"vfs"},
	"conformance":         {"vfs", "tempfile"},
	"internal/cli":        {"vfs", "tempfile", "conformance", "osbackend", "membackend", "internal/unixat"},
	"cmd/tempvfs":         {"internal/cli"},
	"internal/benchratio": {},
	"internal/layers":     {},
	"internal/readme":     {},
	"internal/faultfs":    {"vfs"},

	// Descriptor-relative operations that osbackend and the command share.
	"internal/unixat": {},
	// Tells tests whether they run under Wine.
	"internal/wine": {},

	// The leak check for tests: a tempfile.Tracker, attached to a filesystem.
	"tempfile/tempfiletest": {"tempfile", "vfs"},
}

// mayImportTesting lists the non-test packages allowed to import testing
// and testify.
var mayImportTesting = map[string]bool{
	"conformance":           true,
	"tempfile/tempfiletest": true,
}

// testingThroughConformance lists the non-test packages that may depend
// on testing and testify only because they import conformance (the
// command runs its checks, DESIGN.md); they must not import either
// themselves.
var testingThroughConformance = map[string]bool{"internal/cli": true, "cmd/tempvfs": true}

func isTestingPackage(path string) bool {
	return path == "testing" || strings.HasPrefix(path, "github.com/stretchr/testify")
}

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command("go", "list", "-json", module+"/...").Output()
	require.NoError(t, err)
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		pkgs = append(pkgs, p)
	}
	require.NotEmpty(t, pkgs)
	return pkgs
}

func TestImportDirections(t *testing.T) {
	t.Parallel()
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		allow, known := allowed[rel]
		if !assert.True(t, known, "package %s is not in the layering table", rel) {
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(imp, module+"/")
			assert.Contains(t, allow, dep, "%s must not import %s", rel, dep)
		}
		switch {
		case mayImportTesting[rel]:
		case testingThroughConformance[rel]:
			for _, imp := range p.Imports {
				assert.False(t, isTestingPackage(imp), "non-test code of %s must not import %s", rel, imp)
			}
		default:
			for _, dep := range p.Deps {
				assert.False(t, isTestingPackage(dep), "non-test code of %s must not depend on %s", rel, dep)
			}
		}
	}
}
