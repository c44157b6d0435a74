package tempfile_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// nilFSCase calls one entry point with a nil filesystem.
type nilFSCase struct {
	op, path string // the op and path the *fs.PathError carries
	call     func() error
}

// nilFSCases are the functions that take a filesystem, each called with a
// nil one. Those that take options are given WithDir where they accept
// it, so that the error is seen to name the directory.
var nilFSCases = map[string]nilFSCase{
	"CreateTemp": {"createtemp", "/d", func() error {
		_, err := tempfile.CreateTemp(nil, "/d", "x*")
		return err
	}},
	"MkdirTemp": {"mkdirtemp", "/d", func() error {
		_, err := tempfile.MkdirTemp(nil, "/d", "x*")
		return err
	}},
	"TempDir": {"tempdir", "", func() error {
		_, err := tempfile.TempDir(nil)
		return err
	}},
	"NewAnonymous": {"createtemp", "/d", func() error {
		_, err := tempfile.NewAnonymous(nil, tempfile.WithDir("/d"))
		return err
	}},
	"NewNamed": {"createtemp", "/d", func() error {
		_, err := tempfile.NewNamed(nil, tempfile.WithDir("/d"))
		return err
	}},
	"NewDir": {"mkdirtemp", "/d", func() error {
		_, err := tempfile.NewDir(nil, tempfile.WithDir("/d"))
		return err
	}},
	"NewSpooled": {"createtemp", "/d", func() error {
		_, err := tempfile.NewSpooled(nil, 10, tempfile.WithDir("/d"))
		return err
	}},
	"NewPool": {"createtemp", "/d", func() error {
		_, err := tempfile.NewPool(nil, tempfile.WithDir("/d"))
		return err
	}},
	"NewPending": {"replace", "/d/t", func() error {
		_, err := tempfile.NewPending(nil, "/d/t", 0o600)
		return err
	}},
	"WriteFile": {"replace", "/d/t", func() error {
		return tempfile.WriteFile(nil, "/d/t", []byte("x"), 0o644)
	}},
	// Without options: the directory would come from TempDir, which
	// is not asked.
	"CreateTemp/NoDir": {"createtemp", "", func() error {
		_, err := tempfile.CreateTemp(nil, "", "")
		return err
	}},
	"NewNamed/NoOptions": {"createtemp", "", func() error {
		_, err := tempfile.NewNamed(nil)
		return err
	}},
	"NewDir/NoOptions": {"mkdirtemp", "", func() error {
		_, err := tempfile.NewDir(nil)
		return err
	}},
}

// A nil filesystem is an *fs.PathError matching fs.ErrInvalid and
// vfs.ErrNilFS, with the function's op and the path given, never a panic.
func TestNilFS(t *testing.T) {
	t.Parallel()
	for name, tc := range nilFSCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var err error
			require.NotPanics(t, func() { err = tc.call() })
			require.Error(t, err)
			assert.ErrorIs(t, err, fs.ErrInvalid)
			assert.ErrorIs(t, err, vfs.ErrNilFS)
			var pe *fs.PathError
			if assert.ErrorAs(t, err, &pe) {
				assert.Equal(t, tc.op, pe.Op)
				assert.Equal(t, tc.path, pe.Path)
			}
		})
	}
}

// TempDir's error for a nil filesystem also matches ErrNoTempDir, as it
// did before it was an *fs.PathError; ResetTempDir of nil does nothing.
func TestTempDirNilFS(t *testing.T) {
	t.Parallel()
	_, err := tempfile.TempDir(nil)
	assert.ErrorIs(t, err, tempfile.ErrNoTempDir)
	assert.NotPanics(t, func() { tempfile.ResetTempDir(nil) })
}

// Bad options are reported before the nil filesystem, as they are before
// anything else.
func TestNilFSBadOptionFirst(t *testing.T) {
	t.Parallel()
	_, err := tempfile.NewNamed(nil, tempfile.WithKeepMode())
	assert.ErrorIs(t, err, fs.ErrInvalid)
	assert.NotErrorIs(t, err, vfs.ErrNilFS)
}

// Every exported function whose first parameter is a vfs.Fs is in
// nilFSCases (or is ResetTempDir, which returns nothing), so that a new
// entry point cannot miss the nil check unnoticed.
func TestNilFSCoversEveryEntryPoint(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var entries []string
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
			if sel, ok := fn.Type.Params.List[0].Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Fs" {
				entries = append(entries, fn.Name.Name)
			}
		}
	}
	require.NotEmpty(t, entries)
	for _, e := range entries {
		_, ok := nilFSCases[e]
		assert.True(t, ok || e == "ResetTempDir", "%s takes a vfs.Fs: add it to nilFSCases", e)
	}
}

// A nil pointer of a filesystem type is not a nil vfs.Fs: it is not
// caught, and the filesystem's own methods run. This test only pins down
// that the documented behaviour is what happens (a panic from the
// backend's method, not from tempfile's checks).
func TestTypedNilFSIsNotNil(t *testing.T) {
	t.Parallel()
	var fsys vfs.Fs = (*plainFS)(nil)
	require.True(t, fsys != nil, "the interface holds a type")
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = errors.New("panicked")
			}
		}()
		_, err = tempfile.CreateTemp(fsys, "/d", "x*")
		return err
	}()
	assert.NotErrorIs(t, err, vfs.ErrNilFS, "a typed nil is not reported as a nil filesystem")
}
