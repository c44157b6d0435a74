package tempfile

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// takenBy returns the sentence the doc of the option for s must hold:
// the functions of takers that accept s.
func takenBy(s setting) string {
	var fns []string
	for fn, ok := range takers {
		if ok&s != 0 {
			fns = append(fns, "["+fn+"]")
		}
	}
	slices.Sort(fns)
	switch len(fns) {
	case 0:
		return ""
	case 1:
		return "Taken by " + fns[0] + "."
	}
	return "Taken by " + strings.Join(fns[:len(fns)-1], ", ") + " and " + fns[len(fns)-1] + "."
}

// TestOptionDocsNameTheirFunctions: the doc of every With* option names
// exactly the functions that take it, as takers says.
func TestOptionDocsNameTheirFunctions(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("options.go")
	require.NoError(t, err)
	f, err := parser.ParseFile(token.NewFileSet(), "options.go", src, parser.ParseComments)
	require.NoError(t, err)
	docs := map[string]string{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "With") {
			docs[fd.Name.Name] = strings.Join(strings.Fields(fd.Doc.Text()), " ")
		}
	}
	for s, name := range settingNames {
		doc, ok := docs[name]
		if !assert.True(t, ok, "%s has no doc", name) {
			continue
		}
		want := takenBy(s)
		if !assert.NotEmpty(t, want, "no function takes %s", name) {
			continue
		}
		assert.Contains(t, doc, want, "the doc of %s", name)
	}
	for fn := range takers {
		assert.NotContains(t, fn, " ", fn)
	}
}
