package suite

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/vfs"
)

// capOf returns the capability that the interface I stands for.
func capOf[I any](name string) *capability {
	return &capability{name, func(fsys vfs.Fs) bool {
		_, ok := fsys.(I)
		return ok
	}}
}

var (
	capExclusive       = capOf[vfs.ExclusiveFS]("vfs.ExclusiveFS")
	capAnonymous       = capOf[vfs.AnonymousFS]("vfs.AnonymousFS")
	capPublish         = capOf[vfs.PublishFS]("vfs.PublishFS")
	capLink            = capOf[vfs.LinkFS]("vfs.LinkFS")
	capRenameNoReplace = capOf[vfs.RenameNoReplaceFS]("vfs.RenameNoReplaceFS")
	capSyncDir         = capOf[vfs.SyncDirFS]("vfs.SyncDirFS")
	capRemoveTree      = capOf[vfs.RemoveTreeFS]("vfs.RemoveTreeFS")
	capTempDirs        = capOf[vfs.TempDirFS]("vfs.TempDirFS")
)

// The promises of the capability interfaces, quoted from their methods.
const (
	promiseExclusiveFS     = "vfs.ExclusiveFS: CreateExclusive creates the named file with mode perm (before umask) and opens it for reading and writing. If anything exists at name (a file, a directory or a symbolic link, dangling or not), it fails with an error matching fs.ErrExist and changes nothing."
	promiseExclRace        = "vfs.ExclusiveFS: The call is atomic: of any number of concurrent callers, at most one succeeds."
	promiseAnonymous       = "vfs.AnonymousFS: CreateAnonymous creates a regular file in directory dir with mode perm (before umask), opened for reading and writing, that no name in the filesystem refers to once the call returns. The File's Name reports a path in dir that must not be used to reach the file."
	promisePublish         = "vfs.PublishFS: CreatePublishable creates an anonymous file in directory dir that Publish can later link into dir; if the filesystem at dir cannot, it returns an error wrapping errors.ErrUnsupported and creates nothing. Publish gives f the name newname. It never replaces: if anything exists at newname it fails with an error matching fs.ErrExist. f stays open."
	promiseForeign         = "vfs.PublishFS: A File that did not come from CreatePublishable gets an error wrapping errors.ErrUnsupported or fs.ErrInvalid, and no new name; vfs.AnonymousFS: no name in the filesystem refers to a file from CreateAnonymous."
	promiseLink            = "vfs.LinkFS: Link creates newname as a hard link to the file oldname. It never replaces: if anything exists at newname it fails with an *os.LinkError matching fs.ErrExist."
	promiseLinkSymlink     = "vfs.LinkFS: A symbolic link at oldname is linked itself, not followed."
	promiseRemoveTree      = "vfs.RemoveTreeFS: RemoveTree removes name and, if it is a directory (not a symbolic link to one), everything in it, following no symbolic link at any depth: a link is removed, never what it points to. A missing name is not an error."
	promiseRemoveTreeModes = "vfs.RemoveTreeFS: RemoveTree gives a directory of the tree that lacks owner read, write or search permission those permissions, through the directory itself, and removes it with everything in it."
	promiseNoReplace       = "vfs.RenameNoReplaceFS: RenameNoReplace renames oldname to newname in one atomic step, failing with an *os.LinkError matching fs.ErrExist, and changing nothing, if anything exists at newname."
	promiseSyncDir         = "vfs.SyncDirFS: SyncDir commits the entries of directory name to stable storage. A filesystem with no stable storage returns nil."
	promiseTempDirs        = "vfs.TempDirFS: TempDirs returns the directories in which temporary files may be created, best first. vfs.TempDirs: The result is a fresh slice that the caller may change."
)

func init() {
	register("Capability",
		testCase{
			name:    "Exclusive",
			promise: promiseExclusiveFS,
			needs:   capExclusive,
			run: func(t tester, e *env) {
				x := e.fsys.(vfs.ExclusiveFS)
				checkExclusive(t, e, "CreateExclusive", x.CreateExclusive)
				name := e.path("mode")
				f, err := x.CreateExclusive(name, 0o600)
				require.NoError(t, err)
				defer f.Close()
				checkReadWrite(t, f, "CreateExclusive")
				if fi, err := e.fsys.Stat(name); assert.NoError(t, err) {
					assert.Equal(t, e.filePerm(t, 0o600, 0), fi.Mode().Perm(), "CreateExclusive(%s, 0600)", name)
				}
			},
		},
		testCase{
			name:    "ExclusiveRace",
			promise: promiseExclRace,
			needs:   capExclusive,
			run: func(t tester, e *env) {
				checkExclusiveRace(t, e, "CreateExclusive", e.fsys.(vfs.ExclusiveFS).CreateExclusive)
			},
		},
		testCase{
			name:    "Anonymous",
			promise: promiseAnonymous,
			needs:   capAnonymous,
			run: func(t tester, e *env) {
				f, err := e.fsys.(vfs.AnonymousFS).CreateAnonymous(e.dir, 0o600)
				skipAnonymousRefused(t, e, e.dir, err)
				require.NoError(t, err, "CreateAnonymous(%s)", e.dir)
				defer f.Close()
				assert.Empty(t, names(t, e.fsys, e.dir), "CreateAnonymous must leave no name in the directory")
				checkReadWrite(t, f, "CreateAnonymous")
				if fi, err := f.Stat(); assert.NoError(t, err, "Stat of an anonymous file") {
					assert.True(t, fi.Mode().IsRegular(), "an anonymous file's mode %v", fi.Mode())
					assert.Equal(t, e.filePerm(t, 0o600, 0), fi.Mode().Perm(), "CreateAnonymous(%s, 0600)", e.dir)
				}
				assert.Equal(t, filepath.Clean(e.dir), filepath.Dir(f.Name()), "an anonymous file's Name %q must be a path in its directory", f.Name())
				absent(t, e.fsys, f.Name(), "an anonymous file's Name must not reach it")
				assert.NoError(t, f.Close())
				assert.Empty(t, names(t, e.fsys, e.dir), "closing an anonymous file must leave no name")
			},
		},
		testCase{
			name:    "Publish",
			promise: promisePublish,
			needs:   capPublish,
			run:     checkPublish,
		},
		testCase{
			name:    "PublishForeign",
			promise: promiseForeign,
			needs:   capPublish,
			run: func(t tester, e *env) {
				x := e.fsys.(vfs.PublishFS)
				name := e.path("named")
				f := open(t, e.fsys, name, os.O_RDWR|os.O_CREATE|os.O_EXCL)
				newname := e.path("published")
				refused := func(what string, f vfs.File, newname string) {
					t.Helper()
					err := x.Publish(f, newname)
					if assert.Error(t, err, "Publish of a file from %s", what) && !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, fs.ErrInvalid) {
						t.Errorf("Publish of a file from %s: %v matches neither errors.ErrUnsupported nor fs.ErrInvalid", what, err)
					}
					absent(t, e.fsys, newname, "a refused Publish")
				}
				refused("OpenFile", f, newname)
				if _, ok := e.fsys.(vfs.AnonymousFS); ok {
					anon, err := vfs.CreateAnonymous(e.fsys, e.dir, 0o600)
					if !anonymousRefused(err) { // nothing to publish where there is no anonymous file
						require.NoError(t, err, "CreateAnonymous(%s)", e.dir)
						defer anon.Close()
						refused("CreateAnonymous", anon, e.path("anonymous"))
					}
				}
			},
		},
		testCase{
			name:    "Link",
			promise: promiseLink,
			needs:   capLink,
			run: func(t tester, e *env) {
				x := e.fsys.(vfs.LinkFS)
				a, b := e.path("a"), e.path("b")
				writeFile(t, e.fsys, a, "A")
				require.NoError(t, x.Link(a, b), "Link %s %s", a, b)
				assert.Equal(t, "A", readFile(t, e.fsys, b), "the new link")
				f := open(t, e.fsys, b, os.O_WRONLY|os.O_APPEND)
				_, err := f.Write([]byte("B"))
				require.NoError(t, err)
				assert.Equal(t, "AB", readFile(t, e.fsys, a), "a write through one link must show through the other")

				taken := e.path("taken")
				writeFile(t, e.fsys, taken, "old")
				isLinkError(t, x.Link(a, taken), "link "+a+" "+taken, fs.ErrExist)
				assert.Equal(t, "old", readFile(t, e.fsys, taken), "a refused Link must not replace")

				missing, c := e.path("missing"), e.path("c")
				isLinkError(t, x.Link(missing, c), "link "+missing+" "+c, fs.ErrNotExist)
				absent(t, e.fsys, c, "a failed Link")
			},
		},
		testCase{
			name:    "LinkSymlink",
			promise: promiseLinkSymlink,
			needs:   capLink,
			run: func(t tester, e *env) {
				x := e.fsys.(vfs.LinkFS)
				target, link, dangling := e.path("target"), e.path("link"), e.path("dangling")
				writeFile(t, e.fsys, target, "T")
				symlink(t, e, target, link)
				symlink(t, e, e.path("nowhere"), dangling)
				for _, old := range []string{link, dangling} {
					newname := old + "-2"
					if !assert.NoError(t, x.Link(old, newname), "Link %s %s", old, newname) {
						continue
					}
					fi, err := vfs.Lstat(e.fsys, newname)
					if assert.NoError(t, err, "Lstat %s", newname) {
						assert.Equal(t, fs.ModeSymlink, fi.Mode().Type(), "Link of the symbolic link %s must link the link, not its target", old)
					}
				}
			},
		},
		testCase{
			name:    "RenameNoReplace",
			promise: promiseNoReplace,
			needs:   capRenameNoReplace,
			run:     checkRenameNoReplace,
		},
		testCase{
			name:    "SyncDir",
			promise: promiseSyncDir,
			needs:   capSyncDir,
			run: func(t tester, e *env) {
				x := e.fsys.(vfs.SyncDirFS)
				writeFile(t, e.fsys, e.path("f"), "x")
				require.NoError(t, e.fsys.Rename(e.path("f"), e.path("g")))
				err := x.SyncDir(e.dir)
				if errors.Is(err, errors.ErrUnsupported) {
					t.Skipf("%s cannot sync the directory %s: %v", describe(e.fsys), e.dir, err)
				}
				assert.NoError(t, err, "SyncDir(%s) after a Rename in it", e.dir)
			},
		},
		testCase{
			name:    "RemoveTree",
			promise: promiseRemoveTree,
			needs:   capRemoveTree,
			run:     checkRemoveTree,
		},
		testCase{
			name:    "RemoveTreeModes",
			promise: promiseRemoveTreeModes,
			needs:   capRemoveTree,
			run:     checkRemoveTreeModes,
		},
		testCase{
			name:    "TempDirs",
			promise: promiseTempDirs,
			needs:   capTempDirs,
			run: func(t tester, e *env) {
				dirs := e.fsys.(vfs.TempDirFS).TempDirs()
				require.NotEmpty(t, dirs, "TempDirs")
				for _, d := range dirs {
					assert.NotEmpty(t, d, "TempDirs returned an empty name: %q", dirs)
				}
				first := vfs.TempDirs(e.fsys)
				want := append([]string(nil), first...)
				for i := range first {
					first[i] = "changed by the caller"
				}
				assert.Equal(t, want, vfs.TempDirs(e.fsys), "a change to the slice TempDirs returned must not change the next result")
			},
		},
	)
}

// checkReadWrite writes through f and reads the data back.
func checkReadWrite(t tester, f vfs.File, what string) {
	t.Helper()
	_, err := f.Write([]byte("data"))
	assert.NoError(t, err, "write to the file from %s", what)
	buf := make([]byte, 4)
	n, err := f.ReadAt(buf, 0)
	assert.NoError(t, err, "ReadAt of the file from %s", what)
	assert.Equal(t, "data", string(buf[:n]), "read back from the file from %s", what)
	_, err = f.Seek(0, io.SeekStart)
	assert.NoError(t, err)
	b, err := io.ReadAll(f)
	assert.NoError(t, err)
	assert.Equal(t, "data", string(b), "read back from the file from %s", what)
}

func checkPublish(t tester, e *env) {
	x := e.fsys.(vfs.PublishFS)
	f, err := x.CreatePublishable(e.dir, 0o600)
	if errors.Is(err, errors.ErrUnsupported) {
		assert.Empty(t, names(t, e.fsys, e.dir), "a refused CreatePublishable must create nothing")
		t.Skipf("the filesystem at %s cannot publish: %v", e.dir, err)
	}
	require.NoError(t, err, "CreatePublishable(%s)", e.dir)
	defer f.Close()
	assert.Empty(t, names(t, e.fsys, e.dir), "CreatePublishable must leave no name in the directory")
	_, err = f.Write([]byte("data"))
	require.NoError(t, err)

	name := e.path("published")
	require.NoError(t, x.Publish(f, name), "Publish(%s)", name)
	assert.Equal(t, "data", readFile(t, e.fsys, name), "the published name")
	if fi, err := e.fsys.Stat(name); assert.NoError(t, err) {
		assert.Equal(t, e.filePerm(t, 0o600, 0), fi.Mode().Perm(), "a published file made with 0600")
	}
	_, err = f.Write([]byte("more"))
	assert.NoError(t, err, "the File must stay open after Publish")
	assert.Equal(t, "datamore", readFile(t, e.fsys, name), "a write after Publish must show at the name")

	taken := e.path("taken")
	writeFile(t, e.fsys, taken, "old")
	g, err := x.CreatePublishable(e.dir, 0o600)
	require.NoError(t, err)
	defer g.Close()
	_, err = g.Write([]byte("new"))
	require.NoError(t, err)
	isLinkError(t, x.Publish(g, taken), "publish "+taken, fs.ErrExist)
	assert.Equal(t, "old", readFile(t, e.fsys, taken), "a refused Publish must not replace")
	assert.Equal(t, []string{"published", "taken"}, names(t, e.fsys, e.dir))
}

// Sizes of the no-replace rename race.
const (
	noReplaceRounds     = 16
	noReplaceGoroutines = 4
)

func checkRenameNoReplace(t tester, e *env) {
	x := e.fsys.(vfs.RenameNoReplaceFS)
	a, b, c := e.path("a"), e.path("b"), e.path("c")
	writeFile(t, e.fsys, a, "A")
	writeFile(t, e.fsys, b, "B")
	isLinkError(t, x.RenameNoReplace(a, b), "rename "+a+" "+b, fs.ErrExist)
	assert.Equal(t, "A", readFile(t, e.fsys, a), "a refused RenameNoReplace must leave the source")
	assert.Equal(t, "B", readFile(t, e.fsys, b), "a refused RenameNoReplace must leave the target")

	require.NoError(t, x.RenameNoReplace(a, c), "RenameNoReplace to a new name")
	assert.Equal(t, "A", readFile(t, e.fsys, c))
	absent(t, e.fsys, a, "after RenameNoReplace")
	isLinkError(t, x.RenameNoReplace(a, e.path("d")), "rename of a missing name", fs.ErrNotExist)

	// Racing renames onto one name: exactly one wins, every loser keeps
	// its source.
	for round := range noReplaceRounds {
		target := e.path(fmt.Sprintf("target%d", round))
		var wg sync.WaitGroup
		errs := make([]error, noReplaceGoroutines)
		srcs := make([]string, noReplaceGoroutines)
		start := make(chan struct{})
		for g := range noReplaceGoroutines {
			srcs[g] = e.path(fmt.Sprintf("src%d-%d", round, g))
			writeFile(t, e.fsys, srcs[g], fmt.Sprint(g))
			wg.Add(1)
			go func() {
				defer wg.Done()
				safely(t, "RenameNoReplace", func() {
					<-start
					errs[g] = x.RenameNoReplace(srcs[g], target)
				})
			}()
		}
		close(start)
		wg.Wait()
		winners := 0
		for g, err := range errs {
			if err == nil {
				winners++
				assert.Equal(t, fmt.Sprint(g), readFile(t, e.fsys, target), "the winner's data at %s", target)
				continue
			}
			assert.ErrorIs(t, err, fs.ErrExist, "a losing RenameNoReplace onto %s", target)
			assert.Equal(t, fmt.Sprint(g), readFile(t, e.fsys, srcs[g]), "a losing RenameNoReplace must keep its source")
		}
		if winners != 1 {
			t.Errorf("RenameNoReplace onto %s: %d of %d racing callers won, want exactly 1", target, winners, noReplaceGoroutines)
		}
	}
}

// checkRemoveTree removes a tree holding links to a directory and a file
// outside it, a dangling link and nested directories, then a link to a
// directory, and checks that nothing outside was touched.
func checkRemoveTree(t tester, e *env) {
	x := e.fsys.(vfs.RemoveTreeFS)
	skipRemoveTreeRefused(t, e, x)
	outside, tree := e.path("outside"), e.path("tree")
	mkdir(t, e.fsys, outside)
	keep := filepath.Join(outside, "keep")
	writeFile(t, e.fsys, keep, "keep")
	mkdir(t, e.fsys, tree)
	mkdir(t, e.fsys, filepath.Join(tree, "a"))
	mkdir(t, e.fsys, filepath.Join(tree, "a", "b"))
	writeFile(t, e.fsys, filepath.Join(tree, "a", "b", "f"), "f")
	symlink(t, e, outside, filepath.Join(tree, "a", "to-dir"))
	symlink(t, e, keep, filepath.Join(tree, "a", "b", "to-file"))
	symlink(t, e, e.path("nowhere"), filepath.Join(tree, "dangling"))

	require.NoError(t, x.RemoveTree(tree), "RemoveTree(%s)", tree)
	absent(t, e.fsys, tree, "RemoveTree")
	assert.Equal(t, []string{"keep"}, names(t, e.fsys, outside), "RemoveTree must not follow a link out of the tree")
	assert.Equal(t, "keep", readFile(t, e.fsys, keep), "RemoveTree must not follow a link out of the tree")

	top := e.path("top-link")
	symlink(t, e, outside, top)
	require.NoError(t, x.RemoveTree(top), "RemoveTree(%s), a link to a directory", top)
	absent(t, e.fsys, top, "RemoveTree of a link")
	assert.Equal(t, []string{"keep"}, names(t, e.fsys, outside), "RemoveTree of a link must remove the link, not its target's entries")

	assert.NoError(t, x.RemoveTree(e.path("missing")), "RemoveTree of a missing name")
}

// checkRemoveTreeModes removes a tree whose directories have every owner
// mode from 000 to 700, each holding a file and a directory.
func checkRemoveTreeModes(t tester, e *env) {
	x := e.fsys.(vfs.RemoveTreeFS)
	skipRemoveTreeRefused(t, e, x)
	tree := e.path("modes")
	mkdir(t, e.fsys, tree)
	var dirs []string
	for m := fs.FileMode(0); m <= 0o700; m += 0o100 {
		d := filepath.Join(tree, fmt.Sprintf("d%o", m>>6))
		mkdir(t, e.fsys, d)
		mkdir(t, e.fsys, filepath.Join(d, "inner"))
		writeFile(t, e.fsys, filepath.Join(d, "inner", "f"), "f")
		require.NoError(t, e.fsys.Chmod(filepath.Join(d, "inner"), m))
		dirs = append(dirs, d)
	}
	for i, d := range dirs {
		require.NoError(t, e.fsys.Chmod(d, fs.FileMode(i)<<6))
	}
	require.NoError(t, e.fsys.Chmod(tree, 0o500))
	assert.NoError(t, x.RemoveTree(tree), "RemoveTree(%s) of directories with owner modes 000 to 700", tree)
	absent(t, e.fsys, tree, "RemoveTree")
}

// skipRemoveTreeRefused skips a check of RemoveTree on a filesystem that
// says, with an error wrapping errors.ErrUnsupported, that it cannot keep
// RemoveTree's promises on this platform, having checked that the refusal
// removed nothing.
func skipRemoveTreeRefused(t tester, e *env, x vfs.RemoveTreeFS) {
	t.Helper()
	probe := e.path("probe")
	mkdir(t, e.fsys, probe)
	writeFile(t, e.fsys, filepath.Join(probe, "f"), "f")
	err := x.RemoveTree(probe)
	if errors.Is(err, errors.ErrUnsupported) {
		assert.Equal(t, []string{"f"}, names(t, e.fsys, probe), "a refused RemoveTree removes nothing")
		t.Skipf("%s cannot remove a tree here: %v", describe(e.fsys), err)
	}
	require.NoError(t, err, "RemoveTree(%s)", probe)
	absent(t, e.fsys, probe, "RemoveTree")
}
