package vfs_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/capcheck"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/sftpbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// The list holds every optional interface of the package, and afero's
// three that make up afero.Symlinker, each once.
func TestCapabilitiesAreTheInterfaces(t *testing.T) {
	t.Parallel()
	var want []string
	for _, name := range exportedInterfaces(t) {
		want = append(want, "vfs."+name)
	}
	want = append(want, "afero.Lstater", "afero.Linker", "afero.LinkReader")

	var got []string
	for _, c := range vfs.Capabilities() {
		got = append(got, c.Name())
		assert.Equal(t, reflect.Interface, c.Type.Kind(), "%s is an interface", c.Name())
		assert.NotEmpty(t, c.Summary, c.Name())
		assert.NotEmpty(t, c.Helpers, c.Name())
		assert.NotEmpty(t, c.Without, c.Name())
	}
	assert.ElementsMatch(t, want, got, "every optional interface, once: add a new one to vfs.Capabilities")

	var symlinker []string
	for _, c := range vfs.Capabilities() {
		if c.Type.PkgPath() != reflect.TypeFor[vfs.ExclusiveFS]().PkgPath() {
			assert.True(t, reflect.TypeFor[afero.Symlinker]().Implements(c.Type), "%s is part of afero.Symlinker", c.Name())
			symlinker = append(symlinker, c.Name())
		}
	}
	assert.Len(t, symlinker, 3, "afero.Symlinker is the three of afero's")
}

// exportedInterfaces returns the exported interface types that the
// package's own files declare.
func exportedInterfaces(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var names []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, s := range g.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.IsExported() {
					if _, ok := ts.Type.(*ast.InterfaceType); ok {
						names = append(names, ts.Name.Name)
					}
				}
			}
		}
	}
	require.NotEmpty(t, names)
	return names
}

// Each helper that takes a filesystem uses one capability, and the list
// names every one of them: nilFSCalls and nilFSExempt hold every such
// helper (TestNilFSCoversEveryHelper).
func TestCapabilitiesNameEveryHelper(t *testing.T) {
	t.Parallel()
	var listed []string
	for _, c := range vfs.Capabilities() {
		listed = append(listed, c.Helpers...)
	}
	var helpers []string
	for h := range nilFSCalls {
		helpers = append(helpers, h)
	}
	for h := range nilFSExempt {
		helpers = append(helpers, h)
	}
	assert.ElementsMatch(t, helpers, listed, "each helper that takes a Fs is in the Helpers of one capability")
}

func TestCapabilitiesFresh(t *testing.T) {
	t.Parallel()
	a := vfs.Capabilities()
	a[0].Helpers[0] = "changed"
	a[1] = vfs.Capability{}
	b := vfs.Capabilities()
	assert.NotEqual(t, "changed", b[0].Helpers[0])
	assert.NotNil(t, b[1].Type)
}

func TestCapabilityImplementedBy(t *testing.T) {
	t.Parallel()
	for _, c := range vfs.Capabilities() {
		assert.False(t, c.ImplementedBy(nil), "%s: a nil Fs implements nothing", c.Name())
		assert.True(t, c.ImplementedBy(&recorder{}), "%s: recorder implements every capability", c.Name())
		assert.True(t, c.ImplementedBy((*membackend.FS)(nil)), "%s: a nil pointer is judged by its type", c.Name())
		assert.False(t, c.ImplementedBy(plain{afero.NewMemMapFs()}), "%s: plain hides every capability", c.Name())
	}
}

// docTable returns the rows of the table in doc.go that begins with the
// line header, each split into its columns, without the header and the
// line of dashes under it.
func docTable(t *testing.T, header string) [][]string {
	t.Helper()
	src, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	lines := strings.Split(string(src), "\n")
	start := slices.Index(lines, "//\t"+header)
	require.NotEqual(t, -1, start, "doc.go has a table whose first line is %q", header)
	cols := regexp.MustCompile(`\s{2,}`)
	var rows [][]string
	for _, l := range lines[start+2:] {
		row, ok := strings.CutPrefix(l, "//\t")
		if !ok {
			break
		}
		rows = append(rows, cols.Split(strings.TrimSpace(row), -1))
	}
	return rows
}

// shortName is a capability's name as the tables in doc.go spell it:
// without "vfs." for the package's own.
func shortName(c vfs.Capability) string { return strings.TrimPrefix(c.Name(), "vfs.") }

// The table in the package documentation is the list, in its order.
func TestCapabilitiesDocTable(t *testing.T) {
	t.Parallel()
	rows := docTable(t, "capability                             interface          helper                      without it")
	var want [][]string
	for _, c := range vfs.Capabilities() {
		want = append(want, []string{c.Summary, shortName(c), strings.Join(c.Helpers, ", "), c.Without})
	}
	if !assert.Equal(t, want, rows, "doc.go's table of capabilities is vfs.Capabilities") {
		var b strings.Builder
		for _, r := range want {
			fmt.Fprintf(&b, "//\t%-37s  %-17s  %-26s  %s\n", r[0], r[1], r[2], r[3])
		}
		t.Logf("the rows vfs.Capabilities gives:\n%s", b.String())
	}
}

// The table of backends has a row per capability, in the list's order,
// and says "-" exactly where a backend does not implement the interface.
// osbackend's types have the same methods on every system (osbackend's
// TestSameAPIOnEveryGOOS), so what this system's FS implements holds for
// the three columns of FS.
func TestCapabilitiesBackendTable(t *testing.T) {
	t.Parallel()
	rows := docTable(t, "interface          Linux         other Unix    Windows           Root          membackend  sftpbackend")
	backends := []struct {
		column string
		index  []int // the columns that describe it
		fsys   vfs.Fs
	}{
		{"osbackend.FS", []int{1, 2, 3}, osbackend.New()},
		{"osbackend.Root", []int{4}, (*osbackend.Root)(nil)},
		{"membackend", []int{5}, membackend.New()},
		{"sftpbackend", []int{6}, (*sftpbackend.FS)(nil)},
	}
	caps := vfs.Capabilities()
	require.Len(t, rows, len(caps), "a row per capability")
	for i, c := range caps {
		row := rows[i]
		require.Len(t, row, 7, "row %q has a column per backend", row)
		assert.Equal(t, shortName(c), row[0], "row %d is %s, as in vfs.Capabilities", i+1, c.Name())
		for _, b := range backends {
			for _, col := range b.index {
				if c.ImplementedBy(b.fsys) {
					assert.NotEqual(t, "-", row[col], "%s implements %s: the cell is not \"-\"", b.column, c.Name())
				} else {
					assert.Equal(t, "-", row[col], "%s does not implement %s: the cell is \"-\"", b.column, c.Name())
				}
			}
		}
	}
}

// testFilesystems are the filesystem types of this package's tests, each
// made around a base with every capability, with the capabilities it
// hides on purpose and why: most stand for a filesystem that lacks them,
// so that the helpers' fallbacks are tested.
var testFilesystems = map[string]struct {
	newFS  func(base vfs.Fs) vfs.Fs
	hidden capcheck.Hidden
}{
	"plain": {func(b vfs.Fs) vfs.Fs { return plain{b} },
		capcheck.HideAllBut("plain has none of the capabilities: the helpers' fallbacks are under test")},
	"withLink": {func(b vfs.Fs) vfs.Fs { return withLink{b} },
		capcheck.HideAllBut("withLink has hard links alone, for RenameNoReplace's fallback", "vfs.LinkFS")},
	"failRemove": {func(b vfs.Fs) vfs.Fs { return &failRemove{Fs: b} },
		capcheck.HideAllBut("failRemove has none of the capabilities: CreateAnonymous's fallback is under test")},
	"refuseOpen": {func(b vfs.Fs) vfs.Fs { return &refuseOpen{Fs: b} },
		capcheck.HideAllBut("refuseOpen has none of the capabilities: CreateAnonymous's fallback is under test")},
	"tempDirsOf": {func(b vfs.Fs) vfs.Fs { return tempDirsOf{Fs: b} },
		capcheck.HideAllBut("tempDirsOf has its TempDirs alone, for TempDirs to be tested", "vfs.TempDirFS")},
	"wdOf": {func(b vfs.Fs) vfs.Fs { return wdOf{Fs: b} },
		capcheck.HideAllBut("wdOf has its Getwd alone, for Abs to be tested", "vfs.WorkingDirFS")},
	"recorder": {func(b vfs.Fs) vfs.Fs { return &recorder{Fs: b} }, nil},
}

// Each filesystem type of the tests has every capability, but those it
// says it hides, so that a capability added to the list cannot be missed
// by one of them.
func TestTestFilesystemsForwardCapabilities(t *testing.T) {
	t.Parallel()
	types, err := capcheck.Types(".")
	require.NoError(t, err)
	var names []string
	for name := range testFilesystems {
		names = append(names, name)
	}
	assert.ElementsMatch(t, types, names, "every filesystem type of the package is in testFilesystems")

	base := membackend.New()
	require.NoError(t, capcheck.Check(base, nil), "the base has every capability")
	for name, tf := range testFilesystems {
		assert.NoError(t, capcheck.Check(tf.newFS(base), tf.hidden), name)
	}
}
