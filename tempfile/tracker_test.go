package tempfile_test

import (
	"io/fs"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/faultfs"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

// Every kind of object made with a tracker is listed, in order, with its
// kind, path and creation time, until it is closed or cleaned up.
func TestTrackerLive(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		tr := tempfile.NewTracker()
		opts := []tempfile.Option{tempfile.WithDir(dir), tempfile.WithTracker(tr)}
		before := time.Now()
		named, err := tempfile.NewNamed(fsys, opts...)
		require.NoError(t, err)
		d, err := tempfile.NewDir(fsys, opts...)
		require.NoError(t, err)
		anon, err := tempfile.NewAnonymous(fsys, opts...)
		require.NoError(t, err)
		spooled, err := tempfile.NewSpooled(fsys, 10, opts...)
		require.NoError(t, err)
		pool, err := tempfile.NewPool(fsys, opts...)
		require.NoError(t, err)
		after := time.Now()

		live := tr.Live()
		require.Len(t, live, 5)
		wantKinds := []tempfile.Kind{tempfile.KindNamed, tempfile.KindDir, tempfile.KindAnonymous, tempfile.KindSpooled, tempfile.KindPool}
		anonPath := ""
		if anonymousRefused(t, fsys, dir) != "" {
			anonPath = anon.Name() // the named file that NewAnonymous falls back to
		}
		wantPaths := []string{named.Name(), d.Path(), anonPath, "", ""}
		for i, e := range live {
			assert.Equal(t, wantKinds[i], e.Kind, i)
			assert.Equal(t, wantPaths[i], e.Path, i)
			assert.False(t, e.Created.Before(before) || e.Created.After(after), i)
			assert.Empty(t, e.Stack, "no stacks unless asked")
			assert.Contains(t, e.String(), e.Kind.String())
		}

		// A spooled file that rolls over and pooled files stay one entry.
		_, err = spooled.Write(make([]byte, 100))
		require.NoError(t, err)
		require.True(t, spooled.Rolled())
		pf, err := pool.Get()
		require.NoError(t, err)
		require.NoError(t, pool.Put(pf))
		assert.Len(t, tr.Live(), 5)

		target := filepath.Join(dir, "persisted")
		if why := renameOpenRefused(t, fsys, dir); why != "" {
			t.Log(why)
			writeFile(t, fsys, target, "not persisted")
		} else {
			require.NoError(t, named.Persist(target))
			assert.Equal(t, target, tr.Live()[0].Path, "Persist updates the path")
		}

		closers := []func() error{named.Close, d.Cleanup, anon.Close, spooled.Close, pool.Close}
		for i, c := range closers {
			require.NoError(t, c())
			assert.Len(t, tr.Live(), len(closers)-i-1)
		}
		require.NoError(t, fsys.Remove(target))
		assert.Empty(t, listDir(t, fsys, dir))
	})
}

func TestTrackerStacks(t *testing.T) {
	t.Parallel()
	fsys, dir := backends[0].newFS(t)
	tr := tempfile.NewTracker(tempfile.WithStacks())
	f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithTracker(tr))
	require.NoError(t, err)
	defer f.Close()
	live := tr.Live()
	require.Len(t, live, 1)
	assert.Contains(t, live[0].Stack, "TestTrackerStacks")
	assert.Contains(t, live[0].Stack, "tracker_test.go:")
	assert.NotContains(t, live[0].Stack, "tempfile.(*Tracker)", "the stack starts at the caller")
}

// WithTracker is refused by the functions that hand out plain files and
// paths, and a nil tracker is refused by all.
func TestWithTrackerRefused(t *testing.T) {
	t.Parallel()
	fsys, dir := backends[0].newFS(t)
	tr := tempfile.NewTracker()
	_, err := tempfile.CreateTemp(fsys, dir, "", tempfile.WithTracker(tr))
	assert.ErrorIs(t, err, fs.ErrInvalid)
	_, err = tempfile.MkdirTemp(fsys, dir, "", tempfile.WithTracker(tr))
	assert.ErrorIs(t, err, fs.ErrInvalid)
	_, err = tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithTracker(nil))
	assert.ErrorIs(t, err, fs.ErrInvalid)
	_, err = tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithTracker(tr), tempfile.WithTracker(tr))
	assert.ErrorIs(t, err, fs.ErrInvalid)
	assert.Empty(t, listDir(t, fsys, dir))
	assert.Empty(t, tr.Live())
}

// CleanupAll closes and removes everything listed, leaves kept objects in
// place, and empties the list.
func TestTrackerCleanupAll(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		tr := tempfile.NewTracker()
		opts := []tempfile.Option{tempfile.WithDir(dir), tempfile.WithTracker(tr)}
		named, err := tempfile.NewNamed(fsys, opts...)
		require.NoError(t, err)
		kept, err := tempfile.NewNamed(fsys, append(opts, tempfile.WithKeep())...)
		require.NoError(t, err)
		d, err := tempfile.NewDir(fsys, opts...)
		require.NoError(t, err)
		require.NoError(t, d.WriteTree(map[string]string{"a/b": "x", "c": "y"}))
		// A named file inside the tracked directory: removed before it.
		inner, err := tempfile.NewNamed(fsys, tempfile.WithDir(d.Path()), tempfile.WithTracker(tr))
		require.NoError(t, err)
		anon, err := tempfile.NewAnonymous(fsys, opts...)
		require.NoError(t, err)
		spooled, err := tempfile.NewSpooled(fsys, 0, opts...)
		require.NoError(t, err)
		pool, err := tempfile.NewPool(fsys, opts...)
		require.NoError(t, err)

		require.NoError(t, tr.CleanupAll())
		assert.Empty(t, tr.Live())
		assert.Equal(t, []string{filepath.Base(kept.Name())}, listDir(t, fsys, dir))
		closed := map[string]error{
			"named": named.Close(), "kept": kept.Close(), "inner": inner.Close(),
			"spooled": spooled.Close(), "pool": pool.Close(),
		}
		if _, memmap := fsys.(*afero.MemMapFs); !memmap {
			// MemMapFs closes a file twice without complaint.
			closed["anon"] = anon.Close()
		}
		for name, err := range closed {
			assert.Error(t, err, "%s was closed", name)
		}
		require.NoError(t, tr.CleanupAll(), "nothing left to do")
	})
}

// What CleanupAll could not remove is reported and stays listed; a later
// call finishes the work.
func TestTrackerCleanupAllErrors(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			base, dir := b.newFS(t)
			fsys := faultfs.New(base)
			tr := tempfile.NewTracker()
			opts := []tempfile.Option{tempfile.WithDir(dir), tempfile.WithTracker(tr)}
			named, err := tempfile.NewNamed(fsys, opts...)
			require.NoError(t, err)
			d, err := tempfile.NewDir(fsys, opts...)
			require.NoError(t, err)
			// Reachable to the end: a collected object's cleanup would race
			// CleanupAll, and lose to the injected failure.
			defer runtime.KeepAlive(named)
			defer runtime.KeepAlive(d)
			require.NoError(t, d.WriteFile("f", []byte("x")))
			fsys.FailFrom(faultfs.Remove, 1, syscall.EIO)
			err = tr.CleanupAll()
			assert.ErrorIs(t, err, syscall.EIO)
			assert.Len(t, tr.Live(), 2)
			assert.Len(t, listDir(t, base, dir), 2)

			fsys.Reset()
			require.NoError(t, tr.CleanupAll())
			assert.Empty(t, tr.Live())
			assert.Empty(t, listDir(t, base, dir))
		})
	}
}

// leak makes objects with tr and drops them without closing them.
//
//go:noinline
func leak(t *testing.T, fsys vfs.Fs, dir string, tr *tempfile.Tracker) (named, kept, dirPath string) {
	opts := []tempfile.Option{tempfile.WithDir(dir), tempfile.WithTracker(tr)}
	f, err := tempfile.NewNamed(fsys, opts...)
	require.NoError(t, err)
	_, err = f.WriteString("forgotten")
	require.NoError(t, err)
	k, err := tempfile.NewNamed(fsys, append(opts, tempfile.WithKeep())...)
	require.NoError(t, err)
	d, err := tempfile.NewDir(fsys, opts...)
	require.NoError(t, err)
	require.NoError(t, d.WriteFile("sub/f", []byte("x")))
	_, err = tempfile.NewAnonymous(fsys, opts...)
	require.NoError(t, err)
	s, err := tempfile.NewSpooled(fsys, 0, opts...)
	require.NoError(t, err)
	require.NoError(t, s.Rollover())
	_, err = tempfile.NewPool(fsys, opts...)
	require.NoError(t, err)
	return f.Name(), k.Name(), d.Path()
}

// An unreachable, unclosed object is removed (unless kept) and reported to
// the leak hook once the garbage collector finds it. The test polls: it
// runs the collector until every report is in or a generous number of
// cycles has passed.
func TestTrackerFinalizer(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, fsys vfs.Fs, dir string) {
		var mu sync.Mutex
		var leaked []tempfile.Entry
		tr := tempfile.NewTracker(tempfile.WithLeakHook(func(e tempfile.Entry) {
			mu.Lock()
			leaked = append(leaked, e)
			mu.Unlock()
		}))
		named, kept, dirPath := leak(t, fsys, dir, tr)
		count := func() int {
			mu.Lock()
			defer mu.Unlock()
			return len(leaked)
		}
		for i := 0; i < 1000 && count() < 6; i++ {
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
		require.Equal(t, 6, count(), "every leaked object is reported")
		assert.Empty(t, tr.Live())
		byPath := map[string]tempfile.Kind{}
		kinds := map[tempfile.Kind]int{}
		mu.Lock()
		for _, e := range leaked {
			byPath[e.Path] = e.Kind
			kinds[e.Kind]++
		}
		mu.Unlock()
		assert.Equal(t, tempfile.KindNamed, byPath[named])
		assert.Equal(t, tempfile.KindNamed, byPath[kept])
		assert.Equal(t, tempfile.KindDir, byPath[dirPath])
		assert.Equal(t, map[tempfile.Kind]int{tempfile.KindNamed: 2, tempfile.KindDir: 1, tempfile.KindAnonymous: 1, tempfile.KindSpooled: 1, tempfile.KindPool: 1}, kinds)
		assert.Equal(t, []string{filepath.Base(kept)}, listDir(t, fsys, dir), "only the kept file remains")
	})
}

// Objects closed in time are never reported.
func TestTrackerFinalizerQuietAfterClose(t *testing.T) {
	t.Parallel()
	fsys, dir := backends[0].newFS(t)
	var reports int
	var mu sync.Mutex
	tr := tempfile.NewTracker(tempfile.WithLeakHook(func(tempfile.Entry) { mu.Lock(); reports++; mu.Unlock() }))
	func() {
		f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithTracker(tr))
		require.NoError(t, err)
		require.NoError(t, f.Close())
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithTracker(tr))
		require.NoError(t, err)
		require.NoError(t, d.Cleanup())
	}()
	for range 5 {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Zero(t, reports)
	assert.Empty(t, tr.Live())
}

func TestKindString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "named file", tempfile.KindNamed.String())
	assert.Equal(t, "pool", tempfile.KindPool.String())
	assert.Equal(t, "unknown kind", tempfile.Kind(0).String())
	assert.Equal(t, "unknown kind", tempfile.Kind(99).String())
}

func TestTrackerZeroValue(t *testing.T) {
	t.Parallel()
	fsys, dir := backends[0].newFS(t)
	var tr tempfile.Tracker
	assert.Empty(t, tr.Live())
	require.NoError(t, tr.CleanupAll())
	f, err := tempfile.NewNamed(fsys, tempfile.WithDir(dir), tempfile.WithTracker(&tr))
	require.NoError(t, err)
	assert.Len(t, tr.Live(), 1)
	require.NoError(t, f.Close())
	assert.Empty(t, tr.Live())
}

// The runtime may run cleanups on several goroutines at once; the leak
// hook is still called one call at a time. The hook sleeps so that calls
// would overlap if the tracker let them. Not parallel: it raises
// GOMAXPROCS, which sets how many goroutines run cleanups.
func TestTrackerLeakHookOneCallAtATime(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(16))
	var inFlight, maxInFlight, calls atomic.Int32
	tr := tempfile.NewTracker(tempfile.WithLeakHook(func(tempfile.Entry) {
		n := inFlight.Add(1)
		for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
		calls.Add(1)
	}))
	fsys := membackend.New()
	require.NoError(t, fsys.MkdirAll("/tmp", 0o755))
	const n = 64
	func() {
		for range n {
			s, err := tempfile.NewSpooled(fsys, 0, tempfile.WithDir("/tmp"), tempfile.WithTracker(tr))
			require.NoError(t, err)
			_, err = s.Write([]byte("x"))
			require.NoError(t, err)
		} // each dropped without Close
	}()
	for deadline := time.Now().Add(20 * time.Second); calls.Load() < n && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	require.EqualValues(t, n, calls.Load(), "every dropped file is reported")
	assert.EqualValues(t, 1, maxInFlight.Load(), "the hook calls never overlap")
}
