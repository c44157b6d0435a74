package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/tempvfs/tempvfs/internal/sillyrename"
	"github.com/tempvfs/tempvfs/vfs"
)

// errHeldOpen is joined to the error of a removal of a tree that failed
// only because what is left of it are files removed while still open:
// NFS and FUSE (sshfs) keep such a file under a hidden name (.nfs…,
// .fuse_hidden…) until it is closed, and a moment after, and its
// directory cannot go before that. Waiting cures it once the file is
// closed; retryBusy waits for it.
var errHeldOpen = errors.New("nothing is left but files removed while still open, which the filesystem keeps under hidden names until they are closed")

// Bounds of the look at what a failed removal left.
const (
	heldOpenMaxDepth   = 16
	heldOpenMaxEntries = 1000
)

// heldOpen returns err, the error of the removal of the tree at p, joined
// with errHeldOpen and the hidden names left, when every error in it is a
// directory that is not empty (or, on NFS, a hidden name that cannot be
// removed: EBUSY) and what is left of the tree holds no entry but
// directories and hidden names ([sillyrename.IsHidden]), or none that a
// listing shows; it returns err as it is otherwise.
func heldOpen(fsys vfs.Fs, p string, err error) error {
	if err == nil || !onlyNotEmpty(err) {
		return err
	}
	var hidden []string
	budget := heldOpenMaxEntries
	if !hiddenLeft(fsys, p, heldOpenMaxDepth, &budget, &hidden) {
		return err
	}
	if len(hidden) == 0 {
		// Gone since, or not shown: sshfs's listing can miss the
		// hidden name of a file it has just hidden.
		return fmt.Errorf("%w\n%w (the listing shows none)", err, errHeldOpen)
	}
	return fmt.Errorf("%w\n%w: %s", err, errHeldOpen, strings.Join(hidden, ", "))
}

// onlyNotEmpty reports whether err and every error joined in it wrap
// ENOTEMPTY or EBUSY.
func onlyNotEmpty(err error) bool {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs := j.Unwrap()
		for _, e := range errs {
			if !onlyNotEmpty(e) {
				return false
			}
		}
		return len(errs) > 0
	}
	return errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, syscall.EBUSY)
}

// hiddenLeft reports whether the tree at p holds nothing but directories
// and hidden names, appending those to hidden, looking at most depth
// levels down and at most *budget entries. A p that is gone counts.
func hiddenLeft(fsys vfs.Fs, p string, depth int, budget *int, hidden *[]string) bool {
	fi, err := vfs.Lstat(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	if err != nil || !fi.IsDir() || depth == 0 {
		return false
	}
	f, err := fsys.Open(p)
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return false
	}
	for _, n := range names {
		if *budget--; *budget < 0 {
			return false
		}
		child := filepath.Join(p, n)
		if sillyrename.IsHidden(n) {
			*hidden = append(*hidden, child)
			continue
		}
		if !hiddenLeft(fsys, child, depth-1, budget, hidden) {
			return false
		}
	}
	return true
}
