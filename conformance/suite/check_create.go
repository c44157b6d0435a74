package suite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/vfs"
)

func init() {
	register("Create",
		testCase{
			name:    "Exclusive",
			promise: and(contractExclusive, contractErrors),
			run: func(t tester, e *env) {
				checkExclusive(t, e, "OpenFile(O_RDWR|O_CREATE|O_EXCL)", openExclusive(e.fsys))
			},
		},
		testCase{
			name:    "ExclusiveRace",
			promise: contractExclusive,
			run: func(t tester, e *env) {
				checkExclusiveRace(t, e, "OpenFile(O_RDWR|O_CREATE|O_EXCL)", openExclusive(e.fsys))
			},
		},
		testCase{
			name:    "MissingParent",
			promise: and(contractParent, contractErrors),
			run: func(t tester, e *env) {
				parent := e.path("missing")
				name := e.path("missing", "f")
				f, err := e.fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
				closeIfOpen(f)
				isPathError(t, err, "open", name, fs.ErrNotExist)
				absent(t, e.fsys, parent, "a failed create must not make the parent")
			},
		},
		testCase{
			name:    "Truncate",
			promise: osTrunc,
			run: func(t tester, e *env) {
				name := e.path("f")
				writeFile(t, e.fsys, name, "hello")

				f := open(t, e.fsys, name, os.O_RDWR)
				_, err := f.Write([]byte("J"))
				require.NoError(t, err, "write %s", name)
				require.NoError(t, f.Close())
				assert.Equal(t, "Jello", readFile(t, e.fsys, name), "OpenFile without O_TRUNC must keep the contents")

				f = open(t, e.fsys, name, os.O_WRONLY|os.O_TRUNC)
				fi, err := e.fsys.Stat(name)
				require.NoError(t, err)
				assert.Zero(t, fi.Size(), "size of %s after OpenFile(O_WRONLY|O_TRUNC)", name)
				_, err = f.Write([]byte("ab"))
				require.NoError(t, err, "write %s", name)
				require.NoError(t, f.Close())
				assert.Equal(t, "ab", readFile(t, e.fsys, name))
			},
		},
	)
}

type createFunc func(name string, perm fs.FileMode) (vfs.File, error)

func openExclusive(fsys vfs.Fs) createFunc {
	return func(name string, perm fs.FileMode) (vfs.File, error) {
		return fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
	}
}

func closeIfOpen(f vfs.File) {
	if f != nil {
		f.Close()
	}
}

// checkExclusive checks that create makes a new file and refuses, changing
// nothing, an existing file or directory.
func checkExclusive(t tester, e *env, what string, create createFunc) {
	name := e.path("f")
	f, err := create(name, 0o600)
	require.NoError(t, err, "%s of a new name %s", what, name)
	_, err = f.Write([]byte("first"))
	assert.NoError(t, err, "write to the handle from %s", what)
	require.NoError(t, f.Close())

	f, err = create(name, 0o600)
	if f != nil {
		_, _ = f.Write([]byte("second"))
		f.Close()
	}
	isPathError(t, err, what, name, fs.ErrExist)
	assert.Equal(t, "first", readFile(t, e.fsys, name), "a failed %s must leave the existing file untouched", what)

	dir := e.path("d")
	mkdir(t, e.fsys, dir)
	writeFile(t, e.fsys, e.path("d", "child"), "kept")
	f, err = create(dir, 0o600)
	closeIfOpen(f)
	isPathError(t, err, what, dir, fs.ErrExist)
	fi, err := e.fsys.Stat(dir)
	if assert.NoError(t, err) {
		assert.True(t, fi.IsDir(), "a failed %s must leave the existing directory %s a directory", what, dir)
	}
	assert.Equal(t, "kept", readFile(t, e.fsys, e.path("d", "child")), "a failed %s of a directory must leave its entries", what)
}

// Sizes of the exclusive-create race: raceNames names, each raced by
// raceGoroutines goroutines released together.
const (
	raceNames      = 128
	raceGoroutines = 3
)

// checkExclusiveRace races raceGoroutines goroutines to create each of
// raceNames names: exactly one must win, every other must get an error
// matching fs.ErrExist, and the winner's data must survive.
func checkExclusiveRace(t tester, e *env, what string, create createFunc) {
	var multi, none, lost atomic.Int32
	for i := range raceNames {
		name := e.path(fmt.Sprintf("race%03d", i))
		var (
			wg     sync.WaitGroup
			ready  atomic.Int32
			wins   atomic.Int32
			winner atomic.Int32
		)
		for g := range raceGoroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				safely(t, what, func() {
					// A spin barrier releases the goroutines closer
					// together than a channel would; it yields after a
					// while, for machines with fewer free CPUs than
					// goroutines.
					ready.Add(1)
					for n := 0; ready.Load() < raceGoroutines; n++ {
						if n > 10000 {
							runtime.Gosched()
						}
					}
					f, err := create(name, 0o600)
					if err != nil {
						if !errors.Is(err, fs.ErrExist) {
							t.Errorf("%s %s lost the race with an error that does not match fs.ErrExist: %v", what, name, err)
						}
						return
					}
					wins.Add(1)
					winner.Store(int32(g))
					_, werr := fmt.Fprintf(f, "winner %d", g)
					cerr := f.Close()
					if werr != nil || cerr != nil {
						t.Errorf("%s %s: write and close the winner's handle: %v", what, name, errors.Join(werr, cerr))
					}
				})
			}()
		}
		wg.Wait()
		switch n := wins.Load(); {
		case n > 1:
			multi.Add(1)
		case n == 0:
			none.Add(1)
		default:
			got, err := readAll(e.fsys, name)
			if err != nil || got != fmt.Sprintf("winner %d", winner.Load()) {
				lost.Add(1)
			}
		}
	}
	if n := multi.Load(); n > 0 {
		t.Errorf("%s: %d of %d names had more than one winner among %d goroutines", what, n, raceNames, raceGoroutines)
	}
	if n := none.Load(); n > 0 {
		t.Errorf("%s: %d of %d names had no winner", what, n, raceNames)
	}
	if n := lost.Load(); n > 0 {
		t.Errorf("%s: %d of %d names lost the data of their only winner", what, n, raceNames)
	}
}
