package osbackend_test

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// An entry of a snapshot: what a change outside the root would show.
type entry struct {
	mode  fs.FileMode
	size  int64
	mtime time.Time
	sum   [32]byte // of a regular file's bytes, or a link's target
	owner string   // uid:gid where the system has them
}

// snapshot describes every entry under dir except the subtree skip.
func snapshot(t *testing.T, dir, skip string) map[string]entry {
	t.Helper()
	snap := map[string]entry{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == skip {
			return filepath.SkipDir
		}
		fi, err := os.Lstat(path)
		if err != nil {
			return err
		}
		e := entry{mode: fi.Mode(), size: fi.Size(), mtime: fi.ModTime(), owner: ownerOf(fi)}
		switch {
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			e.sum = sha256.Sum256(b)
		case fi.Mode()&fs.ModeSymlink != 0:
			s, err := os.Readlink(path)
			if err != nil {
				return err
			}
			e.sum = sha256.Sum256([]byte(s))
		}
		snap[path] = e
		return nil
	})
	require.NoError(t, err)
	return snap
}

// arena is a host directory holding the root and, beside it, outside/:
// files that no call through the root may change, and links planted in
// the root that lead to them.
type arena struct {
	host, rootDir, outside string
	r                      *osbackend.Root
	noLinks                string // why the arena has no links, if it has none
}

func newArena(t *testing.T) *arena {
	t.Helper()
	a := newBareArena(t)
	skip, err := trySymlink("secret", filepath.Join(a.outside, "lnk"))
	if skip != "" {
		a.noLinks = skip
		return a
	}
	require.NoError(t, err)
	// Links in the root that lead out: to the directory outside and to
	// the file secret, absolute and relative, directly and in a chain.
	for link, target := range map[string]string{
		"abs":        a.outside,
		"rel":        "../outside",
		"in/deep":    "../../outside",
		"chain":      "rel",
		"absfile":    filepath.Join(a.outside, "secret"),
		"relfile":    "../outside/secret",
		"chainfile":  "rel/secret",
		"selfabs":    a.rootDir, // absolute, to the root itself: never followed
		"in/dotdot":  "..",      // the root: fine
		"in/escape2": "../..",   // the host dir
	} {
		symlink(t, target, filepath.Join(a.rootDir, link))
	}
	return a
}

// newBareArena is an arena without links.
func newBareArena(t *testing.T) *arena {
	t.Helper()
	host := t.TempDir()
	a := &arena{host: host, rootDir: filepath.Join(host, "root"), outside: filepath.Join(host, "outside")}
	for _, d := range []string{a.rootDir, a.outside, filepath.Join(a.outside, "sub"), filepath.Join(a.outside, "d")} {
		require.NoError(t, os.Mkdir(d, 0o755))
	}
	for name, data := range map[string]string{
		"secret": "secret", "sub/file": "file", "d/x": "x", "f": "f", "a": "a", "b": "b", "w": "w",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(a.outside, name), []byte(data), 0o640))
	}
	require.NoError(t, os.Mkdir(filepath.Join(a.rootDir, "in"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(a.rootDir, "local"), []byte("local"), 0o600))
	r, err := osbackend.OpenRoot(a.rootDir)
	require.NoError(t, err)
	t.Cleanup(func() { r.Close() })
	a.r = r
	return a
}

// The routes out of the root: to outside/ (dirRoutes) and to
// outside/secret (fileRoutes).
var (
	dirRoutes  = []string{"../outside", "a/../../outside", "abs", "rel", "/rel", "in/deep", "chain", "in/escape2/outside", "in/dotdot/rel", "in/dotdot/in/deep", "selfabs"}
	fileRoutes = []string{"../outside/secret", "absfile", "relfile", "chainfile", "abs/secret", "rel/secret", "in/deep/secret", "in/escape2/outside/secret", "rel/lnk", "abs/sub/../secret"}
)

// The routes that lead out through ".." alone, with no link.
var (
	dotDotDirRoutes  = dirRoutes[:2]
	dotDotFileRoutes = fileRoutes[:1]
)

// attack is a method called with a name made from a route out.
type attack struct {
	name string
	dir  func(r *osbackend.Root, d string) error // d leads to outside/
	file func(r *osbackend.Root, f string) error // f leads to outside/secret
}

func rootAttacks() []attack {
	j := filepath.Join
	type R = *osbackend.Root
	opened := func(f vfs.File, err error) error {
		if f != nil {
			f.Write([]byte("attacker"))
			f.Close()
		}
		return err
	}
	return []attack{
		{name: "Open",
			dir:  func(r R, d string) error { return opened(r.Open(d)) },
			file: func(r R, f string) error { return opened(r.Open(f)) }},
		{name: "OpenFile(O_RDWR|O_TRUNC)",
			dir:  func(r R, d string) error { return opened(r.OpenFile(j(d, "f"), os.O_RDWR|os.O_TRUNC, 0)) },
			file: func(r R, f string) error { return opened(r.OpenFile(f, os.O_RDWR|os.O_TRUNC, 0)) }},
		{name: "OpenFile(O_CREATE)",
			dir:  func(r R, d string) error { return opened(r.OpenFile(j(d, "new"), os.O_RDWR|os.O_CREATE, 0o666)) },
			file: func(r R, f string) error { return opened(r.OpenFile(f, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o666)) }},
		{name: "Create",
			dir:  func(r R, d string) error { return opened(r.Create(j(d, "a"))) },
			file: func(r R, f string) error { return opened(r.Create(f)) }},
		{name: "CreateExclusive",
			dir:  func(r R, d string) error { return opened(r.CreateExclusive(j(d, "new"), 0o666)) },
			file: func(r R, f string) error { return opened(r.CreateExclusive(f, 0o666)) }},
		{name: "CreateAnonymous",
			dir: func(r R, d string) error { return opened(r.CreateAnonymous(d, 0o600)) }},
		{name: "tempfile.CreateTemp",
			dir: func(r R, d string) error { return opened(tempfile.CreateTemp(r, d, "")) }},
		// WriteFile onto a link replaces the link itself, in the root,
		// which is no escape: the directory routes are the attack.
		{name: "tempfile.WriteFile",
			dir: func(r R, d string) error { return tempfile.WriteFile(r, j(d, "w"), []byte("attacker"), 0o666) }},
		{name: "Mkdir",
			dir:  func(r R, d string) error { return r.Mkdir(j(d, "new"), 0o777) },
			file: func(r R, f string) error { return r.Mkdir(j(f, "new"), 0o777) }},
		{name: "MkdirAll",
			dir: func(r R, d string) error { return r.MkdirAll(j(d, "new", "deeper"), 0o777) }},
		{name: "Remove",
			dir: func(r R, d string) error { return r.Remove(j(d, "secret")) }},
		{name: "RemoveAll",
			dir: func(r R, d string) error { return r.RemoveAll(j(d, "sub")) }},
		{name: "RemoveAllFile",
			dir: func(r R, d string) error { return r.RemoveAll(j(d, "secret")) }},
		{name: "RemoveTree",
			dir: func(r R, d string) error { return r.RemoveTree(j(d, "sub")) }},
		{name: "RemoveTreeFile",
			dir: func(r R, d string) error { return r.RemoveTree(j(d, "secret")) }},
		{name: "RenameOut",
			dir: func(r R, d string) error { return r.Rename("local", j(d, "secret")) }},
		{name: "RenameIn",
			dir: func(r R, d string) error { return r.Rename(j(d, "secret"), "stolen") }},
		{name: "RenameNoReplaceOut",
			dir: func(r R, d string) error { return r.RenameNoReplace("local", j(d, "new")) }},
		{name: "RenameNoReplaceIn",
			dir: func(r R, d string) error { return r.RenameNoReplace(j(d, "secret"), "stolen") }},
		{name: "LinkOut",
			dir: func(r R, d string) error { return r.Link("local", j(d, "new")) }},
		{name: "LinkIn",
			dir: func(r R, d string) error { return r.Link(j(d, "secret"), "stolen") },
			file: func(r R, f string) error {
				// The link itself may be linked when it is the last
				// element; what it leads to must stay unreachable.
				if err := r.Link(f, "stolen"); err != nil {
					return err
				}
				return opened(r.OpenFile("stolen", os.O_RDWR|os.O_TRUNC, 0))
			}},
		{name: "Symlink",
			dir: func(r R, d string) error { return r.SymlinkIfPossible("x", j(d, "new")) }},
		{name: "Chmod",
			dir:  func(r R, d string) error { return r.Chmod(d, 0o777) },
			file: func(r R, f string) error { return r.Chmod(f, 0o777) }},
		{name: "Chown",
			dir:  func(r R, d string) error { return r.Chown(d, os.Getuid(), 12345) },
			file: func(r R, f string) error { return r.Chown(f, os.Getuid(), 12345) }},
		{name: "Chtimes",
			dir:  func(r R, d string) error { return r.Chtimes(d, time.Unix(1, 0), time.Unix(1, 0)) },
			file: func(r R, f string) error { return r.Chtimes(f, time.Unix(1, 0), time.Unix(1, 0)) }},
		{name: "Stat",
			dir:  func(r R, d string) error { _, err := r.Stat(d); return err },
			file: func(r R, f string) error { _, err := r.Stat(f); return err }},
		{name: "Lstat",
			dir: func(r R, d string) error { _, err := vfs.Lstat(r, j(d, "secret")); return err }},
		{name: "Readlink",
			dir: func(r R, d string) error { _, err := vfs.Readlink(r, j(d, "lnk")); return err }},
		{name: "SyncDir",
			dir: func(r R, d string) error { return r.SyncDir(d) }},
	}
}

// TestRootAttackPlanted calls every method with names that lead out of
// the root through "..", absolute and relative symbolic links, and
// checks that each fails, names no host path, and that nothing outside
// the root changed or appeared.
func TestRootAttackPlanted(t *testing.T) {
	t.Parallel()
	for _, at := range rootAttacks() {
		t.Run(at.name, func(t *testing.T) {
			t.Parallel()
			a := newArena(t)
			before := snapshot(t, a.host, a.rootDir)
			try := func(kind, route string, call func(*osbackend.Root, string) error) {
				t.Helper()
				err := call(a.r, route)
				if assert.Error(t, err, "%s through %s %q must fail", at.name, kind, route) {
					assert.NotContains(t, err.Error(), a.host, "%s %q: the error names the host's path", at.name, route)
				}
			}
			dirs, files := dirRoutes, fileRoutes
			if a.noLinks != "" {
				// The routes through ".." are still worth trying.
				t.Logf("only the routes through \"..\": %s", a.noLinks)
				dirs, files = dotDotDirRoutes, dotDotFileRoutes
			}
			for _, route := range dirs {
				try("directory route", route, at.dir)
			}
			if at.file != nil {
				for _, route := range files {
					try("file route", route, at.file)
				}
			}
			assert.Equal(t, before, snapshot(t, a.host, a.rootDir), "%s changed something outside the root", at.name)
		})
	}
}

// TestRootAttackSymlinkUse makes links through the Root that lead out
// and then uses them: the Root stores them but never follows them.
func TestRootAttackSymlinkUse(t *testing.T) {
	t.Parallel()
	a := newArena(t)
	if a.noLinks != "" {
		t.Skip(a.noLinks)
	}
	before := snapshot(t, a.host, a.rootDir)
	for i, target := range []string{a.outside, "../outside", "/../outside", filepath.Join(a.outside, "secret"), "../outside/secret", "/"} {
		link := fmt.Sprintf("/mine%d", i)
		rootSymlink(t, a.r, target, link)
		got, err := a.r.ReadlinkIfPossible(link)
		require.NoError(t, err)
		assert.Equal(t, target, got)
		for _, at := range rootAttacks() {
			if at.dir != nil {
				assert.Error(t, at.dir(a.r, link), "%s through the link %s -> %s", at.name, link, target)
			}
			if at.file != nil && at.name != "LinkIn" {
				assert.Error(t, at.file(a.r, link), "%s of the link %s -> %s", at.name, link, target)
			}
		}
	}
	assert.Equal(t, before, snapshot(t, a.host, a.rootDir), "using links made through the Root changed something outside")
}

// TestRootLeadingSeparatorStaysInside checks that "/x" and "/../x" are
// entries of the root, not of the host's "/".
func TestRootLeadingSeparatorStaysInside(t *testing.T) {
	t.Parallel()
	a := newBareArena(t)
	before := snapshot(t, a.host, a.rootDir)
	require.NoError(t, a.r.MkdirAll("/../../outside/sub", 0o700), "/../.. is the root itself")
	require.NoError(t, afero.WriteFile(a.r, "/../outside/sub/file", []byte("inside"), 0o600))
	assert.Equal(t, "inside", readHost(t, filepath.Join(a.rootDir, "outside", "sub", "file")))
	assert.Equal(t, before, snapshot(t, a.host, a.rootDir))
}

// TestRootAttackRace swaps a directory of the root for a link to a
// directory outside, back and forth, while other goroutines create,
// change and remove entries through the root in that directory. Nothing
// outside may change or appear, whichever moment a call sees.
func TestRootAttackRace(t *testing.T) {
	t.Parallel()
	a := newArena(t)
	if a.noLinks != "" {
		t.Skip(a.noLinks)
	}
	swap := filepath.Join(a.rootDir, "swap")
	require.NoError(t, os.Mkdir(swap, 0o755))
	// Outside gets the names the workers use, so that a call that
	// escaped would change them rather than make new ones.
	for _, name := range []string{"x", "y", "tree/z"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(a.outside, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(a.outside, name), []byte(name), 0o640))
	}
	before := snapshot(t, a.host, a.rootDir)

	duration := 1500 * time.Millisecond
	if testing.Short() {
		duration = 300 * time.Millisecond
	}
	stop := make(chan struct{})
	var swaps atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	// The attacker, on the host: exchanges the directory with a link to
	// outside/ (absolute and relative in turn) where the system can swap
	// two names atomically, and otherwise renames it away, puts a link
	// in its place and renames it back.
	links := []string{swap + ".abs", swap + ".rel"}
	symlink(t, a.outside, links[0])
	symlink(t, "../outside", links[1])
	go func() {
		defer wg.Done()
		real := swap + ".real"
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			link := links[i%2]
			if err := exchange(swap, link); err == nil {
				runtime.Gosched()
				if exchange(swap, link) == nil {
					swaps.Add(1)
				}
				continue
			}
			if os.Rename(swap, real) != nil {
				// Something made swap again while it was away (MkdirAll
				// does): put the real one back.
				if _, err := os.Lstat(real); err == nil {
					os.RemoveAll(swap)
					os.Rename(real, swap)
				}
				continue
			}
			target, _ := os.Readlink(link)
			if os.Symlink(target, swap) == nil {
				runtime.Gosched()
				os.Remove(swap)
			}
			os.Rename(real, swap)
			swaps.Add(1)
		}
	}()
	r := a.r
	ops := []func(i int){
		func(int) { f, err := r.Create("swap/x"); closeIf(f, err) },
		func(int) { f, err := r.OpenFile("swap/x", os.O_RDWR|os.O_TRUNC, 0); closeIf(f, err) },
		func(int) { f, err := r.CreateExclusive("swap/y", 0o666); closeIf(f, err) },
		func(int) { f, err := r.CreateAnonymous("swap", 0o600); closeIf(f, err) },
		func(int) { f, err := tempfile.CreateTemp(r, "swap", ""); closeIf(f, err); _ = r.Remove(nameOf(f)) },
		func(int) { _ = tempfile.WriteFile(r, "swap/x", []byte("new"), 0o666) },
		func(int) { _ = r.Chmod("swap/x", 0o777) },
		func(int) { _ = r.Chmod("swap", 0o777) },
		func(int) { _ = r.Chtimes("swap/x", time.Unix(1, 0), time.Unix(1, 0)) },
		func(int) { _ = r.Chown("swap/x", os.Getuid(), 12345) },
		func(int) { _ = r.Mkdir("swap/tree", 0o777) },
		func(int) { _ = r.MkdirAll("swap/tree/deep", 0o777) },
		func(int) { _ = afero.WriteFile(r, "swap/tree/z", []byte("new"), 0o666) },
		func(int) { _ = r.Remove("swap/x") },
		func(int) { _ = r.Remove("swap/y") },
		func(int) { _ = r.RemoveAll("swap/tree") },
		func(int) { _ = r.RemoveTree("swap/tree") },
		func(int) { _ = r.RemoveTree("swap/x") },
		func(int) { _ = r.Rename("swap/x", "swap/y") },
		func(int) { _ = r.Rename("local", "swap/x"); _ = r.Rename("swap/x", "local") },
		func(int) { _ = r.RenameNoReplace("swap/y", "swap/x") },
		func(int) { _ = r.Link("swap/x", "swap/y") },
		func(int) { _ = r.SymlinkIfPossible("x", "swap/y") },
		func(int) { _ = r.SyncDir("swap") },
	}
	var calls atomic.Int64
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				ops[i%len(ops)](i)
				calls.Add(1)
			}
		}()
	}
	time.Sleep(duration)
	close(stop)
	wg.Wait()
	t.Logf("%d swaps, %d calls", swaps.Load(), calls.Load())
	require.Greater(t, swaps.Load(), int64(100), "the attacker hardly swapped")
	assert.Equal(t, before, snapshot(t, a.host, a.rootDir), "a call through the root changed something outside it")
}

func closeIf(f vfs.File, err error) {
	if err == nil {
		f.Write([]byte("attacker"))
		f.Close()
	}
}

func nameOf(f vfs.File) string {
	if f == nil {
		return "none"
	}
	return f.Name()
}
