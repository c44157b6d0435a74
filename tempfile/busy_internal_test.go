package tempfile

import (
	"errors"
	"io/fs"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRetryBusy(t *testing.T) {
	t.Parallel()
	sharing := &fs.PathError{Op: "remove", Path: "f", Err: syscall.Errno(32)}
	calls := 0
	err := retryBusy(func() error {
		calls++
		if calls < 4 {
			return sharing
		}
		return nil
	})
	if runtime.GOOS == "windows" {
		assert.NoError(t, err, "a sharing violation is retried until it clears")
		assert.Equal(t, 4, calls)
	} else {
		assert.ErrorIs(t, err, sharing, "only Windows retries")
		assert.Equal(t, 1, calls)
	}

	calls = 0
	other := errors.New("something else")
	assert.ErrorIs(t, retryBusy(func() error { calls++; return other }), other)
	assert.Equal(t, 1, calls, "any other error is returned at once")
}
