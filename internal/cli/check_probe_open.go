package cli

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tempvfs/tempvfs/osbackend"
)

// What a filesystem does with a file that is open when its name is
// removed or renamed over: a local filesystem frees the name at once,
// while NFS, SMB and FUSE as sshfs does it keep the file under a hidden
// name until it is closed (a "silly rename"), which changes what
// anonymous files and atomic replacement can be there.

// hiddenKind names, for the report, the kind of hidden name that a
// filesystem gave a removed open file.
func hiddenKind(name string) string {
	for _, prefix := range []string{".fuse_hidden", ".nfs", ".smb"} {
		if strings.HasPrefix(name, prefix) {
			return prefix
		}
	}
	return quote(name)
}

// otherNames returns the names in dir other than keep.
func otherNames(dir string, keep ...string) ([]string, error) {
	names, err := readNames(dir)
	var other []string
	for _, n := range names {
		if !slices.Contains(keep, n) {
			other = append(other, n)
		}
	}
	return other, err
}

// probeUnlinkOpen removes the name of a file that is open and looks at
// the directory, which it has not listed before (sshfs's listing of a
// directory it has cached can miss the hidden name): empty on a local
// filesystem, a hidden name on one that silly-renames. It then says what
// osbackend's anonymous files are there.
func probeUnlinkOpen(dir string) capability {
	c := capability{Name: capUnlinkOpen}
	name := filepath.Join(dir, "open")
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return c.notChecked("cannot create %s: %s", name, errText(err))
	}
	defer f.Close()
	if _, err := f.Write([]byte("open")); err != nil {
		return c.notChecked("write to %s: %s", name, errText(err))
	}
	if err := os.Remove(name); err != nil {
		return c.no("removing an open file is refused: %s", errText(err))
	}
	left, err := otherNames(dir)
	if err != nil {
		return c.notChecked("cannot list %s: %s", dir, errText(err))
	}
	buf := make([]byte, 4)
	if _, err := f.ReadAt(buf, 0); err != nil || string(buf) != "open" {
		return c.no("the open file no longer reads after its name was removed: %q, %v", buf, err)
	}
	if len(left) == 0 {
		return c.yes("the name goes at once, and the open file still reads")
	}
	anon := "anonymous files"
	if a, err := osbackend.New().CreateAnonymous(dir, 0o600); err == nil {
		a.Close()
		anon += " are made with O_TMPFILE here"
	} else if errors.Is(err, errors.ErrUnsupported) {
		anon += " are named files here"
	} else {
		anon += " cannot be made here: " + errText(err)
	}
	return c.no("removing an open file leaves a hidden %s file until it is closed (silly rename): %s", hiddenKind(left[0]), anon)
}

// renameOverOpenRounds bounds the renames of probeRenameOverOpen, and
// renameOverOpenTime the time it takes.
const (
	renameOverOpenRounds = 100
	renameOverOpenTime   = 2 * time.Second
)

// probeRenameOverOpen renames a file over one that is open, and looks for
// the hidden name that a filesystem that silly-renames gives the old file
// (as it is two renames there, readers can find no file at all between
// them); then it renames new files over the name while two readers open
// and read it in a loop, and counts the opens that found nothing.
func probeRenameOverOpen(dir string) capability {
	c := capability{Name: capRenameOverOpen}
	target := filepath.Join(dir, "target")
	write := func(name, data string) error {
		return os.WriteFile(name, []byte(data), 0o600)
	}
	if err := write(target, "old"); err != nil {
		return c.notChecked("cannot create %s: %s", target, errText(err))
	}
	held, err := os.Open(target)
	if err != nil {
		return c.notChecked("cannot open %s: %s", target, errText(err))
	}
	defer held.Close()
	src := filepath.Join(dir, "new")
	if err := write(src, "new"); err != nil {
		return c.notChecked("cannot create %s: %s", src, errText(err))
	}
	if err := os.Rename(src, target); err != nil {
		return c.no("a rename over an open file is refused: %s", errText(err))
	}
	hidden, err := otherNames(dir, "target")
	if err != nil {
		return c.notChecked("cannot list %s: %s", dir, errText(err))
	}
	held.Close()

	var stop atomic.Bool
	var opens, missing atomic.Int64
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				f, err := os.Open(target)
				opens.Add(1)
				if errors.Is(err, fs.ErrNotExist) {
					missing.Add(1)
					continue
				}
				if err == nil {
					_, _ = io.Copy(io.Discard, f)
					f.Close()
				}
			}
		}()
	}
	rounds := 0
	var rerr error
	for start := time.Now(); rounds < renameOverOpenRounds && time.Since(start) < renameOverOpenTime; rounds++ {
		if rerr = write(src, "new "+strconv.Itoa(rounds)); rerr != nil {
			break
		}
		if rerr = os.Rename(src, target); rerr != nil {
			break
		}
	}
	stop.Store(true)
	wg.Wait()
	if rerr != nil {
		return c.notChecked("renaming over %s while it is read: %s", target, errText(rerr))
	}
	race := strconv.FormatInt(missing.Load(), 10) + " of " + strconv.FormatInt(opens.Load(), 10) +
		" opens during " + strconv.Itoa(rounds) + " renames found no file"
	switch {
	case len(hidden) > 0:
		return c.no("a rename over an open file is not atomic for readers: the open file is first renamed to a hidden %s name, then the new one takes its name, and a reader opening it in between gets ENOENT (%s)", hiddenKind(hidden[0]), race)
	case missing.Load() > 0:
		return c.no("a rename over an open file is not atomic for readers: %s", race)
	}
	// The count of renames is left out: it depends on the machine's
	// speed, and the report should not change from one run to the next.
	return c.yes("readers that opened it while new files were renamed over it found the old file or the new one, every time")
}
