package tempfile

import (
	"errors"
	"math/rand/v2"
	"time"
)

// busyTimeout bounds how long retryBusy goes on retrying, from its first
// failure: as long as testing.T.TempDir's removal retries on Windows.
const busyTimeout = 2 * time.Second

// retryBusy calls op until it returns nil, fails with an error that
// waiting cannot cure, or busyTimeout has passed since its first failure,
// sleeping between calls for a delay that starts at a millisecond and
// grows by a random part of itself, as testing.T.TempDir's removal does.
// Waiting cures two things. On Windows (see isBusy), a file that another
// program (an indexer, a virus scanner, a reader) has open without
// FILE_SHARE_DELETE cannot be removed until it lets go, and a directory
// holding a removed file that is still open is not empty until then. On
// NFS and FUSE (sshfs), on any system, a directory holding a file removed
// while still open is not empty until the file is closed, and a moment
// after: heldOpen joins errHeldOpen to such an error. Any other error ends
// the calls at once.
func retryBusy(op func() error) error {
	var start time.Time
	sleep := time.Millisecond
	for {
		err := op()
		if err == nil || !isBusy(err) && !errors.Is(err, errHeldOpen) {
			return err
		}
		if start.IsZero() {
			start = time.Now()
		} else if time.Since(start)+sleep >= busyTimeout {
			return err
		}
		time.Sleep(sleep)
		sleep += rand.N(sleep)
	}
}
