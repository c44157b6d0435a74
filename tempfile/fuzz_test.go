package tempfile_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// FuzzPattern: any pattern either fails (with ErrBadPattern, or an error
// of the filesystem that is not "exists") or yields an entry directly
// inside dir whose name is the pattern with its last "*" (or its end)
// replaced by the random part; and nothing else appears in dir or next to
// it.
func FuzzPattern(f *testing.F) {
	for _, s := range []string{"", "*", "foo*bar", "a*b*c", "../x", "x/..", "..", "a\x00b", "/abs*", `a\b*`, "*.txt", strings.Repeat("y", 300), "日本*語"} {
		f.Add(s)
	}
	osDir := filepath.Join(f.TempDir(), "d")
	fss := []struct {
		fsys vfs.Fs
		dir  string
	}{
		{osbackend.New(), osDir},
		{afero.NewMemMapFs(), filepath.FromSlash("/root/d")}, // see the afero-memmap backend
	}
	for _, x := range fss {
		if err := x.fsys.MkdirAll(x.dir, 0o700); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		prefix, suffix := pattern, ""
		if i := strings.LastIndexByte(pattern, '*'); i >= 0 {
			prefix, suffix = pattern[:i], pattern[i+1:]
		} else if pattern == "" {
			prefix = tempfile.DefaultPrefix
		}
		for _, x := range fss {
			for _, mkdir := range []bool{false, true} {
				var name string
				var err error
				if mkdir {
					name, err = tempfile.MkdirTemp(x.fsys, x.dir, pattern)
				} else {
					var file vfs.File
					file, err = tempfile.CreateTemp(x.fsys, x.dir, pattern)
					if err == nil {
						name = file.Name()
						file.Close()
					}
				}
				if err != nil {
					var pe *fs.PathError
					if !errors.As(err, &pe) {
						t.Fatalf("%s: %q: error %v is not an *fs.PathError", x.fsys.Name(), pattern, err)
					}
					if errors.Is(err, fs.ErrExist) {
						t.Fatalf("%s: %q: %v", x.fsys.Name(), pattern, err)
					}
					if !errors.Is(err, tempfile.ErrBadPattern) && strings.ContainsAny(pattern, "/\x00") {
						t.Fatalf("%s: %q: want ErrBadPattern, got %v", x.fsys.Name(), pattern, err)
					}
				} else {
					base := filepath.Base(name)
					if filepath.Dir(name) != x.dir || !strings.HasPrefix(base, prefix) || !strings.HasSuffix(base, suffix) ||
						len(base) != len(prefix)+tempfile.DefaultRandomLen+len(suffix) {
						t.Fatalf("%s: %q gave %q, not in %s with that shape", x.fsys.Name(), pattern, name, x.dir)
					}
					if strings.Contains(pattern, "..") || strings.ContainsAny(pattern, "/\x00") {
						t.Fatalf("%s: %q accepted", x.fsys.Name(), pattern)
					}
				}
				ents, lerr := afero.ReadDir(x.fsys, x.dir)
				if lerr != nil {
					t.Fatal(lerr)
				}
				if err == nil && (len(ents) != 1 || ents[0].Name() != filepath.Base(name)) {
					t.Fatalf("%s: %q: dir holds %d entries, want only %s", x.fsys.Name(), pattern, len(ents), filepath.Base(name))
				}
				if err != nil && len(ents) != 0 {
					t.Fatalf("%s: %q failed but dir holds %s", x.fsys.Name(), pattern, ents[0].Name())
				}
				parent, lerr := afero.ReadDir(x.fsys, filepath.Dir(x.dir))
				if lerr != nil || len(parent) != 1 {
					t.Fatalf("%s: %q: something appeared next to dir (%d entries, %v)", x.fsys.Name(), pattern, len(parent), lerr)
				}
				if err == nil {
					if rerr := x.fsys.Remove(name); rerr != nil {
						t.Fatal(rerr)
					}
				}
			}
		}
	})
}

// FuzzDirJoin: any relative path given to a Dir helper either fails with
// ErrEscape or names an entry inside the directory.
func FuzzDirJoin(f *testing.F) {
	for _, s := range []string{".", "a", "a/b", "../x", "a/../../x", "/abs", "", "a//b", `a\..\b`, "a\x00", "..", "x/.."} {
		f.Add(s)
	}
	d, err := tempfile.NewDir(afero.NewMemMapFs(), tempfile.WithDir("/root"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, rel string) {
		p, err := d.Join(rel)
		if err != nil {
			if !errors.Is(err, tempfile.ErrEscape) {
				t.Fatalf("%q: %v does not match ErrEscape", rel, err)
			}
			return
		}
		r, rerr := filepath.Rel(d.Path(), p)
		if rerr != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
			t.Fatalf("%q gave %q, outside %s", rel, p, d.Path())
		}
		if strings.ContainsRune(p, 0) {
			t.Fatalf("%q gave %q with NUL", rel, p)
		}
	})
}
