package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

const reapHelp = `Usage: tempvfs reap [OPTION]... [DIR]
Remove stale temporary files and directories that tempvfs made in DIR.

DIR is the directory to clean; without it, the temporary directory that
tempvfs uses (as for 'tempvfs check'). reap looks at the entries directly
in DIR, never deeper, and removes each one that
  - has a name that tempvfs makes: "tmp", "tempvfs-run-" or
    "tempvfs-check-", then 13 characters of a-z and 2-7 (the random part
    of package tempfile's names); with --pending also a regular file
    named ".NAME." and 13 such characters, which tempfile.WriteFile
    leaves behind when its process dies while writing;
  - was last modified longer than DURATION ago, it and (for a directory)
    everything in it;
  - belongs, with everything in it, to the user reap runs as (its
    effective user ID: root, too, removes only root's entries);
  - is not in use (Linux): no process that reap can see holds it, or
    anything in it, open, runs it, or has its working or root directory
    there.
A directory goes with everything in it, unless it is or contains a
mount point: on Linux, any mount point that /proc/self/mountinfo lists
(bind mounts included; if it cannot be read, reap removes nothing and
fails), and anywhere, a directory on a device other than DIR's. A
symbolic link is removed itself; no link is ever followed.
Names of the form tmp.XXXXXXXXXX (GNU mktemp's and 'tempvfs mktemp''s)
are not recognised: many programs make them.

Options:
      --older-than=DURATION  remove only entries older than DURATION, a Go
                               duration (90m, 36h) or a number of days,
                               alone or first (7d, 1.5d, 1d12h; at most
                               36500d in all); default 24h
  -n, --dry-run       print what would be removed and remove nothing
      --pending       also remove tempfile.WriteFile's leftover files
  -v, --verbose       say on standard error why each entry that has a
                        tempvfs name is kept
  -h, --help          print this help and exit

reap prints the path of each entry it removes (or, with --dry-run, would
remove) on standard output, one per line.

Exit status: 0 on success, whether or not anything was stale; 1 if DIR
cannot be read or an entry could not be removed; 2 for a malformed
command line.
`

// reap option identifiers, besides optDryRun and optHelp.
const (
	optOlderThan = "older-than"
	optPending   = "pending"
	optVerbose   = "verbose"
)

var reapOptions = []option{
	{id: optOlderThan, long: "older-than", arg: requiredArg},
	{id: optDryRun, long: "dry-run", short: 'n'},
	{id: optPending, long: "pending"},
	{id: optVerbose, long: "verbose", short: 'v'},
	{id: optHelp, long: "help", short: 'h'},
}

// defaultReapAge is the age beyond which reap removes entries by default.
const defaultReapAge = 24 * time.Hour

// reapPrefixes are the name prefixes of the entries that tempvfs makes.
var reapPrefixes = []string{tempfile.DefaultPrefix, runDirPrefix, checkDirPrefix}

// pendingNameRE matches the names of tempfile's pending files:
// "." + target base name + "." + the random part.
var pendingNameRE = regexp.MustCompile(`^\.[^/]+\.[` + tempfile.Alphabet + `]{` + strconv.Itoa(tempfile.DefaultRandomLen) + `}$`)

// reapRequest is a parsed reap command line.
type reapRequest struct {
	dir     string
	age     time.Duration
	dryRun  bool
	pending bool
	verbose bool
}

func (c *CLI) reap(args []string) int {
	const prog = "tempvfs reap"
	opts, operands, err := getopt{options: reapOptions, permute: true}.parse(args)
	req := reapRequest{age: defaultReapAge}
	for _, o := range opts {
		switch o.id {
		case optOlderThan:
			d, perr := parseAge(o.value)
			if perr != nil && err == nil {
				err = perr
			}
			req.age = d
		case optDryRun:
			req.dryRun = true
		case optPending:
			req.pending = true
		case optVerbose:
			req.verbose = true
		case optHelp:
			fmt.Fprint(c.stdout(), reapHelp)
			return exitOK
		}
	}
	if err == nil && len(operands) > 1 {
		err = usagef("extra operand %s", quote(operands[1]))
	}
	if err != nil {
		c.errorf("%s: %v\n", prog, err)
		c.tryHelp(prog)
		return exitUsage
	}
	if len(operands) == 1 {
		req.dir = operands[0]
	} else if req.dir, err = tempfile.TempDir(osbackend.New()); err != nil {
		c.errorf("%s: %v\n", prog, err)
		return exitFailure
	}
	return c.reapDir(prog, req)
}

// maxAgeDays is the most days that --older-than accepts, and
// maxDaysAge the longest age that it accepts with a number of days:
// about a century, far from the range of time.Duration.
const (
	maxAgeDays = 100 * 365
	maxDaysAge = maxAgeDays * 24 * time.Hour
)

// parseAge parses a Go duration, optionally preceded by a number of days
// ("7d", "1d12h"). With days, the whole age may not exceed maxDaysAge.
// The result is never negative.
func parseAge(s string) (time.Duration, error) {
	bad := usagef("invalid duration %s: want a Go duration such as 36h or a number of days such as 7d", quote(s))
	var d time.Duration
	rest := s
	limit := time.Duration(math.MaxInt64)
	if days, after, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		if err != nil || !(n >= 0 && n <= maxAgeDays) { // NaN fails too
			return 0, bad
		}
		d = min(time.Duration(n*float64(24*time.Hour)), maxDaysAge)
		rest = after
		limit = maxDaysAge
	}
	if rest != "" || d == 0 && s == "" {
		r, err := time.ParseDuration(rest)
		if err != nil || r < 0 || r > limit-d {
			return 0, bad
		}
		d += r
	}
	return d, nil
}

// reapDir does the work of reap once its command line is understood.
func (c *CLI) reapDir(prog string, req reapRequest) int {
	dir := c.resolve(req.dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		c.errorf("%s: %s: %s\n", prog, req.dir, errText(err))
		return exitFailure
	}
	dirInfo, err := os.Stat(dir)
	if err != nil {
		c.errorf("%s: %s: %s\n", prog, req.dir, errText(err))
		return exitFailure
	}
	dirID, _ := fileIDOf(dirInfo)
	var inUse map[fileID]int
	if inUseCheck {
		if inUse, err = filesInUse(); err != nil {
			c.errorf("%s: cannot tell which files are in use: %v\n", prog, err)
			return exitFailure
		}
	}
	var mounts, dirNames []string
	if mountCheck {
		if mounts, err = mountPoints(); err != nil {
			c.errorf("%s: cannot tell where filesystems are mounted: %v\n", prog, err)
			return exitFailure
		}
		// Mount points are listed by their real absolute paths.
		if dirNames, err = absAndReal(dir); err != nil {
			c.errorf("%s: %s: %s\n", prog, req.dir, errText(err))
			return exitFailure
		}
	}
	cutoff := time.Now().Add(-req.age)
	euid := os.Geteuid()
	status := exitOK
	for _, e := range entries {
		name := e.Name()
		if !reapable(name, e.Type(), req.pending) {
			continue
		}
		shown := filepath.Join(req.dir, name)
		path := filepath.Join(dir, name)
		fi, err := os.Lstat(path)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				c.errorf("%s: %s: %s\n", prog, shown, errText(err))
				status = exitFailure
			}
			continue
		}
		if !reapable(name, fi.Mode().Type(), req.pending) {
			continue // replaced since it was listed
		}
		reason := mountPointIn(mounts, dirNames, name)
		if reason == "" {
			reason = reapVeto(path, fi, dirID.dev, cutoff, euid, inUse)
		}
		if reason != "" {
			if req.verbose {
				c.errorf("%s: kept %s: %s\n", prog, shown, reason)
			}
			continue
		}
		if !req.dryRun {
			if err := removeEntry(path, fi); err != nil {
				c.errorf("%s: cannot remove %s: %s\n", prog, shown, errText(err))
				status = exitFailure
				continue
			}
		}
		fmt.Fprintln(c.stdout(), shown)
	}
	return status
}

// absAndReal returns the absolute path of dir and, if it differs, its
// path with every symbolic link resolved.
func absAndReal(dir string) ([]string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	if real == abs {
		return []string{abs}, nil
	}
	return []string{abs, real}, nil
}

// mountPointIn says which of mounts, cleaned absolute paths, is the
// entry name in one of dirs, or lies below it, as a reason to keep the
// entry; "" if none does.
func mountPointIn(mounts, dirs []string, name string) string {
	for _, dir := range dirs {
		entry := filepath.Join(dir, name)
		for _, m := range mounts {
			if m == entry {
				return "it is a mount point"
			}
			if strings.HasPrefix(m, entry) && os.IsPathSeparator(m[len(entry)]) {
				return fmt.Sprintf("%s is a mount point", m)
			}
		}
	}
	return ""
}

// reapable reports whether an entry named name, of type typ (the type
// bits of its mode), has a name that tempvfs makes.
func reapable(name string, typ fs.FileMode, pending bool) bool {
	for _, prefix := range reapPrefixes {
		if tempfile.IsTempName(name, prefix, "") {
			return true
		}
	}
	return pending && typ.IsRegular() && pendingNameRE.MatchString(name)
}

// reapVeto returns why the entry at path, which lstat described as fi,
// must stay, or "" if it may go: it or something in it is not the
// user's, is newer than cutoff or is in use, or it holds a mount point (a
// directory on a device other than dev). Nothing is followed.
//
// A directory is looked into through an [os.Root] opened on it, checked
// to be the directory lstat saw, so that no link, planted or swapped in,
// leads the walk out of the tree. A directory of the user's that its
// owner may not read or search is given owner read and search permission
// while the walk is inside it, and its mode put back afterwards: the
// entry itself without following a link (see chmodEntry), the
// directories below it through the root.
func reapVeto(path string, fi fs.FileInfo, dev uint64, cutoff time.Time, euid int, inUse map[fileID]int) string {
	var veto string
	// check sets veto and reports true if the entry at rel (shown as p)
	// must stay.
	check := func(p string, fi fs.FileInfo, top bool) bool {
		if uid, ok := fileOwner(fi); ok && uid != euid {
			veto = fmt.Sprintf("owned by user %d, not by %d", uid, euid)
			if !top {
				veto = fmt.Sprintf("%s is owned by user %d, not by %d", p, uid, euid)
			}
			return true
		}
		if fi.ModTime().After(cutoff) {
			veto = fmt.Sprintf("modified %s ago", time.Since(fi.ModTime()).Round(time.Second))
			if !top {
				veto = fmt.Sprintf("%s was modified %s ago", p, time.Since(fi.ModTime()).Round(time.Second))
			}
			return true
		}
		if id, ok := fileIDOf(fi); ok {
			if pid, busy := inUse[id]; busy {
				veto = fmt.Sprintf("in use by process %d", pid)
				if !top {
					veto = fmt.Sprintf("%s is in use by process %d", p, pid)
				}
				return true
			}
			if fi.IsDir() && id.dev != dev {
				veto = fmt.Sprintf("%s is a mount point", p)
				return true
			}
		}
		return false
	}
	if check(path, fi, true) || !fi.IsDir() {
		return veto
	}
	if err := lookInside(path, fi, euid, check); err != nil && !errors.Is(err, errStop) {
		return fmt.Sprintf("cannot look inside: %v", err)
	}
	return veto
}

// lookInside calls check on every entry below the directory path, which
// lstat described as fi, until check reports true (then it returns
// errStop). It walks through an os.Root opened on path.
func lookInside(path string, fi fs.FileInfo, euid int, check func(p string, fi fs.FileInfo, top bool) bool) (err error) {
	if perm := fi.Mode().Perm(); perm&0o500 != 0o500 && euid != 0 {
		// A directory of the user's own (checked before) that its owner
		// may not read or search, as run's commands leave them: look
		// inside for the length of the walk.
		if err := chmodEntry(path, perm|0o500); err != nil {
			return err
		}
		defer func() {
			if rerr := chmodEntry(path, perm); rerr != nil && (err == nil || errors.Is(err, errStop)) {
				err = rerr // keeps the entry: its mode is not what it was
			}
		}()
	}
	root, err := os.OpenRoot(path)
	if err != nil {
		return err
	}
	defer root.Close()
	rfi, err := root.Stat(".")
	if err != nil {
		return err
	}
	if same, known := vfs.SameFile(fi, rfi); !rfi.IsDir() || known && !same {
		return &fs.PathError{Op: "open", Path: path, Err: errors.New("replaced while being looked at")}
	}
	var walk func(rel string, perm fs.FileMode) error
	walk = func(rel string, perm fs.FileMode) (err error) {
		if rel != "." && perm&0o500 != 0o500 && euid != 0 {
			if err := root.Chmod(rel, perm|0o500); err != nil {
				return err
			}
			defer func() {
				if rerr := root.Chmod(rel, perm); rerr != nil && (err == nil || errors.Is(err, errStop)) {
					err = rerr
				}
			}()
		}
		d, err := root.Open(rel)
		if err != nil {
			return err
		}
		names, err := d.Readdirnames(-1)
		d.Close()
		if err != nil {
			return err
		}
		for _, n := range names {
			child := filepath.Join(rel, n)
			cfi, err := root.Lstat(child)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				return err
			}
			if check(filepath.Join(path, child), cfi, false) {
				return errStop
			}
			if cfi.IsDir() {
				if err := walk(child, cfi.Mode().Perm()); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(".", fi.Mode().Perm())
}

// errStop ends reapVeto's walk once a reason to keep the entry is found.
var errStop = errors.New("stop")

// removeEntry removes the entry at path, which lstat described as fi,
// without following a symbolic link: a link or file is unlinked; a
// directory is removed with everything in it by osbackend's RemoveTree,
// which works relative to each directory's descriptor, gives directories
// owner permissions through their descriptors and follows no link even
// one swapped in while it runs. Where there is none (Windows), by
// os.RemoveAll.
func removeEntry(path string, fi fs.FileInfo) error {
	if !fi.IsDir() {
		return os.Remove(path)
	}
	if err := osbackend.New().RemoveTree(path); !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return os.RemoveAll(path)
}
