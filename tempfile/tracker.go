package tempfile

import (
	"cmp"
	"errors"
	"io/fs"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/tempvfs/tempvfs/vfs"
)

// Kind says what sort of temporary object an [Entry] describes.
type Kind uint8

// The kinds of tracked objects.
const (
	KindNamed     Kind = iota + 1 // a [File] from [NewNamed]
	KindDir                       // a [Dir] from [NewDir]
	KindAnonymous                 // a file from [NewAnonymous]
	KindSpooled                   // a [Spooled] file from [NewSpooled]
	KindPool                      // a [Pool] from [NewPool]
	KindTempFile                  // a file from [CreateTemp], listed while it exists (attached trackers only)
	KindTempDir                   // a directory from [MkdirTemp], listed while it exists (attached trackers only)
	KindPending                   // a [Pending] file from [NewPending] or [WriteFile], until Commit or Cleanup
	KindPath                      // a [Path] from [File.CloseToPath] or [NewPath], until it is removed, kept or persisted
)

var kindNames = [...]string{"", "named file", "directory", "anonymous file", "spooled file", "pool",
	"file from CreateTemp", "directory from MkdirTemp", "pending file", "temporary path"}

// String returns the kind in words, such as "named file".
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return "unknown kind"
}

// Entry describes one live temporary object of a [Tracker].
type Entry struct {
	Kind    Kind
	Path    string    // the file's or directory's path; "" for anonymous (Windows aside), spooled and pooled files
	Created time.Time // when it was made
	Stack   string    // the stack of the goroutine that made it, with [WithStacks]; else ""
}

// String describes the entry in one line (without the stack).
func (e Entry) String() string {
	s := e.Kind.String()
	if e.Path != "" {
		s += " " + e.Path
	}
	return s + " made " + e.Created.Format(time.RFC3339Nano)
}

// Tracker records the temporary objects made with [WithTracker], or made
// on a filesystem the tracker is attached to ([Tracker.Attach]), while
// they are alive: [Tracker.Live] lists them, [Tracker.CleanupAll] and
// [Tracker.HandleSignals] remove them on the way out, and package
// tempfiletest fails a test that leaves any behind.
//
// A tracked [File] or [Dir] that becomes unreachable without being closed
// or cleaned up is removed when the garbage collector notices (as Python
// removes a NamedTemporaryFile), unless it is kept; a tracked anonymous,
// spooled or pooled file is closed. Either way the tracker stops listing
// it and passes its Entry to the hook of [WithLeakHook], as Python warns
// with a ResourceWarning. This is a safety net, not a way to manage temp
// files: the collector may run late or, at exit, not at all.
//
// A Tracker is safe for concurrent use. The zero value is an empty tracker
// without stacks or leak hook, ready to use.
type Tracker struct {
	stacks bool
	hook   func(Entry)
	hookMu sync.Mutex // held while hook runs: cleanups may run in parallel

	mu   sync.Mutex
	live map[uint64]*record
}

// recordIDs numbers records in the order they are made, across trackers.
var recordIDs atomic.Uint64

// TrackerOption configures [NewTracker].
type TrackerOption interface {
	applyTracker(t *Tracker)
}

type trackerOptionFunc func(t *Tracker)

func (f trackerOptionFunc) applyTracker(t *Tracker) { f(t) }

// WithStacks makes the tracker record the stack of the goroutine that
// makes each object, in [Entry.Stack]. It costs a stack walk per object.
func WithStacks() TrackerOption { return trackerOptionFunc(func(t *Tracker) { t.stacks = true }) }

// WithLeakHook sets a function that the tracker calls with the Entry of
// each object it finds unreachable and not closed, after removing or
// closing it. The hook runs on a goroutine of the runtime's own, one call
// at a time (the tracker serializes the calls, though the runtime may run
// cleanups on several goroutines at once): it must return quickly and
// must not block. A nil hook reports nothing.
func WithLeakHook(hook func(Entry)) TrackerOption {
	return trackerOptionFunc(func(t *Tracker) { t.hook = hook })
}

// NewTracker returns an empty tracker.
func NewTracker(opts ...TrackerOption) *Tracker {
	t := &Tracker{live: map[uint64]*record{}}
	for _, o := range opts {
		if o != nil {
			o.applyTracker(t)
		}
	}
	return t
}

// Live returns the objects made with the tracker that are still alive, in
// the order they were made.
func (t *Tracker) Live() []Entry {
	t.mu.Lock()
	recs := make([]*record, 0, len(t.live))
	for _, r := range t.live {
		recs = append(recs, r)
	}
	t.mu.Unlock()
	slices.SortFunc(recs, func(a, b *record) int { return cmp.Compare(a.id, b.id) })
	es := make([]Entry, 0, len(recs))
	for _, r := range recs {
		if r.gone() {
			continue
		}
		es = append(es, r.entry())
	}
	return es
}

// CleanupAll closes and removes every object the tracker lists, as their
// own Close or Cleanup would: a kept [File] or [Dir] stays in place. It
// goes on past errors and returns them joined with [errors.Join]; an
// object it could not remove stays listed. It is meant for exit paths:
// other goroutines using the objects see them closed.
func (t *Tracker) CleanupAll() error {
	t.mu.Lock()
	recs := make([]*record, 0, len(t.live))
	for _, r := range t.live {
		recs = append(recs, r)
	}
	t.mu.Unlock()
	slices.SortFunc(recs, func(a, b *record) int { return cmp.Compare(b.id, a.id) }) // newest first: files before their directories
	var errs []error
	for _, r := range recs {
		if err := r.cleanupNow(); err != nil && !errors.Is(err, fs.ErrClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// trackers returns the trackers that an object made on fsys with c goes
// to: that of WithTracker and the one attached to fsys, without repeats.
func trackers(c *config, fsys vfs.Fs) []*Tracker {
	var ts []*Tracker
	if c.tracker != nil {
		ts = append(ts, c.tracker)
	}
	if a := attachedTo(fsys); a != nil && a != c.tracker {
		ts = append(ts, a)
	}
	return ts
}

// track starts listing an object in each of ts; it returns nil for no
// tracker, and every method of record accepts a nil record.
func track(ts []*Tracker, kind Kind, fsys vfs.Fs, path string) *record {
	if len(ts) == 0 {
		return nil
	}
	r := &record{ts: ts, kind: kind, fsys: fsys, path: path, created: time.Now()}
	r.lostPaths = kind == KindNamed || kind == KindDir || kind == KindTempFile || kind == KindTempDir
	if slices.ContainsFunc(ts, func(t *Tracker) bool { return t.stacks }) {
		var pcs [64]uintptr
		n := runtime.Callers(3, pcs[:])
		r.pcs = slices.Clone(pcs[:n])
	}
	r.id = recordIDs.Add(1)
	for _, t := range ts {
		t.mu.Lock()
		if t.live == nil {
			t.live = map[uint64]*record{}
		}
		t.live[r.id] = r
		t.mu.Unlock()
	}
	return r
}

// track starts listing an object in t alone.
func (t *Tracker) track(kind Kind, fsys vfs.Fs, path string) *record {
	if t == nil {
		return nil
	}
	return track([]*Tracker{t}, kind, fsys, path)
}

// callHook calls the leak hook, one call at a time.
func (t *Tracker) callHook(e Entry) {
	t.hookMu.Lock()
	defer t.hookMu.Unlock()
	t.hook(e)
}

// forget stops every tracker of r listing it.
func (r *record) forget() {
	for _, t := range r.ts {
		t.mu.Lock()
		delete(t.live, r.id)
		t.mu.Unlock()
	}
}

// record is the tracker's view of one object. It must never refer to the
// object itself, only to what is needed to remove it once the object is
// unreachable (runtime.AddCleanup ignores an object its cleanup refers
// to).
type record struct {
	ts      []*Tracker
	id      uint64
	kind    Kind
	fsys    vfs.Fs
	created time.Time
	pcs     []uintptr

	mu        sync.Mutex
	path      string
	keep      bool
	done      bool
	onLost    func() error         // closes what the object holds open; must not refer to it
	wipe      vfs.File             // overwritten before onLost unless kept; never the object itself
	closeObj  func() (bool, error) // the object's own Close, through a weak pointer
	cleanup   runtime.Cleanup
	hasFinal  bool
	lostPaths bool // remove path when lost (named files and dirs)
}

// watch makes r close owner through closeFn for CleanupAll, and arranges
// for r.lost to run once owner is unreachable.
func watch[T any](r *record, owner *T, closeFn func(*T) error) {
	if r == nil {
		return
	}
	wp := weak.Make(owner)
	r.mu.Lock()
	r.closeObj = func() (bool, error) {
		if o := wp.Value(); o != nil {
			return true, closeFn(o)
		}
		return false, nil
	}
	r.cleanup = runtime.AddCleanup(owner, (*record).lost, r)
	r.hasFinal = true
	r.mu.Unlock()
}

func (r *record) entry() Entry {
	r.mu.Lock()
	e := Entry{Kind: r.kind, Path: r.path, Created: r.created}
	r.mu.Unlock()
	if len(r.pcs) > 0 {
		var sb strings.Builder
		frames := runtime.CallersFrames(r.pcs)
		for {
			f, more := frames.Next()
			sb.WriteString(f.Function)
			sb.WriteString("\n\t")
			sb.WriteString(f.File)
			sb.WriteByte(':')
			sb.WriteString(strconv.Itoa(f.Line))
			sb.WriteByte('\n')
			if !more {
				break
			}
		}
		e.Stack = sb.String()
	}
	return e
}

// release stops listing r: the object was closed or cleaned up.
func (r *record) release() {
	if r == nil {
		return
	}
	r.mu.Lock()
	if r.done {
		r.mu.Unlock()
		return
	}
	r.done = true
	if r.hasFinal {
		r.cleanup.Stop()
	}
	r.mu.Unlock()
	r.forget()
}

func (r *record) setKeep() {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.keep = true
	r.mu.Unlock()
}

func (r *record) setPath(p string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.path = p
	r.mu.Unlock()
}

func (r *record) setOnLost(f func() error) {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.onLost = f
	r.mu.Unlock()
}

// setWipe makes lose overwrite f with zeros before it closes what the
// object holds, unless the object is kept. f must be the file the object
// wraps, not the object itself.
func (r *record) setWipe(f vfs.File) {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.wipe = f
	r.mu.Unlock()
}

// cleanupNow closes the object for CleanupAll, or, if it is already
// unreachable, does what lost would.
func (r *record) cleanupNow() error {
	r.mu.Lock()
	closeObj := r.closeObj
	r.mu.Unlock()
	if closeObj != nil {
		if ok, err := closeObj(); ok {
			return err
		}
	}
	return r.lose(false)
}

// lost runs once the object is unreachable and was not closed.
func (r *record) lost() { _ = r.lose(true) }

// lose overwrites what the object held if it was made to be wiped and is
// not kept, closes it, removes its path unless it is kept, stops listing
// it and, if report is set, calls the leak hook.
func (r *record) lose(report bool) error {
	r.mu.Lock()
	if r.done {
		r.mu.Unlock()
		return nil
	}
	r.done = true
	e := Entry{Kind: r.kind, Path: r.path, Created: r.created}
	var err error
	if r.wipe != nil && !r.keep {
		if err = overwrite(r.wipe); errors.Is(err, fs.ErrClosed) {
			err = nil
		}
	}
	if r.onLost != nil {
		if cerr := r.onLost(); !errors.Is(cerr, fs.ErrClosed) {
			err = errors.Join(err, cerr)
		}
	}
	if r.lostPaths && !r.keep && r.path != "" {
		var rerr error
		if r.kind == KindDir || r.kind == KindTempDir {
			rerr = removeAll(r.fsys, r.path)
		} else if rerr = r.fsys.Remove(r.path); errors.Is(rerr, fs.ErrNotExist) {
			rerr = nil
		}
		err = errors.Join(err, rerr)
	}
	r.mu.Unlock()
	r.forget()
	if report {
		for _, t := range r.ts {
			if t.hook != nil {
				t.callHook(e)
			}
		}
	}
	return err
}

// gone reports, for an object listed only while its path exists (from
// CreateTemp or MkdirTemp), that the path no longer exists, and stops
// listing it.
func (r *record) gone() bool {
	if r.kind != KindTempFile && r.kind != KindTempDir {
		return false
	}
	r.mu.Lock()
	p := r.path
	r.mu.Unlock()
	if _, err := vfs.Lstat(r.fsys, p); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	r.release()
	return true
}

// trackedFile is an anonymous file made with a tracker: closing it stops
// the tracker listing it.
type trackedFile struct {
	vfs.File
	rec *record
}

var _ vfs.File = (*trackedFile)(nil)

func (f *trackedFile) Close() error {
	err := f.File.Close()
	f.rec.release()
	return err
}
