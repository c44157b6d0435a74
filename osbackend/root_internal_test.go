package osbackend

import (
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newOnly is an option that applies to New only, as a future one may: no
// exported option is refused by OpenRoot today.
var newOnly = option{name: "WithNewOnly", s: 1 << 7, to: forNew, f: func(c *config) { c.tempDirs = []string{"set by WithNewOnly"} }}

func TestOptionForNewOnly(t *testing.T) {
	t.Parallel()
	r, err := OpenRoot(t.TempDir(), newOnly)
	assert.Nil(t, r)
	require.ErrorIs(t, err, fs.ErrInvalid)
	assert.Contains(t, err.Error(), "OpenRoot")
	assert.Contains(t, err.Error(), "WithNewOnly")

	assert.Equal(t, []string{"set by WithNewOnly"}, New(newOnly).TempDirs(), "New applies it")
}

func TestOptionForOpenRootOnly(t *testing.T) {
	t.Parallel()
	rootOnly := option{name: "WithRootOnly", s: 1 << 6, to: forOpenRoot, f: func(c *config) { c.tempDirs = []string{"x"} }}
	assert.NotEqual(t, []string{"x"}, New(rootOnly).TempDirs(), "New ignores an option that does not apply to it")
	r, err := OpenRoot(t.TempDir(), rootOnly)
	require.NoError(t, err)
	defer r.Close()
	assert.Equal(t, []string{"x"}, r.TempDirs())
}

func TestRel(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":            ".",
		".":           ".",
		"/":           ".",
		"//":          ".",
		"/.":          ".",
		"/..":         ".",
		"/tmp/x":      "tmp/x",
		"tmp/x/":      "tmp/x",
		"a/../b":      "b",
		"/a/../../b":  "b",
		"../x":        "../x",
		"a/../../x":   "../x",
		"./a//b/./c/": "a/b/c",
	} {
		assert.Equal(t, filepath.FromSlash(want), rel(in), "rel(%q)", in)
	}
}
