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
	"vfs":                       {"internal/randname"},
	"osbackend":                 {"vfs", "internal/unixat", "internal/randname"},
	"membackend":                {"vfs", "internal/osfile"},
	"sftpbackend":               {"vfs", "internal/osfile"}, // and github.com/pkg/sftp (DESIGN.md)
	"tempfile":                  {"vfs", "internal/randname", "internal/sillyrename"},
	"conformance":               {"vfs", "conformance/suite"},
	"internal/cli":              {"vfs", "tempfile", "conformance/suite", "osbackend", "membackend", "internal/unixat", "internal/randname"},
	"cmd/tempvfs":               {"internal/cli"},
	"internal/bench/benchratio": {},
	"internal/testing/layers":   {},
	"internal/testing/readme":   {},
	"internal/testing/faultfs":  {"vfs"},
	// Holds filesystems to vfs's list of capabilities, for tests.
	"internal/testing/capcheck": {"vfs"},

	// The conformance checks without package testing (suite), and the
	// assertions they make, testify's without testing.
	"conformance/suite":            {"vfs", "tempfile", "conformance/internal/assert", "conformance/internal/require"},
	"conformance/internal/assert":  {},
	"conformance/internal/require": {"conformance/internal/assert"},

	// Descriptor-relative operations that osbackend and the command share.
	"internal/unixat": {"internal/sillyrename"},
	// The hidden names of files removed while open (NFS, FUSE), which
	// tempfile's and unixat's removals recognise.
	"internal/sillyrename": {},
	// The one random-name generator and retry loop.
	"internal/randname": {},
	// os.File's rules that the backends' File types follow.
	"internal/osfile": {},
	// Tells tests whether they run under Wine.
	"internal/testing/wine": {},

	// The leak check for tests: a tempfile.Tracker, attached to a filesystem.
	"tempfile/tempfiletest": {"tempfile", "vfs"},
}

// mayImportTesting lists the non-test packages allowed to import testing
// and testify: the faces of checkers for tests. Every other package must
// not depend on either, even indirectly; the command runs the
// conformance checks through package conformance/suite, the checker's
// core, which imports neither (DESIGN.md).
var mayImportTesting = map[string]bool{
	"conformance":           true,
	"tempfile/tempfiletest": true,
}

func isTestingPackage(path string) bool {
	return path == "testing" || strings.HasPrefix(path, "github.com/stretchr/testify")
}

// isTestCode reports whether a program that links the package path links
// test code: package testing, testify and what testify brings along (its
// YAML parser and net/http/httptest). testing/fstest and testing/iotest
// are checkers that do not import testing, and so are not test code.
func isTestCode(path string) bool {
	return isTestingPackage(path) ||
		path == "net/http/httptest" ||
		strings.Contains(path, "yaml") ||
		strings.HasPrefix(path, "github.com/davecgh/go-spew") ||
		strings.HasPrefix(path, "github.com/pmezard/go-difflib") ||
		strings.HasPrefix(path, "github.com/stretchr/objx")
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
		if !mayImportTesting[rel] {
			for _, dep := range p.Deps {
				assert.False(t, isTestingPackage(dep), "non-test code of %s must not depend on %s", rel, dep)
			}
		}
	}
}

// TestCommandLinksNoTestCode checks what the tempvfs binary links, as
// go list -deps ./cmd/tempvfs lists it: no package testing, testify, YAML
// or net/http/httptest, which package conformance's test face would bring.
func TestCommandLinksNoTestCode(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		cmd := exec.Command("go", "list", "-deps", module+"/cmd/tempvfs")
		cmd.Env = append(cmd.Environ(), "GOOS="+goos)
		out, err := cmd.Output()
		require.NoError(t, err, "go list -deps ./cmd/tempvfs (GOOS=%s)", goos)
		deps := strings.Fields(string(out))
		require.Contains(t, deps, module+"/conformance/suite", "GOOS=%s: the command runs the conformance checks", goos)
		assert.NotContains(t, deps, module+"/conformance", "GOOS=%s: the command must use the checks' core, not their testing face", goos)
		for _, dep := range deps {
			assert.False(t, isTestCode(dep), "GOOS=%s: the tempvfs command must not link %s", goos, dep)
		}
	}
}

func TestIsTestCode(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"testing", "github.com/stretchr/testify/assert", "github.com/stretchr/testify/assert/yaml", "go.yaml.in/yaml/v3", "net/http/httptest"} {
		assert.True(t, isTestCode(path), path)
	}
	for _, path := range []string{"testing/fstest", "testing/iotest", "net/http", module + "/conformance/suite"} {
		assert.False(t, isTestCode(path), path)
	}
}

// isTestOrBench reports whether rel, a package of the module, is one that
// only tests (internal/testing/...) or measures (internal/bench/...).
func isTestOrBench(rel string) bool {
	return strings.HasPrefix(rel, "internal/testing/") || strings.HasPrefix(rel, "internal/bench/")
}

// TestInternalOrder: internal/ shows what ships and what does not. The
// packages directly under internal/ are linked into the library or the
// command; those under internal/testing/ only test and those under
// internal/bench/ only measure, so no package that ships depends on them,
// even indirectly.
func TestInternalOrder(t *testing.T) {
	t.Parallel()
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		if isTestOrBench(rel) {
			continue
		}
		for _, dep := range p.Deps {
			if d, ok := strings.CutPrefix(dep, module+"/"); ok {
				assert.False(t, isTestOrBench(d), "%s ships, but depends on %s, which only tests or measures", rel, d)
			}
		}
	}
}
