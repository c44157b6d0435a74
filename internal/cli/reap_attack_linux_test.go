package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reapOutside makes a directory of 30 files, read-only, outside the one
// reap cleans, and returns it with a function that says what it holds.
func reapOutside(t *testing.T) (string, func() map[string]string) {
	t.Helper()
	out := t.TempDir()
	for i := range 30 {
		p := filepath.Join(out, fmt.Sprintf("f%02d", i))
		require.NoError(t, os.WriteFile(p, []byte(p), 0o600))
		require.NoError(t, os.Chmod(p, fs.FileMode(0o400+i%4*0o20)))
	}
	require.NoError(t, os.Mkdir(filepath.Join(out, "closed"), 0o700))
	require.NoError(t, os.Chmod(filepath.Join(out, "closed"), 0o100))
	require.NoError(t, os.Chmod(out, 0o555))
	t.Cleanup(func() {
		_ = os.Chmod(out, 0o755)
		_ = os.Chmod(filepath.Join(out, "closed"), 0o755)
	})
	state := func() map[string]string {
		m := map[string]string{}
		ents, err := os.ReadDir(out)
		require.NoError(t, err)
		for _, e := range ents {
			p := filepath.Join(out, e.Name())
			fi, err := os.Lstat(p)
			require.NoError(t, err)
			m[e.Name()] = fi.Mode().String()
			if fi.Mode().IsRegular() {
				b, err := os.ReadFile(p)
				require.NoError(t, err)
				m[e.Name()] += " " + string(b)
			}
		}
		fi, err := os.Lstat(out)
		require.NoError(t, err)
		m["."] = fi.Mode().String()
		return m
	}
	return out, state
}

// TestReapNeverLeavesTheTree: links planted in stale entries, to the
// outside directory and to a directory there that its owner may not read,
// are removed, never followed, by reap's look inside and its removal.
func TestReapNeverLeavesTheTree(t *testing.T) {
	t.Parallel()
	out, state := reapOutside(t)
	want := state()
	dir := t.TempDir()
	entry := filepath.Join(dir, reapName("tmp", 1))
	mkfile(t, filepath.Join(entry, "sub", "f"))
	require.NoError(t, os.Symlink(out, filepath.Join(entry, "sub", "link")))
	require.NoError(t, os.Symlink(filepath.Join(out, "closed"), filepath.Join(entry, "closed")))
	require.NoError(t, os.Symlink(filepath.Join(out, "f00"), filepath.Join(entry, "file")))
	age(t, entry, 48*time.Hour)
	require.NoError(t, os.Chmod(filepath.Join(entry, "sub"), 0o300)) // leaves mtimes alone
	code, stdout, stderr := runCLI(&CLI{}, "reap", "-v", dir)
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, entry+"\n", stdout)
	assert.Equal(t, want, state(), "nothing outside changed")
	_, err := os.Lstat(entry)
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// TestReapSwapRace: a goroutine swaps a directory of a stale entry for a
// link to the outside directory, and back, while reap runs again and
// again for a second. Nothing outside changes.
func TestReapSwapRace(t *testing.T) {
	t.Parallel()
	out, state := reapOutside(t)
	want := state()
	dir := t.TempDir()
	deadline := time.Now().Add(time.Second)
	rounds, removed := 0, 0
	for ; time.Now().Before(deadline); rounds++ {
		entry := filepath.Join(dir, reapName("tmp", rounds%1000))
		sub := filepath.Join(entry, "a", "sub")
		mkfile(t, filepath.Join(sub, "f"))
		mkfile(t, filepath.Join(sub, "deeper", "g"))
		require.NoError(t, os.Chmod(sub, 0o500))
		age(t, entry, 48*time.Hour)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			hold := filepath.Join(entry, "a", "hold")
			old := time.Now().Add(-48 * time.Hour)
			for {
				select {
				case <-stop:
					return
				default:
				}
				if os.Rename(sub, hold) == nil {
					_ = os.Symlink(out, sub)
					_ = os.Remove(sub)
					_ = os.Rename(hold, sub)
					// Old again, so that reap goes on to look inside
					// and remove while the swaps go on.
					_ = os.Chtimes(filepath.Join(entry, "a"), old, old)
				}
			}
		}()
		code, stdout, _ := runCLI(&CLI{}, "reap", dir)
		close(stop)
		wg.Wait()
		if code == 0 && stdout != "" {
			removed++
		}
		// What the attack kept, reap's own removal takes away.
		require.NoError(t, os.Chmod(dir, 0o700))
		if _, err := os.Lstat(entry); err == nil {
			require.NoError(t, removeEntry(entry, dirInfo{mode: fs.ModeDir | 0o700}))
		}
	}
	assert.Equal(t, want, state(), "nothing outside changed")
	t.Logf("%d rounds, %d with the entry reaped", rounds, removed)
}
