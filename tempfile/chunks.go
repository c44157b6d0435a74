package tempfile

import (
	"io"
	"sync"
)

// chunkSize is the unit in which spooled data is held in memory. Chunks
// come from a pool, so a program that spools many short-lived files reuses
// memory that is already faulted in instead of touching fresh pages.
const chunkSize = 64 << 10

type chunk = [chunkSize]byte

var chunkPool = sync.Pool{New: func() any { return new(chunk) }}

// chunks is a sparse-free, growable byte store made of pooled chunks. Bytes
// past size in the last chunk hold stale data from earlier users of the
// chunk; every operation that grows size zeroes the bytes it exposes
// before they can be read.
type chunks struct {
	c    []*chunk
	size int64
}

// grow makes room for n bytes, zeroing [size, n) so that stale pool data
// is never exposed; it does not change size.
func (m *chunks) grow(n int64) {
	for int64(len(m.c))*chunkSize < n {
		m.c = append(m.c, chunkPool.Get().(*chunk))
	}
	m.zero(m.size, n)
}

// zero clears [from, to) within the chunks held.
func (m *chunks) zero(from, to int64) {
	for from < to {
		ci, co := from/chunkSize, from%chunkSize
		end := min(chunkSize, co+(to-from))
		clear(m.c[ci][co:end])
		from += end - co
	}
}

// readAt copies up to len(p) bytes from offset off and returns how many.
func (m *chunks) readAt(p []byte, off int64) int {
	n := 0
	for n < len(p) && off < m.size {
		ci, co := off/chunkSize, off%chunkSize
		k := copy(p[n:], m.c[ci][co:min(chunkSize, co+(m.size-off))])
		n += k
		off += int64(k)
	}
	return n
}

// writeAt stores p at offset off, growing the store as needed. It stores
// nothing and reports false if off is negative or the end of p would
// overflow an int64.
func (m *chunks) writeAt(p []byte, off int64) bool {
	end := off + int64(len(p))
	if off < 0 || end < off {
		return false
	}
	if end > m.size {
		m.grow(off)
		m.grow(end)
	}
	for len(p) > 0 {
		ci, co := off/chunkSize, off%chunkSize
		k := copy(m.c[ci][co:], p)
		p = p[k:]
		off += int64(k)
	}
	if end > m.size {
		m.size = end
	}
	return true
}

// truncate sets the size to n, zero-filling when it grows and returning
// whole chunks to the pool when it shrinks. With wipe, the bytes cut off
// are cleared first, in the chunks kept and in those returned.
func (m *chunks) truncate(n int64, wipe bool) {
	if n > m.size {
		m.grow(n)
	} else {
		if wipe {
			m.zero(n, m.size)
		}
		keep := int((n + chunkSize - 1) / chunkSize)
		for i := keep; i < len(m.c); i++ {
			chunkPool.Put(m.c[i])
			m.c[i] = nil
		}
		m.c = m.c[:keep]
	}
	m.size = n
}

// writeTo writes the whole content to w, one chunk per call.
func (m *chunks) writeTo(w io.Writer) error {
	left := m.size
	for _, c := range m.c {
		if left <= 0 {
			break
		}
		k := min(left, chunkSize)
		if _, err := w.Write(c[:k]); err != nil {
			return err
		}
		left -= k
	}
	return nil
}

// release returns every chunk to the pool, clearing it first if wipe is
// set, and empties the store.
func (m *chunks) release(wipe bool) {
	for i, c := range m.c {
		if wipe {
			clear(c[:])
		}
		chunkPool.Put(c)
		m.c[i] = nil
	}
	m.c = m.c[:0]
	m.size = 0
}
