package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/tempvfs/tempvfs/osbackend"
)

// timeCreates measures the median time of n exclusive creates, each with
// close and remove, in dir, through osbackend and through os.CreateTemp.
func timeCreates(fsys *osbackend.FS, dir string, n int) *createTimeReport {
	r := &createTimeReport{Creates: n}
	r.OsbackendNs = medianTime(n, func(i int) error {
		name := filepath.Join(dir, fmt.Sprintf("create-%d", i))
		f, err := fsys.CreateExclusive(name, 0o600)
		if err != nil {
			return err
		}
		return errors.Join(f.Close(), fsys.Remove(name))
	})
	r.OSCreateTempNs = medianTime(n, func(int) error {
		f, err := os.CreateTemp(dir, "")
		if err != nil {
			return err
		}
		return errors.Join(f.Close(), os.Remove(f.Name()))
	})
	return r
}

// medianTime runs op n times and returns the median duration in
// nanoseconds, or -1 if op ever fails.
func medianTime(n int, op func(i int) error) int64 {
	times := make([]int64, n)
	for i := range times {
		start := time.Now()
		if err := op(i); err != nil {
			return -1
		}
		times[i] = int64(time.Since(start))
	}
	slices.Sort(times)
	return times[n/2]
}
