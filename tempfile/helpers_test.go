package tempfile_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/wine"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// backend makes a fresh filesystem and an empty directory in it.
type backend struct {
	name  string
	newFS func(t *testing.T) (vfs.Fs, string)
}

// backends are the filesystems every test runs on. A backend that lacks a
// behaviour a test needs is detected by probing (see requireStrictParents,
// requireSymlinks), so adding one here is all it takes.
var backends = []backend{
	{"osbackend", func(t *testing.T) (vfs.Fs, string) {
		return osbackend.New(), t.TempDir()
	}},
	{"osbackend-plain", func(t *testing.T) (vfs.Fs, string) {
		// The OS filesystem without tempvfs's capability interfaces, so
		// that the portable fallbacks of vfs are what tempfile uses.
		return &plainFS{afero.NewOsFs()}, t.TempDir()
	}},
	{"membackend", func(t *testing.T) (vfs.Fs, string) {
		return membackend.New(), "/tmp"
	}},
	{"afero-memmap", func(t *testing.T) (vfs.Fs, string) {
		// In the platform's separators: on Windows a name made in
		// "/work/tmp" is `/work/tmp\x`, as os.MkdirTemp makes it, and
		// MemMapFs's Chmod looks a name up without cleaning it first.
		dir := filepath.FromSlash("/work/tmp")
		fsys := afero.NewMemMapFs()
		require.NoError(t, fsys.MkdirAll(dir, 0o755))
		return fsys, dir
	}},
}

// plainFS hides every optional interface except afero's symlink ones (a
// filesystem with symbolic links must offer Lstat).
type plainFS struct{ afero.Fs }

func (p *plainFS) LstatIfPossible(name string) (fs.FileInfo, bool, error) {
	return p.Fs.(afero.Lstater).LstatIfPossible(name)
}

func (p *plainFS) SymlinkIfPossible(oldname, newname string) error {
	return p.Fs.(afero.Linker).SymlinkIfPossible(oldname, newname)
}

func (p *plainFS) ReadlinkIfPossible(name string) (string, error) {
	return p.Fs.(afero.LinkReader).ReadlinkIfPossible(name)
}

// forEachBackend runs f in a parallel subtest per backend.
func forEachBackend(t *testing.T, f func(t *testing.T, fsys vfs.Fs, dir string)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fsys, dir := b.newFS(t)
			f(t, fsys, dir)
		})
	}
}

// requireSymlinks skips the test if fsys has no symbolic links, or none
// can be made here: on Windows without the privilege, and under Wine,
// whose os.Symlink reports success but makes nothing.
func requireSymlinks(t *testing.T, fsys vfs.Fs, dir string) {
	t.Helper()
	link := filepath.Join(dir, "probe-link")
	err := vfs.Symlink(fsys, "nowhere", link)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("%s has no symbolic links", fsys.Name())
	}
	if errors.Is(err, errPrivilegeNotHeld) {
		t.Skipf("symbolic links need a privilege on Windows: %v", err)
	}
	require.NoError(t, err)
	if _, err := vfs.Lstat(fsys, link); errors.Is(err, fs.ErrNotExist) {
		if v, ok := wine.Version(); ok {
			t.Skipf("Wine %s: os.Symlink reports success but makes no usable link", v)
		}
		t.Fatalf("Symlink %s reported success, but Lstat finds nothing: %v", link, err)
	}
	require.NoError(t, fsys.Remove(link))
}

// requireStrictParents skips the test if fsys creates missing parents or
// lets a file act as a directory (afero's MemMapFs does both).
func requireStrictParents(t *testing.T, fsys vfs.Fs, dir string) {
	t.Helper()
	name := filepath.Join(dir, "no-such-dir", "f")
	f, err := fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		f.Close()
		require.NoError(t, fsys.RemoveAll(filepath.Dir(name)))
		t.Skipf("%s creates missing parent directories", fsys.Name())
	}
}

// listDir returns the sorted names in dir.
func listDir(t *testing.T, fsys vfs.Fs, dir string) []string {
	t.Helper()
	f, err := fsys.Open(dir)
	require.NoError(t, err)
	defer f.Close()
	names, err := f.Readdirnames(-1)
	require.NoError(t, err)
	sort.Strings(names)
	return names
}

func readFile(t *testing.T, fsys vfs.Fs, name string) string {
	t.Helper()
	b, err := afero.ReadFile(fsys, name)
	require.NoError(t, err)
	return string(b)
}

func writeFile(t *testing.T, fsys vfs.Fs, name, data string) {
	t.Helper()
	require.NoError(t, afero.WriteFile(fsys, name, []byte(data), 0o600))
}

// names is a name source that yields, for each name, the bytes of the
// next string in seq (each byte b becomes Alphabet[b%32]), and records how
// many names were drawn. Past the end of seq it repeats the last string.
type names struct {
	mu    sync.Mutex
	seq   []string
	drawn int
	buf   bytes.Reader
}

// alphaBytes maps the random part s (characters of Alphabet) to source
// bytes that produce it.
func alphaBytes(s string) []byte {
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	b := make([]byte, len(s))
	for i := range s {
		b[i] = byte(bytes.IndexByte([]byte(alphabet), s[i]))
	}
	return b
}

// newNames returns a source producing the given random parts, one per name.
func newNames(parts ...string) *names { return &names{seq: parts} }

func (n *names) Read(p []byte) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.buf.Len() == 0 {
		i := min(n.drawn, len(n.seq)-1)
		n.buf.Reset(alphaBytes(n.seq[i]))
		n.drawn++
	}
	return n.buf.Read(p)
}

func (n *names) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.drawn
}

// rep returns c repeated to the default random length.
func rep(c byte) string { return string(bytes.Repeat([]byte{c}, 13)) }

// errReader fails every read.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

var _ io.Reader = errReader{}
