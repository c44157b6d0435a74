package tempfile

import (
	"reflect"
	"sync"
	"unsafe"
	"weak"

	"github.com/tempvfs/tempvfs/vfs"
)

// fsMap maps filesystem values to a V without keeping them alive: an
// entry holds a weak pointer to its filesystem and goes once the
// filesystem has been collected. Only pointers can be told apart, so only
// they are keys; a pointer to a zero-size type (afero's OsFs) carries no
// state and stands for every value of its type. It is safe for concurrent
// use.
type fsMap[V any] struct {
	mu     sync.Mutex
	byAddr map[uintptr]fsEntry[V]
	byType map[reflect.Type]V
}

type fsEntry[V any] struct {
	fsys weak.Pointer[byte]
	typ  reflect.Type
	v    V
}

// fsKey identifies a filesystem value for an fsMap.
type fsKey struct {
	addr uintptr
	p    *byte // nil for a zero-size type
	typ  reflect.Type
}

// keyOf returns fsys's key, or false if fsys is not a non-nil pointer.
func keyOf(fsys vfs.Fs) (fsKey, bool) {
	if fsys == nil {
		return fsKey{}, false
	}
	v := reflect.ValueOf(fsys)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fsKey{}, false
	}
	k := fsKey{typ: v.Type()}
	if v.Type().Elem().Size() != 0 {
		k.p = (*byte)(v.UnsafePointer())
		k.addr = uintptr(unsafe.Pointer(k.p))
	}
	return k, true
}

func (m *fsMap[V]) get(k fsKey) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if k.p == nil {
		v, ok := m.byType[k.typ]
		return v, ok
	}
	e, ok := m.byAddr[k.addr]
	if !ok || e.typ != k.typ || e.fsys.Value() != k.p {
		var zero V
		return zero, false
	}
	return e.v, true
}

// put sets k's value; if onlyNew is set it does so only where k has none
// and reports whether it did.
func (m *fsMap[V]) put(k fsKey, v V, onlyNew bool) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if k.p == nil {
		if m.byType == nil {
			m.byType = make(map[reflect.Type]V)
		}
		if _, ok := m.byType[k.typ]; ok && onlyNew {
			return false
		}
		m.byType[k.typ] = v
		return true
	}
	if m.byAddr == nil {
		m.byAddr = make(map[uintptr]fsEntry[V])
	}
	if e, ok := m.byAddr[k.addr]; ok && onlyNew && e.typ == k.typ && e.fsys.Value() == k.p {
		return false
	}
	// Drop the entries of collected filesystems each time the map has
	// doubled, so that it stays as small as the set of live ones.
	if n := len(m.byAddr); n >= 64 && n&(n-1) == 0 {
		for a, e := range m.byAddr {
			if e.fsys.Value() == nil {
				delete(m.byAddr, a)
			}
		}
	}
	m.byAddr[k.addr] = fsEntry[V]{fsys: weak.Make(k.p), typ: k.typ, v: v}
	return true
}

// remove drops k's entry if keep, given its value, says so.
func (m *fsMap[V]) remove(k fsKey, drop func(V) bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if k.p == nil {
		if v, ok := m.byType[k.typ]; ok && drop(v) {
			delete(m.byType, k.typ)
		}
		return
	}
	if e, ok := m.byAddr[k.addr]; ok && e.typ == k.typ && drop(e.v) {
		delete(m.byAddr, k.addr)
	}
}
