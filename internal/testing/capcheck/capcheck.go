// Package capcheck holds filesystems to vfs's one list of capabilities
// ([vfs.Capabilities]): [Check] says whether a filesystem implements
// every capability but those it declares hidden, and [Types] finds the
// filesystem types that a package declares, so that a test can check each
// of them and notice one that it does not know. A test wraps a base that
// has every capability (membackend.New(), osbackend.New()) with each
// wrapper and checks the result; a capability added to the list then
// fails the test of every wrapper that does not forward it.
//
// The package imports neither testing nor testify: each function returns
// an error for the test to report.
package capcheck

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tempvfs/tempvfs/vfs"
)

// Hidden maps the name of a capability ("vfs.RemoveTreeFS", as
// [vfs.Capability.Name] gives it) to the reason why a filesystem does not
// implement it.
type Hidden map[string]string

// Hide returns the Hidden that hides each of names for reason.
func Hide(reason string, names ...string) Hidden {
	h := Hidden{}
	for _, n := range names {
		h[n] = reason
	}
	return h
}

// HideAllBut returns the Hidden that hides every capability but keep, for
// reason.
func HideAllBut(reason string, keep ...string) Hidden {
	h := Hidden{}
	for _, c := range vfs.Capabilities() {
		if !slices.Contains(keep, c.Name()) {
			h[c.Name()] = reason
		}
	}
	return h
}

// With returns a copy of h that hides, in addition, each of names for
// reason.
func (h Hidden) With(reason string, names ...string) Hidden {
	out := Hidden{}
	for n, r := range h {
		out[n] = r
	}
	for _, n := range names {
		out[n] = reason
	}
	return out
}

// Without returns a copy of h that no longer hides names.
func (h Hidden) Without(names ...string) Hidden {
	out := Hidden{}
	for n, r := range h {
		if !slices.Contains(names, n) {
			out[n] = r
		}
	}
	return out
}

// Check returns nil if fsys implements every capability of
// [vfs.Capabilities] except those in hidden, and none of those. Otherwise
// it returns an error with one line per capability that fsys lacks
// without a reason, per capability that it has although hidden says it
// hides it (a reason gone stale), and per entry of hidden that names no
// capability or gives no reason.
func Check(fsys vfs.Fs, hidden Hidden) error {
	var errs []error
	known := map[string]bool{}
	for _, c := range vfs.Capabilities() {
		known[c.Name()] = true
		_, hide := hidden[c.Name()]
		switch has := c.ImplementedBy(fsys); {
		case !has && !hide:
			errs = append(errs, fmt.Errorf("%T does not implement %s (%s): forward it, or hide it with a reason", fsys, c.Name(), c.Summary))
		case has && hide:
			errs = append(errs, fmt.Errorf("%T implements %s, which it is said to hide (%q)", fsys, c.Name(), hidden[c.Name()]))
		}
	}
	for _, n := range sortedKeys(hidden) {
		switch {
		case !known[n]:
			errs = append(errs, fmt.Errorf("%T: %q is hidden but is no capability of vfs.Capabilities", fsys, n))
		case strings.TrimSpace(hidden[n]) == "":
			errs = append(errs, fmt.Errorf("%T hides %s with no reason", fsys, n))
		}
	}
	return errors.Join(errs...)
}

func sortedKeys(h Hidden) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// fsNames are the names of the types that make a struct that embeds one
// of them a filesystem: vfs.Fs and afero.Fs, membackend's, osbackend's
// and sftpbackend's FS, afero.OsFs.
var fsNames = []string{"Fs", "FS", "OsFs"}

// Types returns the names, sorted, of the struct types that the Go files
// in dir declare (test files and files of every build constraint
// included) and that are, or wrap, a filesystem: those that embed a type
// named Fs, FS or OsFs of any package (a pointer or not), those that
// embed another type found so, and those that declare an OpenFile method.
func Types(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	embeds := map[string][]string{} // struct type -> the names of the types it embeds
	openFile := map[string]bool{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					names := []string{}
					for _, field := range st.Fields.List {
						if len(field.Names) == 0 {
							names = append(names, typeName(field.Type))
						}
					}
					embeds[ts.Name.Name] = names
				}
			case *ast.FuncDecl:
				if d.Recv != nil && len(d.Recv.List) == 1 && d.Name.Name == "OpenFile" {
					openFile[typeName(d.Recv.List[0].Type)] = true
				}
			}
		}
	}
	found := map[string]bool{}
	for t := range embeds {
		if openFile[t] || slices.ContainsFunc(embeds[t], func(n string) bool { return slices.Contains(fsNames, n) }) {
			found[t] = true
		}
	}
	for grew := true; grew; {
		grew = false
		for t, names := range embeds {
			if !found[t] && slices.ContainsFunc(names, func(n string) bool { return found[n] }) {
				found[t] = true
				grew = true
			}
		}
	}
	out := make([]string, 0, len(found))
	for t := range found {
		out = append(out, t)
	}
	slices.Sort(out)
	return out, nil
}

// typeName returns the name of the type that e denotes, without its
// package, a pointer or type arguments: "FS" for *membackend.FS.
func typeName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return typeName(x.X)
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return typeName(x.X)
	case *ast.IndexListExpr:
		return typeName(x.X)
	}
	return ""
}
