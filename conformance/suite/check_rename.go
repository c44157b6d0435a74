package suite

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tempvfs/tempvfs/conformance/internal/assert"
	"github.com/tempvfs/tempvfs/conformance/internal/require"
	"github.com/tempvfs/tempvfs/vfs"
)

func init() {
	register("Rename",
		testCase{
			name:    "ReplaceFile",
			promise: contractRename,
			run: func(t tester, e *env) {
				a, b := e.path("a"), e.path("b")
				writeFile(t, e.fsys, a, "A")
				writeFile(t, e.fsys, b, "B")
				require.NoError(t, e.fsys.Rename(a, b), "Rename over an existing file")
				assert.Equal(t, "A", readFile(t, e.fsys, b), "the target after Rename")
				absent(t, e.fsys, a, "after Rename")
				assert.Equal(t, []string{"b"}, names(t, e.fsys, e.dir))
			},
		},
		testCase{
			name:    "Missing",
			promise: contractErrors,
			run: func(t tester, e *env) {
				from, to := e.path("missing"), e.path("to")
				isRenameError(t, e.fsys.Rename(from, to), "rename "+from+" "+to, fs.ErrNotExist)
				absent(t, e.fsys, to, "after a failed Rename")
			},
		},
		testCase{
			name:    "MissingParent",
			promise: and(contractParent, contractErrors),
			run: func(t tester, e *env) {
				from, to := e.path("a"), e.path("missing", "b")
				writeFile(t, e.fsys, from, "A")
				isRenameError(t, e.fsys.Rename(from, to), "rename "+from+" "+to, fs.ErrNotExist)
				absent(t, e.fsys, e.path("missing"), "a failed Rename must not make the parent")
				assert.Equal(t, "A", readFile(t, e.fsys, from), "a failed Rename must leave the source")
			},
		},
		testCase{
			name:    "AtomicReplace",
			promise: contractRename,
			run:     checkAtomicRename,
		},
	)
}

// Sizes of the atomic-rename check: renameRounds versions of a
// renameSize-byte file replace the target while readers read it.
const (
	renameRounds  = 40
	renameSize    = 64 << 10
	renameReaders = 2
)

// checkAtomicRename replaces a target many times while readers read it
// whole: every read must see one complete version.
func checkAtomicRename(t tester, e *env) {
	target := e.path("target")
	version := func(i int) []byte { return bytes.Repeat([]byte{byte('a' + i%26)}, renameSize) }
	writeFile(t, e.fsys, target, string(version(0)))

	whole := func(got string) bool { return len(got) == renameSize && strings.Count(got, got[:1]) == renameSize }
	var refused error // a Rename that Windows refused for a reader's handle
	torn, reads := readersDuring(t, e.fsys, target, "Rename", whole, func() {
		for i := 1; i <= renameRounds; i++ {
			tmp := e.path(fmt.Sprintf("v%d", i))
			f, err := e.fsys.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if !assert.NoError(t, err) {
				break
			}
			_, werr := f.Write(version(i))
			cerr := f.Close()
			if !assert.NoError(t, werr) || !assert.NoError(t, cerr) {
				break
			}
			if err := e.fsys.Rename(tmp, target); sharingViolation(err) {
				refused = err
				break
			} else if !assert.NoError(t, err, "Rename %s over %s", tmp, target) {
				break
			}
		}
	})
	assert.Zero(t, torn, "reads of %s that saw an error or a partial file, of %d", target, reads)
	skipSharingViolation(t, "Rename over "+target, refused)
	assert.Equal(t, string(version(renameRounds)), readFile(t, e.fsys, target), "the target after the last Rename")
}

// readersDuring reads target whole from renameReaders goroutines while
// replace runs, and returns how many of the reads failed or were not
// whole, and how many were made. op names what replaces the target in the
// failure message, which is reported once.
func readersDuring(t tester, fsys vfs.Fs, target, op string, whole func(string) bool, replace func()) (torn, reads int32) {
	var (
		stop      atomic.Bool
		wg        sync.WaitGroup
		nTorn     atomic.Int32
		nReads    atomic.Int32
		reportOne sync.Once
	)
	for range renameReaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			safely(t, "reader", func() {
				for !stop.Load() {
					got, err := readAll(fsys, target)
					if sharingViolation(err) {
						// Windows refuses an open while the file is
						// being replaced; the reader sees no mix.
						continue
					}
					nReads.Add(1)
					if err != nil {
						nTorn.Add(1)
						reportOne.Do(func() { t.Errorf("a reader of %s during %s got an error: %v", target, op, err) })
						continue
					}
					if !whole(got) {
						nTorn.Add(1)
						reportOne.Do(func() {
							t.Errorf("a reader of %s during %s saw %d bytes that are not one whole version", target, op, len(got))
						})
					}
				}
			})
		}()
	}
	replace()
	stop.Store(true)
	wg.Wait()
	return nTorn.Load(), nReads.Load()
}
