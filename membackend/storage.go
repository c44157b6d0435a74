package membackend

// Regular-file contents live in fixed-size chunks indexed by their position
// in the file. A write touches only the chunks it covers, so writing in the
// middle of a large file never copies the rest of it, and growing a file
// never reallocates what is already stored. Chunks that were never written
// are absent and read as zeros, so a file with a hole costs nothing for the
// hole.

const (
	chunkShift = 16
	chunkSize  = 1 << chunkShift // 64 KiB
	chunkMask  = chunkSize - 1

	// minChunkAlloc is the first allocation of a file's first chunk,
	// which then doubles until it is full, so small files stay small.
	// Later chunks are allocated whole.
	minChunkAlloc = 512
)

// content is the data of a regular file. The zero value is an empty file.
// Its invariants: every byte at or past size reads as zero in storage, and
// len(chunks[i]) <= size - i*chunkSize; bytes of a chunk past its length
// read as zeros.
type content struct {
	chunks map[int64][]byte
	size   int64
}

// readAt copies the bytes at off into p and returns how many it copied:
// fewer than len(p) only at the end of the file.
func (c *content) readAt(p []byte, off int64) int {
	if off >= c.size {
		return 0
	}
	if rem := c.size - off; int64(len(p)) > rem {
		p = p[:rem]
	}
	n := len(p)
	for len(p) > 0 {
		ci, co := off>>chunkShift, int(off&chunkMask)
		k := min(len(p), chunkSize-co)
		ch := c.chunks[ci]
		m := 0
		if co < len(ch) {
			m = copy(p[:k], ch[co:])
		}
		clear(p[m:k])
		p = p[k:]
		off += int64(k)
	}
	return n
}

// writeAt stores p at off, growing the file if the write ends past it.
// The caller has checked that off+len(p) does not overflow.
func (c *content) writeAt(p []byte, off int64) {
	if len(p) == 0 {
		return
	}
	if c.chunks == nil {
		c.chunks = make(map[int64][]byte)
	}
	end := off + int64(len(p))
	for len(p) > 0 {
		ci, co := off>>chunkShift, int(off&chunkMask)
		k := min(len(p), chunkSize-co)
		ch := c.chunks[ci]
		if need := co + k; need > len(ch) {
			if ci > 0 && ch == nil {
				// Past the first chunk the file is no longer small: take
				// the whole chunk at once rather than grow it in steps.
				need = chunkSize
			}
			ch = growChunk(ch, need)
		}
		copy(ch[co:], p[:k])
		c.chunks[ci] = ch
		p = p[k:]
		off += int64(k)
	}
	if end > c.size {
		c.size = end
	}
}

// growChunk returns ch extended to length n (at most chunkSize) with the
// new bytes zeroed, reallocating only this chunk when its capacity is too
// small.
func growChunk(ch []byte, n int) []byte {
	old := len(ch)
	if n > cap(ch) {
		c := max(2*cap(ch), minChunkAlloc, n)
		c = min(c, chunkSize)
		nc := make([]byte, n, c)
		copy(nc, ch)
		return nc
	}
	ch = ch[:n]
	clear(ch[old:])
	return ch
}

// truncate sets the size to n, dropping the storage past it. Growing adds
// a hole that reads as zeros and costs no storage.
func (c *content) truncate(n int64) {
	if n >= c.size {
		c.size = n
		return
	}
	last := n >> chunkShift // the chunk that holds byte n, the first to cut
	for ci, ch := range c.chunks {
		switch {
		case ci > last:
			delete(c.chunks, ci)
		case ci == last:
			keep := int(n & chunkMask)
			if keep == 0 {
				delete(c.chunks, ci)
			} else if keep < len(ch) {
				c.chunks[ci] = ch[:keep]
			}
		}
	}
	c.size = n
}

// reset frees all storage.
func (c *content) reset() {
	c.chunks = nil
	c.size = 0
}
