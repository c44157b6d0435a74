package osbackend_test

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apiSystems are the systems whose exported API TestSameAPIOnEveryGOOS
// compares, each with an architecture Go supports there.
var apiSystems = []struct{ goos, goarch string }{
	{"linux", "amd64"}, {"android", "arm64"},
	{"darwin", "arm64"}, {"ios", "arm64"},
	{"freebsd", "amd64"}, {"openbsd", "amd64"}, {"netbsd", "amd64"}, {"dragonfly", "amd64"},
	{"solaris", "amd64"}, {"illumos", "amd64"}, {"aix", "ppc64"},
	{"windows", "amd64"},
	{"js", "wasm"}, {"wasip1", "wasm"}, {"plan9", "amd64"},
}

// The package's exported API, what go doc shows, is the same on every
// system: the functions, the types and the methods of each with their
// parameter and result types, the constants and the variables. A method
// that some system cannot offer is there too, returning an error that
// wraps errors.ErrUnsupported (STYLE.md).
func TestSameAPIOnEveryGOOS(t *testing.T) {
	t.Parallel()
	want := packageAPI(t, apiSystems[0].goos, apiSystems[0].goarch)
	require.NotEmpty(t, want)
	for _, sys := range apiSystems[1:] {
		t.Run(sys.goos, func(t *testing.T) {
			t.Parallel()
			got := packageAPI(t, sys.goos, sys.goarch)
			var missing, extra []string
			for _, l := range want {
				if !slices.Contains(got, l) {
					missing = append(missing, l)
				}
			}
			for _, l := range got {
				if !slices.Contains(want, l) {
					extra = append(extra, l)
				}
			}
			assert.Empty(t, missing, "on %s, missing what %s has: add it in a platform file, returning an error that wraps errors.ErrUnsupported", sys.goos, apiSystems[0].goos)
			assert.Empty(t, extra, "on %s only, not on %s", sys.goos, apiSystems[0].goos)
		})
	}
}

// packageAPI returns the exported API of the package in this directory as
// built for goos and goarch, one sorted line per declaration.
func packageAPI(t *testing.T, goos, goarch string) []string {
	t.Helper()
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = goos, goarch, false
	bp, err := ctx.ImportDir(".", 0)
	require.NoError(t, err, "the package's files for %s/%s", goos, goarch)
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(bp.Dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		require.NoError(t, err)
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, bp.ImportPath)
	require.NoError(t, err)

	var api []string
	values := func(kind string, vs []*doc.Value) {
		for _, v := range vs {
			for _, n := range v.Names {
				api = append(api, kind+" "+n)
			}
		}
	}
	funcs := func(fs []*doc.Func) {
		for _, f := range fs {
			recv := ""
			if f.Decl.Recv != nil {
				recv = "(" + node(fset, f.Decl.Recv.List[0].Type) + ") "
			}
			api = append(api, "func "+recv+f.Name+signature(fset, f.Decl.Type))
		}
	}
	values("const", p.Consts)
	values("var", p.Vars)
	funcs(p.Funcs)
	for _, ty := range p.Types {
		api = append(api, "type "+ty.Name)
		values("const", ty.Consts)
		values("var", ty.Vars)
		funcs(ty.Funcs)
		funcs(ty.Methods)
	}
	slices.Sort(api)
	return api
}

// signature prints a function type without its parameter names, which
// may differ from one platform file to another without changing the API.
func signature(fset *token.FileSet, ft *ast.FuncType) string {
	strip := func(fl *ast.FieldList) *ast.FieldList {
		if fl == nil {
			return nil
		}
		out := &ast.FieldList{}
		for _, f := range fl.List {
			for range max(1, len(f.Names)) {
				out.List = append(out.List, &ast.Field{Type: f.Type})
			}
		}
		return out
	}
	return strings.TrimPrefix(node(fset, &ast.FuncType{Params: strip(ft.Params), Results: strip(ft.Results)}), "func")
}

// node prints n as Go source.
func node(fset *token.FileSet, n ast.Node) string {
	var b strings.Builder
	if err := printer.Fprint(&b, fset, n); err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	return b.String()
}
