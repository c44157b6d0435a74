package tempfile

import (
	"fmt"
	"io/fs"
	"sync/atomic"
)

// A MemoryBudget caps the memory that many spooled files hold together. A
// server that spools many uploads at once shares one budget among them:
// once the budget is spent, a spooled file that needs more rolls over to
// disk instead of growing in memory, whatever its own maxSize.
//
// The budget counts the logical size of spooled data; memory is held in
// 64 KiB chunks, so the memory in use may exceed it by up to 64 KiB per
// spooled file. A MemoryBudget is safe for concurrent use. The zero value
// is a budget of 0 bytes: a spooled file sharing it rolls over at its
// first write.
type MemoryBudget struct {
	limit int64
	used  atomic.Int64
}

// NewMemoryBudget returns a budget of limit bytes. A negative limit is an
// error wrapping [fs.ErrInvalid].
func NewMemoryBudget(limit int64) (*MemoryBudget, error) {
	if limit < 0 {
		return nil, fmt.Errorf("tempfile: memory budget %d: %w", limit, fs.ErrInvalid)
	}
	return &MemoryBudget{limit: limit}, nil
}

// Limit returns the budget's size in bytes.
func (b *MemoryBudget) Limit() int64 { return b.limit }

// Used returns the bytes of the budget that spooled files hold now.
func (b *MemoryBudget) Used() int64 { return b.used.Load() }

// reserve takes n bytes from the budget if they are there.
func (b *MemoryBudget) reserve(n int64) bool {
	for {
		u := b.used.Load()
		if u+n > b.limit {
			return false
		}
		if b.used.CompareAndSwap(u, u+n) {
			return true
		}
	}
}

func (b *MemoryBudget) release(n int64) { b.used.Add(-n) }
