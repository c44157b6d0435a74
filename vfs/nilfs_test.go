package vfs_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/vfs"
)

// nilFSCalls calls each helper that takes a filesystem with a nil one.
// Each returns the helper's error.
var nilFSCalls = map[string]func() error{
	"CreateAnonymous": func() error {
		_, err := vfs.CreateAnonymous(nil, "/d", 0o600)
		return err
	},
	"CreateExclusive": func() error {
		_, err := vfs.CreateExclusive(nil, "/d/f", 0o600)
		return err
	},
	"CreatePublishable": func() error {
		_, err := vfs.CreatePublishable(nil, "/d", 0o600)
		return err
	},
	"Publish": func() error {
		return vfs.Publish(nil, nil, "/d/f")
	},
	"Link": func() error {
		return vfs.Link(nil, "/d/a", "/d/b")
	},
	"RenameNoReplace": func() error {
		return vfs.RenameNoReplace(nil, "/d/a", "/d/b")
	},
	"SyncDir": func() error {
		return vfs.SyncDir(nil, "/d")
	},
	"RemoveTree": func() error {
		return vfs.RemoveTree(nil, "/d")
	},
	"Getwd": func() error {
		_, err := vfs.Getwd(nil)
		return err
	},
	"Abs": func() error {
		_, err := vfs.Abs(nil, "/d")
		return err
	},
	"Lstat": func() error {
		_, err := vfs.Lstat(nil, "/d/f")
		return err
	},
	"Symlink": func() error {
		return vfs.Symlink(nil, "/d/a", "/d/b")
	},
	"Readlink": func() error {
		_, err := vfs.Readlink(nil, "/d/f")
		return err
	},
}

// nilFSExempt are the helpers that take a filesystem but are not in
// nilFSCalls, each with the reason.
var nilFSExempt = map[string]string{
	"TempDirs": "returns no error: TestTempDirsNilFS",
}

// A nil filesystem is an error matching fs.ErrInvalid and ErrNilFS, a
// *fs.PathError or *os.LinkError naming the path given, never a panic.
func TestNilFS(t *testing.T) {
	t.Parallel()
	for name, call := range nilFSCalls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var err error
			require.NotPanics(t, func() { err = call() })
			require.Error(t, err)
			assert.ErrorIs(t, err, fs.ErrInvalid)
			assert.ErrorIs(t, err, vfs.ErrNilFS)
			var pe *fs.PathError
			var le *os.LinkError
			switch {
			case errors.As(err, &pe):
				assert.NotEmpty(t, pe.Op)
				assert.Equal(t, strings.ToLower(pe.Op), pe.Op, "the op is lowercase")
				if name != "Getwd" { // it is given no path, and names "."
					assert.True(t, strings.HasPrefix(pe.Path, "/d"), "the error names the path given: %q", pe.Path)
				}
			case errors.As(err, &le):
				assert.Equal(t, strings.ToLower(le.Op), le.Op, "the op is lowercase")
				assert.True(t, strings.HasPrefix(le.New, "/d/"), "the error names the path given: %q", le.New)
			default:
				assert.Fail(t, "neither a *fs.PathError nor an *os.LinkError", "%T: %v", err, err)
			}
		})
	}
}

func TestTempDirsNilFS(t *testing.T) {
	t.Parallel()
	var dirs []string
	require.NotPanics(t, func() { dirs = vfs.TempDirs(nil) })
	assert.Nil(t, dirs, "a nil filesystem has no candidates")
}

// Publish of a nil File fails on any filesystem, whether it publishes or
// not, rather than reach a backend that would call its methods.
func TestPublishNilFile(t *testing.T) {
	t.Parallel()
	for _, fsys := range []vfs.Fs{afero.NewMemMapFs(), &recorder{Fs: afero.NewMemMapFs()}} {
		var err error
		require.NotPanics(t, func() { err = vfs.Publish(fsys, nil, "/f") })
		var le *os.LinkError
		require.ErrorAs(t, err, &le)
		assert.ErrorIs(t, err, fs.ErrInvalid)
		assert.Equal(t, "/f", le.New)
	}
}

// Every exported function of the package whose first parameter is a Fs
// is in nilFSCalls or nilFSExempt, so that a new helper cannot miss the
// nil check unnoticed.
func TestNilFSCoversEveryHelper(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var helpers []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() || len(fn.Type.Params.List) == 0 {
				continue
			}
			if id, ok := fn.Type.Params.List[0].Type.(*ast.Ident); ok && id.Name == "Fs" {
				helpers = append(helpers, fn.Name.Name)
			}
		}
	}
	require.NotEmpty(t, helpers)
	for _, h := range helpers {
		_, called := nilFSCalls[h]
		_, exempt := nilFSExempt[h]
		assert.True(t, called || exempt, "%s takes a Fs: add it to nilFSCalls", h)
	}
}
