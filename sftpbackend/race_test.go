package sftpbackend_test

import (
	"fmt"
	"io/fs"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/sftpbackend"
)

// Sizes of the races between clients: each client has its own SSH
// connection, and so its own sftp-server process on the server.
const (
	raceClients = 4
	raceRounds  = 25
)

// raceFS returns raceClients filesystems, each over its own connection.
func raceFS(t *testing.T) []*sftpbackend.FS {
	t.Helper()
	var out []*sftpbackend.FS
	for range raceClients {
		fsys, err := sftpbackend.New(dial(t))
		require.NoError(t, err)
		out = append(out, fsys)
	}
	return out
}

// race runs do(i) for every client at once, round after round.
func race(rounds int, do func(round, i int)) {
	for round := range rounds {
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range raceClients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				do(round, i)
			}()
		}
		close(start)
		wg.Wait()
	}
}

// TestRenameNoReplaceClients races clients renaming their own regular
// files onto one name with RenameNoReplace: OpenSSH's server link(2)s
// and unlink(2)s, so exactly one wins each round and every loser keeps
// its source.
func TestRenameNoReplaceClients(t *testing.T) {
	t.Parallel()
	clients := raceFS(t)
	dir := t.TempDir()
	errs := make([][]error, raceRounds)
	for round := range raceRounds {
		errs[round] = make([]error, raceClients)
		for i := range raceClients {
			require.NoError(t, os.WriteFile(join(dir, fmt.Sprintf("src%d-%d", round, i)), []byte(fmt.Sprint(i)), 0o600))
		}
	}
	race(raceRounds, func(round, i int) {
		errs[round][i] = clients[i].RenameNoReplace(join(dir, fmt.Sprintf("src%d-%d", round, i)), join(dir, fmt.Sprintf("target%d", round)))
	})
	for round := range raceRounds {
		winners := 0
		for i, err := range errs[round] {
			src := join(dir, fmt.Sprintf("src%d-%d", round, i))
			if err == nil {
				winners++
				got, rerr := os.ReadFile(join(dir, fmt.Sprintf("target%d", round)))
				require.NoError(t, rerr)
				assert.Equal(t, fmt.Sprint(i), string(got), "the winner's data")
				_, serr := os.Lstat(src)
				assert.ErrorIs(t, serr, fs.ErrNotExist, "the winner's source is gone")
				continue
			}
			assert.ErrorIs(t, err, fs.ErrExist, "a losing RenameNoReplace")
			got, rerr := os.ReadFile(src)
			if assert.NoError(t, rerr, "a loser keeps its source") {
				assert.Equal(t, fmt.Sprint(i), string(got))
			}
		}
		assert.Equal(t, 1, winners, "round %d: clients that won the no-replace rename", round)
	}
}

// TestExclusiveCreateClients races clients creating one name with
// CreateExclusive: the server's open(O_CREAT|O_EXCL) lets one win.
func TestExclusiveCreateClients(t *testing.T) {
	t.Parallel()
	clients := raceFS(t)
	dir := t.TempDir()
	errs := make([][]error, raceRounds)
	for round := range errs {
		errs[round] = make([]error, raceClients)
	}
	race(raceRounds, func(round, i int) {
		f, err := clients[i].CreateExclusive(join(dir, fmt.Sprintf("f%d", round)), 0o600)
		if err == nil {
			_, err = f.Write([]byte(fmt.Sprint(i)))
			f.Close()
		}
		errs[round][i] = err
	})
	for round := range raceRounds {
		winners := 0
		for _, err := range errs[round] {
			if err == nil {
				winners++
				continue
			}
			assert.ErrorIs(t, err, fs.ErrExist, "a losing CreateExclusive")
		}
		assert.Equal(t, 1, winners, "round %d: clients that won the exclusive create", round)
	}
}

// TestPlainRenameOfLink records why RenameNoReplace refuses anything but
// a regular file: for a symbolic link, OpenSSH's SSH_FXP_RENAME stat(2)s
// the new name, which follows a dangling link to nothing, and then
// rename(2)s over it.
func TestPlainRenameOfLink(t *testing.T) {
	t.Parallel()
	c := shared(t, "")
	dir := t.TempDir()
	require.NoError(t, os.Symlink("one", join(dir, "a")))
	require.NoError(t, os.Symlink("two", join(dir, "b")))
	require.NoError(t, c.Rename(join(dir, "a"), join(dir, "b")), "OpenSSH's plain rename of a link onto a dangling link")
	got, err := os.Readlink(join(dir, "b"))
	require.NoError(t, err)
	assert.Equal(t, "one", got, "the dangling link was replaced")
}
