package suite

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// The promises of package tempfile ("go doc tempfile"), quoted.
const (
	tfNames = "tempfile.CreateTemp: The name is made from pattern: the random part replaces the last \"*\", or is appended when pattern has no \"*\". The file's Name is dir, a separator when dir does not end in one, then the name. " +
		"tempfile: Names come from crypto/rand and have at least 60 bits. " +
		"A pattern, prefix or suffix containing '/', the platform's separator, \"..\" or NUL is refused with ErrBadPattern before anything is done, so a name cannot leave its directory."
	tfCollisions = "tempfile.CreateTemp: If the name exists, CreateTemp tries another, up to 10 000 times; any other error ends it at once. " +
		"tempfile.MkdirTemp: If the name exists, MkdirTemp tries another, up to 10 000 times. " +
		"tempfile: All functions are safe for concurrent use, on one filesystem or many, whenever the filesystem is. " +
		"vfs.ExclusiveFS: The call is atomic: of any number of concurrent callers, at most one succeeds."
	tfModes   = "tempfile: Files get mode 0600 and directories 0700 (before umask) unless an option asks for more."
	tfPlanted = "tempfile: Files are created with O_RDWR|O_CREATE|O_EXCL through vfs.CreateExclusive: the file is new, and an entry planted at the chosen name, a symbolic link included, is never followed or opened; another name is tried."
	tfNamed   = "tempfile.File: Close removes the file unless File.Keep was called (or WithKeep given) or the file was moved into place by File.Persist or File.PersistNoClobber. File.Remove removes it in any case."
	tfAnon    = "tempfile.NewAnonymous: NewAnonymous creates a temporary file that no name refers to, opened for reading and writing, as Python's TemporaryFile does. Its storage is freed when it is closed."
	tfCleanup = "tempfile.Dir.Cleanup: Cleanup removes the directory and everything in it, and returns nil once it is gone; calling it again does nothing. " +
		"Cleanup never follows a symbolic link: a link in the tree is removed, not what it points to. " +
		"To remove entries of directories without owner write or search permission, it first adds those permissions to the directory."
	tfPersist = "tempfile.File.Persist: Persist syncs the file's contents and renames it to newpath, replacing anything there, in one atomic step. " +
		"The file stays open, its Name becomes newpath, and Close no longer removes it."
	tfNoClobber = "tempfile.File.PersistNoClobber: PersistNoClobber is File.Persist that never replaces: if anything exists at newpath it fails with an error matching fs.ErrExist and changes nothing. " +
		"On a filesystem that can neither rename without replacing nor make hard links it fails with an error matching errors.ErrUnsupported."
	tfWriteFile = "tempfile.WriteFile: Readers see the old content or the new, never a mix, and on any failure the old content stays byte for byte and no temporary file remains."
	tfPending   = "tempfile.Pending: Always defer Cleanup after creating a Pending: it is a no-op after a successful Commit and otherwise removes the temporary file."
	tfSpooled   = "tempfile.Spooled: Read, Write, Seek, ReadAt, WriteAt, Truncate and Stat behave the same before and after the move, which is called rolling over. Data moves in one pass, with the file offset kept."
	tfTempDir   = "tempfile.TempDir: TempDir tries each in order and returns the first that is a directory in which it can really create a file, which it removes again."
)

// Sizes of the Tempfile checks, small enough to keep the group well under
// a second on an ordinary machine with the race detector.
const (
	tfNamesEach    = 16       // names made one after another, per function
	tfWorkers      = 4        // goroutines making names at once
	tfPerWorker    = 6        // names each goroutine makes, per function
	tfWriteRounds  = 16       // WriteFile calls while readers read
	tfWriteSize    = 32 << 10 // bytes of the first version WriteFile writes
	tfSpoolMaxSize = 16       // the limit of the spooled file that rolls over on Write
)

// The parts of the names that the Names check asks for.
const (
	tfNamePrefix    = "pre-"
	tfNameSuffix    = ".suf"
	tfDirNamePrefix = "dir-"
)

func init() {
	register("Tempfile",
		testCase{name: "Names", promise: tfNames, run: checkTempNames},
		testCase{name: "Collisions", promise: tfCollisions, run: checkTempCollisions},
		testCase{name: "Modes", promise: and(tfModes, contractMode), run: checkTempModes},
		testCase{name: "PlantedSymlink", promise: tfPlanted, needs: capSymlink, run: checkTempPlanted},
		testCase{name: "NamedCleanup", promise: tfNamed, run: checkTempNamed},
		testCase{name: "Anonymous", promise: tfAnon, run: checkTempAnonymous},
		testCase{name: "DirCleanup", promise: tfCleanup, run: checkTempDirCleanup},
		testCase{name: "Persist", promise: tfPersist, run: checkTempPersist},
		testCase{name: "PersistNoClobber", promise: tfNoClobber, run: checkTempNoClobber},
		testCase{name: "WriteFileAtomic", promise: and(tfWriteFile, contractRename), run: checkTempWriteFileAtomic},
		testCase{name: "WriteFileFailure", promise: and(tfWriteFile, tfPending), run: checkTempWriteFileFailure},
		testCase{name: "SpooledRollover", promise: tfSpooled, run: checkTempSpooled},
		testCase{name: "TempDir", promise: tfTempDir, run: checkTempDir},
	)
}

// checkTempNames makes names one after another and from several
// goroutines: each must be new, in the directory, with the pattern's
// prefix and suffix and a random part of the documented shape; the
// directory must list exactly them. Patterns that could leave the
// directory must be refused and create nothing, here or in the parent.
func checkTempNames(t tester, e *env) {
	sub := e.path("sub")
	mkdir(t, e.fsys, sub)
	bad := []string{"../x*", "..", "a/b*", "x*/..", "x\x00y*", "*" + string(filepath.Separator) + "x", "/abs*"}
	for _, p := range bad {
		f, err := tempfile.CreateTemp(e.fsys, sub, p)
		if f != nil {
			f.Close()
		}
		isBadPattern(t, err, "CreateTemp", p)
		_, err = tempfile.MkdirTemp(e.fsys, sub, p)
		isBadPattern(t, err, "MkdirTemp", p)
	}
	for _, opt := range []struct {
		what string
		opt  tempfile.Option
	}{{"WithPrefix(../)", tempfile.WithPrefix("../")}, {"WithSuffix(/x)", tempfile.WithSuffix("/x")}, {"WithPrefix(NUL)", tempfile.WithPrefix("a\x00")}} {
		f, err := tempfile.NewNamed(e.fsys, tempfile.WithDir(sub), opt.opt)
		if f != nil {
			f.Remove()
		}
		isBadPattern(t, err, "NewNamed", opt.what)
		d, err := tempfile.NewDir(e.fsys, tempfile.WithDir(sub), opt.opt)
		if d != nil {
			d.Cleanup()
		}
		isBadPattern(t, err, "NewDir", opt.what)
	}
	assert.Empty(t, names(t, e.fsys, sub), "a refused pattern must create nothing in the directory")
	assert.Equal(t, []string{"sub"}, names(t, e.fsys, e.dir), "a refused pattern must create nothing next to the directory")
	require.NoError(t, e.fsys.Remove(sub))

	var (
		mu   sync.Mutex
		made = map[string]string{} // base name -> "file" or "directory"
	)
	record := func(kind, name, prefix, suffix string) {
		base := filepath.Base(name)
		if filepath.Clean(filepath.Dir(name)) != filepath.Clean(e.dir) {
			t.Errorf("%s %s is not in the directory %s", kind, name, e.dir)
		}
		if !tempfile.IsTempName(base, prefix, suffix) {
			t.Errorf("%s name %q is not %q, %d characters of tempfile.Alphabet, %q", kind, base, prefix, tempfile.DefaultRandomLen, suffix)
		}
		mu.Lock()
		defer mu.Unlock()
		if prev, dup := made[base]; dup {
			t.Errorf("%s %s was made twice (before as a %s)", kind, name, prev)
		}
		made[base] = kind
	}
	makeOne := func() {
		f, err := tempfile.CreateTemp(e.fsys, e.dir, tfNamePrefix+"*"+tfNameSuffix)
		if assert.NoError(t, err, "CreateTemp") {
			record("file", f.Name(), tfNamePrefix, tfNameSuffix)
			assert.NoError(t, f.Close())
		}
		d, err := tempfile.MkdirTemp(e.fsys, e.dir, tfDirNamePrefix)
		if assert.NoError(t, err, "MkdirTemp") {
			record("directory", d, tfDirNamePrefix, "")
		}
	}
	for range tfNamesEach {
		makeOne()
	}
	var wg sync.WaitGroup
	for range tfWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			safely(t, "CreateTemp and MkdirTemp in a goroutine", func() {
				for range tfPerWorker {
					makeOne()
				}
			})
		}()
	}
	wg.Wait()
	want := make([]string, 0, len(made))
	for base := range made {
		want = append(want, base)
	}
	sort.Strings(want)
	assert.Equal(t, want, names(t, e.fsys, e.dir), "the directory must list exactly the names made")
}

func isBadPattern(t tester, err error, op, pattern string) {
	t.Helper()
	if !assert.ErrorIs(t, err, tempfile.ErrBadPattern, "%s with %q", op, pattern) {
		return
	}
	var pe *fs.PathError
	assert.True(t, errors.As(err, &pe), "%s with %q: error %q (%T) is not an *fs.PathError", op, pattern, err, err)
}

// seqNames is a name source (tempfile.WithNameSource) that gives the
// names seqName(0), seqName(1), ... in turn, so that every call that uses
// a fresh one tries the same names in the same order.
type seqNames struct{ pos int }

func (s *seqNames) Read(p []byte) (int, error) {
	for i := range p {
		k, j := s.pos/tempfile.DefaultRandomLen, s.pos%tempfile.DefaultRandomLen
		p[i] = byte(uint64(k) >> (5 * (tempfile.DefaultRandomLen - 1 - j)) & 31)
		s.pos++
	}
	return len(p), nil
}

// seqName is the random part of the k-th name of a seqNames.
func seqName(k int) string {
	var b strings.Builder
	for j := range tempfile.DefaultRandomLen {
		b.WriteByte(tempfile.Alphabet[uint64(k)>>(5*(tempfile.DefaultRandomLen-1-j))&31])
	}
	return b.String()
}

// checkTempCollisions forces collisions: every call tries the same names
// in the same order, from several goroutines at once. Each call must end
// with a name of its own, and each file must hold what its creator wrote.
func checkTempCollisions(t tester, e *env) {
	const n = tfWorkers * tfPerWorker
	var (
		mu    sync.Mutex
		files = map[string]int{} // name -> the call that made it
		dirs  = map[string]int{}
		wg    sync.WaitGroup
	)
	claim := func(m map[string]int, kind, name string, id int) {
		mu.Lock()
		defer mu.Unlock()
		if prev, dup := m[name]; dup {
			t.Errorf("%s %s was returned to call %d and to call %d: an existing name was taken a second time", kind, name, prev, id)
			return
		}
		m[name] = id
	}
	for w := range tfWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			safely(t, "forced collisions", func() {
				for i := range tfPerWorker {
					id := w*tfPerWorker + i
					f, err := tempfile.CreateTemp(e.fsys, e.dir, "f-*", tempfile.WithNameSource(&seqNames{}))
					if assert.NoError(t, err, "CreateTemp %d", id) {
						_, werr := fmt.Fprintf(f, "call %d", id)
						assert.NoError(t, werr)
						assert.NoError(t, f.Close())
						claim(files, "file", f.Name(), id)
					}
					d, err := tempfile.MkdirTemp(e.fsys, e.dir, "d-*", tempfile.WithNameSource(&seqNames{}))
					if assert.NoError(t, err, "MkdirTemp %d", id) {
						claim(dirs, "directory", d, id)
					}
				}
			})
		}()
	}
	wg.Wait()
	assert.Len(t, files, n, "distinct files made by %d calls", n)
	assert.Len(t, dirs, n, "distinct directories made by %d calls", n)
	for name, id := range files {
		got, err := readAll(e.fsys, name)
		if assert.NoError(t, err) {
			assert.Equal(t, fmt.Sprintf("call %d", id), got, "%s must hold what the call that made it wrote", name)
		}
	}
	var want []string
	for k := range n {
		want = append(want, "d-"+seqName(k), "f-"+seqName(k))
	}
	sort.Strings(want)
	assert.Equal(t, want, names(t, e.fsys, e.dir), "%d calls each trying the same names in order take the first %d", n, n)
}

// umaskOf infers the umask from a directory made with 0777, as the Mode
// group does.
func umaskOf(t tester, e *env) fs.FileMode {
	t.Helper()
	probe := e.path("umask-probe")
	require.NoError(t, e.fsys.Mkdir(probe, 0o777), "setup: mkdir %s", probe)
	fi, err := e.fsys.Stat(probe)
	require.NoError(t, err)
	require.NoError(t, e.fsys.Remove(probe))
	return 0o777 &^ fi.Mode().Perm()
}

func checkTempModes(t tester, e *env) {
	umask := umaskOf(t, e)
	file, dir := e.filePerm(t, 0o600, umask), 0o700&^umask
	perm := func(what, name string, want fs.FileMode) {
		t.Helper()
		fi, err := vfs.Lstat(e.fsys, name)
		if fi != nil && fi.IsDir() && e.windowsModes(t) {
			return // Windows makes a directory with no mode of its own
		}
		if assert.NoError(t, err, "%s: Lstat %s", what, name) {
			assert.Equal(t, want, fi.Mode().Perm(), "%s made %s with mode %v (umask %03o)", what, name, fi.Mode(), umask)
		}
	}
	f, err := tempfile.CreateTemp(e.fsys, e.dir, "")
	require.NoError(t, err, "CreateTemp")
	require.NoError(t, f.Close())
	perm("CreateTemp", f.Name(), file)

	d, err := tempfile.MkdirTemp(e.fsys, e.dir, "")
	require.NoError(t, err, "MkdirTemp")
	perm("MkdirTemp", d, dir)

	named, err := tempfile.NewNamed(e.fsys, tempfile.WithDir(e.dir))
	require.NoError(t, err, "NewNamed")
	perm("NewNamed", named.Name(), file)
	require.NoError(t, named.Close())

	td, err := tempfile.NewDir(e.fsys, tempfile.WithDir(e.dir))
	require.NoError(t, err, "NewDir")
	perm("NewDir", td.Path(), dir)
	require.NoError(t, td.WriteFile("sub/f", []byte("x")))
	perm("Dir.WriteFile", filepath.Join(td.Path(), "sub"), dir)
	perm("Dir.WriteFile", filepath.Join(td.Path(), "sub", "f"), file)
	require.NoError(t, td.Cleanup())

	target := e.path("target")
	require.NoError(t, tempfile.WriteFile(e.fsys, target, []byte("data"), 0o600), "WriteFile")
	perm("WriteFile(0600)", target, file)
}

// checkTempPlanted plants symbolic links at the first name that calls
// with a forced name source try: to a file with content, and dangling.
func checkTempPlanted(t tester, e *env) {
	secret, missing, missingDir := e.path("secret"), e.path("missing"), e.path("missing-dir")
	writeFile(t, e.fsys, secret, "secret")
	for _, c := range []struct {
		what, prefix, target string
		create               func() (string, error)
	}{
		{"CreateTemp, link to a file", "a-", secret, func() (string, error) {
			f, err := tempfile.CreateTemp(e.fsys, e.dir, "a-*", tempfile.WithNameSource(&seqNames{}))
			if err != nil {
				return "", err
			}
			_, werr := f.Write([]byte("attacker"))
			return f.Name(), errors.Join(werr, f.Close())
		}},
		{"CreateTemp, dangling link", "b-", missing, func() (string, error) {
			f, err := tempfile.CreateTemp(e.fsys, e.dir, "b-*", tempfile.WithNameSource(&seqNames{}))
			if err != nil {
				return "", err
			}
			_, werr := f.Write([]byte("attacker"))
			return f.Name(), errors.Join(werr, f.Close())
		}},
		{"NewNamed, link to a file", "c-", secret, func() (string, error) {
			f, err := tempfile.NewNamed(e.fsys, tempfile.WithDir(e.dir), tempfile.WithPrefix("c-"), tempfile.WithNameSource(&seqNames{}), tempfile.WithKeep())
			if err != nil {
				return "", err
			}
			_, werr := f.Write([]byte("attacker"))
			return f.Name(), errors.Join(werr, f.Close())
		}},
		{"MkdirTemp, dangling link", "d-", missingDir, func() (string, error) {
			return tempfile.MkdirTemp(e.fsys, e.dir, "d-*", tempfile.WithNameSource(&seqNames{}))
		}},
	} {
		link := e.path(c.prefix + seqName(0))
		symlink(t, e, c.target, link)
		name, err := c.create()
		if assert.NoError(t, err, "%s: the next name must be used", c.what) {
			assert.Equal(t, e.path(c.prefix+seqName(1)), name, "%s: the name after the planted link", c.what)
		}
		fi, err := vfs.Lstat(e.fsys, link)
		if assert.NoError(t, err, "%s: Lstat %s", c.what, link) {
			assert.Equal(t, fs.ModeSymlink, fi.Mode().Type(), "%s: the planted link %s must stay a link", c.what, link)
		}
	}
	assert.Equal(t, "secret", readFile(t, e.fsys, secret), "the target of a planted link must not change")
	absent(t, e.fsys, missing, "a dangling link's target")
	absent(t, e.fsys, missingDir, "a dangling link's target")
}

func checkTempNamed(t tester, e *env) {
	f, err := tempfile.NewNamed(e.fsys, tempfile.WithDir(e.dir))
	require.NoError(t, err, "NewNamed")
	name := f.Name()
	assert.Equal(t, filepath.Clean(e.dir), filepath.Dir(name), "NewNamed(WithDir) made %s outside the directory", name)
	_, err = f.Write([]byte("data"))
	require.NoError(t, err)
	assert.Equal(t, "data", readFile(t, e.fsys, name), "while it is open, other code can open the file by its Name")
	assert.NoError(t, f.Close(), "Close")
	absent(t, e.fsys, name, "after Close")

	kept, err := tempfile.NewNamed(e.fsys, tempfile.WithDir(e.dir), tempfile.WithKeep())
	require.NoError(t, err, "NewNamed(WithKeep)")
	_, err = kept.Write([]byte("kept"))
	require.NoError(t, err)
	assert.NoError(t, kept.Close(), "Close of a kept file")
	assert.Equal(t, "kept", readFile(t, e.fsys, kept.Name()), "Close must leave a kept file")
	assert.NoError(t, kept.Remove(), "Remove of a kept, closed file")
	absent(t, e.fsys, kept.Name(), "after File.Remove")

	open, err := tempfile.NewNamed(e.fsys, tempfile.WithDir(e.dir))
	require.NoError(t, err, "NewNamed")
	assert.NoError(t, open.Remove(), "Remove of an open file")
	absent(t, e.fsys, open.Name(), "after File.Remove")
	assert.Empty(t, names(t, e.fsys, e.dir), "nothing is left after Close and Remove")
}

func checkTempAnonymous(t tester, e *env) {
	f, err := tempfile.NewAnonymous(e.fsys, tempfile.WithDir(e.dir))
	require.NoError(t, err, "NewAnonymous")
	t.Cleanup(func() { f.Close() })
	_, named := f.(*tempfile.File) // where an open file cannot be removed
	if !named {
		assert.Empty(t, names(t, e.fsys, e.dir), "while it is open, no name may refer to the file")
	}
	_, err = f.Write([]byte("anonymous data"))
	require.NoError(t, err, "Write")
	got := make([]byte, len("anonymous data"))
	_, err = f.ReadAt(got, 0)
	assert.NoError(t, err, "ReadAt")
	assert.Equal(t, "anonymous data", string(got), "the file is opened for reading and writing")
	assert.NoError(t, f.Close(), "Close")
	assert.Empty(t, names(t, e.fsys, e.dir), "nothing is left after Close")
}

// checkTempDirCleanup builds a tree with a read-only subtree and, where
// the filesystem has symbolic links, links out of the tree; Cleanup must
// remove the tree and nothing outside it.
func checkTempDirCleanup(t tester, e *env) {
	d, err := tempfile.NewDir(e.fsys, tempfile.WithDir(e.dir))
	require.NoError(t, err, "NewDir")
	require.NoError(t, d.WriteTree(map[string]string{
		"a.txt":          "A",
		"sub/b.txt":      "B",
		"sub/deep/c.txt": "C",
		"empty/":         "",
		"ro/f.txt":       "F",
		"ro/inner/g.txt": "G",
	}), "setup: Dir.WriteTree")
	ro := filepath.Join(d.Path(), "ro")
	for name, mode := range map[string]fs.FileMode{
		filepath.Join(ro, "f.txt"): 0o400, filepath.Join(ro, "inner", "g.txt"): 0o400,
		filepath.Join(ro, "inner"): 0o500, ro: 0o500,
	} {
		// Restored when the check ends, so that a failed Cleanup leaves a
		// directory that can be removed.
		chmod(t, e, name, mode, 0o700)
	}
	outside := e.path("outside")
	mkdir(t, e.fsys, outside)
	writeFile(t, e.fsys, filepath.Join(outside, "keep.txt"), "keep")
	links := vfs.Symlink(e.fsys, outside, filepath.Join(d.Path(), "link-to-dir"))
	if links == nil {
		require.NoError(t, vfs.Symlink(e.fsys, filepath.Join(outside, "keep.txt"), filepath.Join(d.Path(), "sub", "link-to-file")))
	} else if !errors.Is(links, errors.ErrUnsupported) {
		require.NoError(t, links, "setup: symlink")
	}

	assert.NoError(t, d.Cleanup(), "Cleanup")
	absent(t, e.fsys, d.Path(), "after Cleanup")
	assert.NoError(t, d.Cleanup(), "a second Cleanup")
	assert.Equal(t, []string{"outside"}, names(t, e.fsys, e.dir), "Cleanup removes the directory and nothing beside it")
	assert.Equal(t, []string{"keep.txt"}, names(t, e.fsys, outside), "Cleanup must not follow a link out of the tree")
	assert.Equal(t, "keep", readFile(t, e.fsys, filepath.Join(outside, "keep.txt")), "Cleanup must not follow a link out of the tree")
}

// checkTempSpooled rolls spooled files over, by a write past the limit
// and by Rollover, with the offset inside the data: the data and the
// offset must survive, and the file on the filesystem must have no name.
func checkTempSpooled(t tester, e *env) {
	s, err := tempfile.NewSpooled(e.fsys, tfSpoolMaxSize, tempfile.WithDir(e.dir))
	require.NoError(t, err, "NewSpooled")
	t.Cleanup(func() { s.Close() })
	_, err = s.Write([]byte("0123456789"))
	require.NoError(t, err)
	require.False(t, s.Rolled(), "10 bytes of a spooled file with a limit of %d are in memory", tfSpoolMaxSize)
	_, err = s.Seek(4, io.SeekStart)
	require.NoError(t, err)
	_, err = s.Write([]byte("abcdefghijklmnopqrst"))
	require.NoError(t, err, "a Write past the limit")
	assert.True(t, s.Rolled(), "a Write past the limit rolls over")
	const want = "0123abcdefghijklmnopqrst"
	off, err := s.Seek(0, io.SeekCurrent)
	assert.NoError(t, err)
	assert.Equal(t, int64(len(want)), off, "the offset after the Write that rolled over")
	got := make([]byte, len(want))
	_, err = s.ReadAt(got, 0)
	assert.NoError(t, err, "ReadAt after rollover")
	assert.Equal(t, want, string(got), "the data after rollover")
	if fi, err := s.Stat(); assert.NoError(t, err) {
		assert.Equal(t, int64(len(want)), fi.Size(), "Stat after rollover")
	}

	r, err := tempfile.NewSpooled(e.fsys, 0, tempfile.WithDir(e.dir))
	require.NoError(t, err, "NewSpooled")
	t.Cleanup(func() { r.Close() })
	_, err = r.Write([]byte("hello, world"))
	require.NoError(t, err)
	_, err = r.Seek(3, io.SeekStart)
	require.NoError(t, err)
	require.NoError(t, r.Rollover(), "Rollover")
	assert.True(t, r.Rolled(), "Rolled after Rollover")
	off, err = r.Seek(0, io.SeekCurrent)
	assert.NoError(t, err)
	assert.Equal(t, int64(3), off, "Rollover keeps the offset")
	rest, err := io.ReadAll(r)
	assert.NoError(t, err)
	assert.Equal(t, "lo, world", string(rest), "Read after Rollover continues at the offset")
	_, err = r.WriteAt([]byte("W"), 7)
	assert.NoError(t, err, "WriteAt after Rollover")
	got = make([]byte, len("hello, world"))
	_, err = r.ReadAt(got, 0)
	assert.NoError(t, err)
	assert.Equal(t, "hello, World", string(got), "the data after Rollover and WriteAt")

	if anon, err := vfs.CreateAnonymous(e.fsys, e.dir, 0o600); anonymousRefused(err) {
		// NewAnonymous's named file, as documented, one for each.
		assert.Len(t, names(t, e.fsys, e.dir), 2, "where the filesystem has no anonymous files, each spooled file rolls over to a named one")
	} else {
		require.NoError(t, err, "CreateAnonymous(%s)", e.dir)
		anon.Close()
		assert.Empty(t, names(t, e.fsys, e.dir), "a spooled file rolls over to a file with no name")
	}
	assert.NoError(t, s.Close())
	assert.NoError(t, r.Close())
	assert.Empty(t, names(t, e.fsys, e.dir), "nothing is left after Close")
}

// checkTempDir asks TempDir for the filesystem's temporary directory and
// makes a file there. A filesystem on which none of its candidates is a
// directory has no temporary directory: TempDir fails with ErrNoTempDir,
// as documented, and the check is skipped. This is the usual case for a
// filesystem that is not the operating system's (afero's BasePathFs, an
// in-memory filesystem without /tmp), whose users pass WithDir. When a
// candidate is a directory, TempDir must find a usable one.
func checkTempDir(t tester, e *env) {
	candidates := vfs.TempDirs(e.fsys)
	d, err := tempfile.TempDir(e.fsys)
	if err != nil {
		if !errors.Is(err, tempfile.ErrNoTempDir) {
			t.Errorf("TempDir failed with an error that does not match tempfile.ErrNoTempDir: %v", err)
			return
		}
		var dirs []string
		for _, c := range candidates {
			if fi, err := e.fsys.Stat(c); err == nil && fi.IsDir() {
				dirs = append(dirs, c)
			}
		}
		if len(dirs) == 0 {
			t.Skipf("none of the temporary-directory candidates %q is a directory on %s, so it has no temporary directory: TempDir fails with ErrNoTempDir, and callers pass WithDir", candidates, describe(e.fsys))
		}
		t.Errorf("TempDir found no usable directory although the candidates %q are directories: %v", dirs, err)
		return
	}
	assert.Contains(t, candidates, d, "TempDir returns one of the candidates of vfs.TempDirs")
	fi, err := e.fsys.Stat(d)
	if assert.NoError(t, err, "Stat of TempDir's %s", d) {
		assert.True(t, fi.IsDir(), "TempDir's %s is not a directory: %v", d, fi.Mode())
	}
	f, err := tempfile.CreateTemp(e.fsys, "", "conformance-*")
	require.NoError(t, err, "CreateTemp in TempDir's %s", d)
	name := f.Name()
	t.Cleanup(func() { _ = e.fsys.Remove(name) })
	assert.Equal(t, filepath.Clean(d), filepath.Dir(name), "CreateTemp with an empty dir uses TempDir")
	_, err = f.Write([]byte("data"))
	assert.NoError(t, err)
	assert.NoError(t, f.Close())
	assert.Equal(t, "data", readFile(t, e.fsys, name))
	assert.NoError(t, e.fsys.Remove(name), "Remove of a file in TempDir's %s", d)
	absent(t, e.fsys, name, "after Remove")
}
