package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tempvfs/tempvfs/conformance/suite"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

const checkHelp = `Usage: tempvfs check [OPTION]... [DIR]
Check that DIR is a safe place for temporary files, and what its
filesystem can do.

DIR is the operating system's directory to check; without it, the
temporary directory that tempvfs uses: the first usable of $TMPDIR,
$TEMP, $TMP, /tmp, /var/tmp, /usr/tmp (Unix), the working directory.
check reports:

  Directory     the safety of DIR itself, looked at with lstat (with
                any trailing / or /. left off, so that link/ is a link
                too): DIR is unsafe if it is a symbolic link, if others
                can write to it and it lacks the sticky bit, or if it
                belongs to a user other than you and root. Write
                permission for its group without the sticky bit is a
                warning.
  Filesystem    its type (Linux: statfs f_type, with /proc/self/mountinfo
                telling ext2, ext3 and ext4 apart).
  Capabilities  each one tried for real in DIR: O_TMPFILE (a file
                without a name), publishing such a file with linkat,
                rename without replacing (renameat2 RENAME_NOREPLACE),
                directory fsync, symbolic links, hard links, permission
                enforcement (not checked as root, whom permission bits do
                not bind), and case-sensitive names.
  Conformance   the checks of tempvfs's conformance package, run with the
                operating system's filesystem in fresh directories inside
                DIR: the promises temporary files rely on, per group, with
                each failure and skip and its reason.
  Create time   the median time of 200 exclusive creates (with close and
                remove) through tempvfs's OS backend, and of 200
                os.CreateTemp calls for comparison. Informational.

Everything check makes is inside directories named tempvfs-check-*
in DIR, removed before it exits.

Options:
      --json          print the report as JSON instead of a table
      --quick         skip the conformance checks, and time 20 creates
                        instead of 200
  -h, --help          print this help and exit

JSON: an object with "dir", "ok" (the exit status is 0), "quick", "safety"
{"safe", "mode" (as ls -l shows it), "perm" (octal), "symlink",
"world_writable", "group_writable", "sticky", "owner_uid" (null where
unknown), "problems" and "warnings" (lists of sentences)}, "filesystem"
{"type", "magic"}, "capabilities" (a list of {"name", "status",
"detail"}, name one of o_tmpfile, publish, rename_noreplace, sync_dir,
symlinks, hard_links, permissions, case_sensitive, status one of "yes",
"no", "not checked"), "conformance" (null with --quick or when no
directory can be made in DIR, else {"passed",
"failed", "skipped", "groups" (a list of {"group", "passed", "failed",
"skipped"}), "failures" and "skips" (lists of {"group", "check",
"promise", "status", "message"})}) and "create_time" {"creates",
"osbackend_ns", "os_createtemp_ns"} (medians in nanoseconds, -1 if a
create failed; "create_time" is null if no directory could be made in
DIR).

Exit status: 0 if DIR is safe and no conformance check failed; 1 if DIR
is unsafe, a conformance check failed, or DIR cannot be checked (missing,
not a directory, no entry can be made in it); 2 for a malformed command
line.
`

// check option identifiers.
const (
	optJSON  = "json"
	optQuick = "quick"
)

var checkOptions = []option{
	{id: optJSON, long: "json"},
	{id: optQuick, long: "quick"},
	{id: optHelp, long: "help", short: 'h'},
}

// checkDirPrefix begins the names of the directories check works in.
const checkDirPrefix = "tempvfs-check-"

// checkCreates and quickCreates are how many creates the create-time
// measurement times, without and with --quick.
const (
	checkCreates = 200
	quickCreates = 20
)

// The names of the capabilities check tries, as the JSON report gives
// them.
const (
	capTmpfile         = "o_tmpfile"
	capPublish         = "publish"
	capRenameNoReplace = "rename_noreplace"
	capSyncDir         = "sync_dir"
	capSymlinks        = "symlinks"
	capHardLinks       = "hard_links"
	capPermissions     = "permissions"
	capCaseSensitive   = "case_sensitive"
)

// capLabels are the capabilities' names in the table.
var capLabels = map[string]string{
	capTmpfile:         "O_TMPFILE",
	capPublish:         "publish (linkat)",
	capRenameNoReplace: "no-replace rename",
	capSyncDir:         "directory fsync",
	capSymlinks:        "symbolic links",
	capHardLinks:       "hard links",
	capPermissions:     "permission enforcement",
	capCaseSensitive:   "case-sensitive names",
}

// The values of capability.Status.
const (
	capYes        = "yes"
	capNo         = "no"
	capNotChecked = "not checked"
)

// checkReport is what check finds; it is printed as a table or as JSON.
// The JSON field names are documented in checkHelp and are stable.
type checkReport struct {
	Dir          string              `json:"dir"`
	OK           bool                `json:"ok"`
	Quick        bool                `json:"quick"`
	Safety       safetyReport        `json:"safety"`
	Filesystem   filesystemReport    `json:"filesystem"`
	Capabilities []capability        `json:"capabilities"`
	Conformance  *conformanceSummary `json:"conformance"`
	CreateTime   *createTimeReport   `json:"create_time"`
}

type safetyReport struct {
	Safe          bool     `json:"safe"`
	Mode          string   `json:"mode"`
	Perm          string   `json:"perm"`
	Symlink       bool     `json:"symlink"`
	WorldWritable bool     `json:"world_writable"`
	GroupWritable bool     `json:"group_writable"`
	Sticky        bool     `json:"sticky"`
	OwnerUID      *int     `json:"owner_uid"`
	Problems      []string `json:"problems"`
	Warnings      []string `json:"warnings"`
}

type filesystemReport struct {
	Type  string `json:"type"`
	Magic string `json:"magic"`
}

// capability is the outcome of trying one capability.
type capability struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Detail string `json:"detail"`
}

func (c capability) with(status, format string, args ...any) capability {
	c.Status, c.Detail = status, fmt.Sprintf(format, args...)
	return c
}

func (c capability) yes(format string, args ...any) capability {
	return c.with(capYes, format, args...)
}

func (c capability) no(format string, args ...any) capability {
	return c.with(capNo, format, args...)
}

func (c capability) notChecked(format string, args ...any) capability {
	return c.with(capNotChecked, format, args...)
}

type conformanceSummary struct {
	Passed   int            `json:"passed"`
	Failed   int            `json:"failed"`
	Skipped  int            `json:"skipped"`
	Groups   []groupSummary `json:"groups"`
	Failures []suite.Result `json:"failures"`
	Skips    []suite.Result `json:"skips"`
}

type groupSummary struct {
	Group   string `json:"group"`
	Passed  int    `json:"passed"`
	Failed  int    `json:"failed"`
	Skipped int    `json:"skipped"`
}

type createTimeReport struct {
	Creates        int   `json:"creates"`
	OsbackendNs    int64 `json:"osbackend_ns"`
	OSCreateTempNs int64 `json:"os_createtemp_ns"`
}

func (c *CLI) check(args []string) int {
	const prog = "tempvfs check"
	opts, operands, err := getopt{options: checkOptions, permute: true}.parse(args)
	var asJSON, quick bool
	for _, o := range opts {
		switch o.id {
		case optJSON:
			asJSON = true
		case optQuick:
			quick = true
		case optHelp:
			fmt.Fprint(c.stdout(), checkHelp)
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

	var dir, shown string
	if len(operands) == 1 {
		dir, shown = c.resolve(operands[0]), operands[0]
	} else {
		if dir, err = tempfile.TempDir(osbackend.New()); err != nil {
			c.errorf("%s: %v\n", prog, err)
			return exitFailure
		}
		shown = dir
	}
	r, err := checkDir(dir, quick)
	if err != nil {
		c.errorf("%s: %s: %s\n", prog, shown, errText(err))
		return exitFailure
	}
	if asJSON {
		data, err := json.MarshalIndent(r, "", "  ")
		if err != nil { // cannot happen: the report is plain data
			c.errorf("%s: %v\n", prog, err)
			return exitFailure
		}
		fmt.Fprintf(c.stdout(), "%s\n", data)
	} else {
		r.writeText(c.stdout())
	}
	if !r.OK {
		return exitFailure
	}
	return exitOK
}

// checkDir examines dir and returns the report. It fails only if dir
// cannot be examined at all: it does not exist or is not a directory.
func checkDir(dir string, quick bool) (*checkReport, error) {
	r := &checkReport{Dir: dir, Quick: quick}
	// lstat of "link/" or "link/." would follow the link.
	name := trimTrailingDots(dir)
	lfi, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	fi := lfi
	if lfi.Mode()&fs.ModeSymlink != 0 {
		if fi, err = os.Stat(name); err != nil {
			return nil, err
		}
	}
	if !fi.IsDir() {
		return nil, &fs.PathError{Op: "check", Path: dir, Err: errors.New("not a directory")}
	}
	r.Safety = assessSafety(name, lfi, fi, os.Geteuid())

	fsType, magic, err := filesystemType(dir)
	if err != nil {
		fsType = "unknown: " + errText(err)
	}
	r.Filesystem = filesystemReport{Type: fsType, Magic: magic}

	osfs := osbackend.New()
	work, err := tempfile.NewDir(osfs, tempfile.WithDir(dir), tempfile.WithPrefix(checkDirPrefix))
	if err != nil {
		r.Safety.Problems = append(r.Safety.Problems, fmt.Sprintf("no directory can be created in it: %s", errText(err)))
		r.Safety.Safe = false
		for _, name := range capNames() {
			r.Capabilities = append(r.Capabilities, capability{Name: name}.notChecked("no directory can be created in %s", dir))
		}
		quick = true // the conformance checks could not make theirs either
	} else {
		r.Capabilities = probeCapabilities(work.Path())
		n := checkCreates
		if quick {
			n = quickCreates
		}
		r.CreateTime = timeCreates(osfs, work.Path(), n)
		if err := work.Cleanup(); err != nil {
			r.Safety.Problems = append(r.Safety.Problems, fmt.Sprintf("check could not remove its own directory: %v", err))
			r.Safety.Safe = false
		}
	}
	if !quick {
		r.Conformance = runConformance(dir)
	}
	r.OK = r.Safety.Safe && (r.Conformance == nil || r.Conformance.Failed == 0)
	return r, nil
}

// trimTrailingDots returns dir without the trailing separators and "."
// components that name the same directory, so that its last component
// is the entry itself: "link/." and "link/" become "link". A root ("/",
// or a volume's root on Windows) and ".." are kept.
func trimTrailingDots(dir string) string {
	vol := len(filepath.VolumeName(dir))
	for {
		end := len(dir)
		for end > vol+1 && os.IsPathSeparator(dir[end-1]) {
			end--
		}
		dir = dir[:end]
		if n := len(dir); n >= vol+2 && dir[n-1] == '.' && os.IsPathSeparator(dir[n-2]) {
			dir = dir[:n-1]
			continue
		}
		return dir
	}
}

// assessSafety judges dir from lfi, what lstat says of it, and fi, what
// stat says of it (the same unless dir is a symbolic link), for a process
// running as euid.
func assessSafety(dir string, lfi, fi fs.FileInfo, euid int) safetyReport {
	mode := fi.Mode()
	s := safetyReport{
		Mode:          lsMode(mode),
		Perm:          fmt.Sprintf("%04o", octalMode(mode)),
		Symlink:       lfi.Mode()&fs.ModeSymlink != 0,
		WorldWritable: mode.Perm()&0o002 != 0,
		GroupWritable: mode.Perm()&0o020 != 0,
		Sticky:        mode&fs.ModeSticky != 0,
		Problems:      []string{},
		Warnings:      []string{},
	}
	if s.Symlink {
		target, _ := os.Readlink(dir)
		s.Problems = append(s.Problems, fmt.Sprintf("it is a symbolic link (to %s): whoever can change the link chooses where temporary files go", target))
	}
	if s.WorldWritable && !s.Sticky {
		s.Problems = append(s.Problems, "every user can write to it and it lacks the sticky bit: anyone can remove or replace the entries in it")
	} else if s.GroupWritable && !s.Sticky {
		s.Warnings = append(s.Warnings, "its group can write to it and it lacks the sticky bit: members of the group can remove or replace the entries in it")
	}
	if uid, ok := fileOwner(fi); ok {
		s.OwnerUID = &uid
		if uid != euid && uid != 0 {
			s.Problems = append(s.Problems, fmt.Sprintf("it belongs to user %d, neither you (%d) nor root: its owner can remove, replace or read the entries in it", uid, euid))
		}
	}
	s.Safe = len(s.Problems) == 0
	return s
}

// lsMode renders mode as ls -l does: "drwxrwxrwt".
func lsMode(mode fs.FileMode) string {
	b := []byte("----------")
	switch {
	case mode.IsDir():
		b[0] = 'd'
	case mode&fs.ModeSymlink != 0:
		b[0] = 'l'
	case !mode.IsRegular():
		b[0] = '?'
	}
	const rwx = "rwx"
	for i := 0; i < 9; i++ {
		if mode&(1<<uint(8-i)) != 0 {
			b[1+i] = rwx[i%3]
		}
	}
	special := func(i int, set bool, c byte) {
		if !set {
			return
		}
		if b[i] == 'x' {
			b[i] = c
		} else {
			b[i] = c - 'a' + 'A'
		}
	}
	special(3, mode&fs.ModeSetuid != 0, 's')
	special(6, mode&fs.ModeSetgid != 0, 's')
	special(9, mode&fs.ModeSticky != 0, 't')
	return string(b)
}

// octalMode returns mode's permission and special bits as chmod takes
// them.
func octalMode(mode fs.FileMode) uint32 {
	m := uint32(mode.Perm())
	if mode&fs.ModeSetuid != 0 {
		m |= 0o4000
	}
	if mode&fs.ModeSetgid != 0 {
		m |= 0o2000
	}
	if mode&fs.ModeSticky != 0 {
		m |= 0o1000
	}
	return m
}

func capNames() []string {
	return []string{capTmpfile, capPublish, capRenameNoReplace, capSyncDir, capSymlinks, capHardLinks, capPermissions, capCaseSensitive}
}

// probeCapabilities tries each capability in its own new subdirectory of
// work, a directory that check made and will remove.
func probeCapabilities(work string) []capability {
	probes := map[string]func(dir string) capability{
		capTmpfile:         probeTmpfile,
		capPublish:         probePublish,
		capRenameNoReplace: probeRenameNoReplace,
		capSyncDir:         probeSyncDir,
		capSymlinks:        probeSymlinks,
		capHardLinks:       probeHardLinks,
		capPermissions:     probePermissions,
		capCaseSensitive:   probeCaseSensitive,
	}
	var caps []capability
	for _, name := range capNames() {
		sub := filepath.Join(work, name)
		if err := os.Mkdir(sub, 0o700); err != nil {
			caps = append(caps, capability{Name: name}.notChecked("cannot create %s: %s", sub, errText(err)))
			continue
		}
		caps = append(caps, probes[name](sub))
	}
	return caps
}

func probeSyncDir(dir string) capability {
	c := capability{Name: capSyncDir}
	if err := vfs.SyncDir(osbackend.New(), dir); err != nil {
		return c.no("%s", errText(err))
	}
	return c.yes("fsync(2) of the directory")
}

func probeSymlinks(dir string) capability {
	c := capability{Name: capSymlinks}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("target", link); err != nil {
		return c.no("symlink: %s", errText(err))
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return c.no("lstat does not see the link it made: %v", err)
	}
	if target, err := os.Readlink(link); err != nil || target != "target" {
		return c.no("readlink gives %q, %v", target, err)
	}
	return c.yes("symlink, lstat and readlink")
}

func probeHardLinks(dir string) capability {
	c := capability{Name: capHardLinks}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := os.WriteFile(a, []byte("a"), 0o600); err != nil {
		return c.notChecked("cannot create %s: %s", a, errText(err))
	}
	if err := os.Link(a, b); err != nil {
		return c.no("link: %s", errText(err))
	}
	fa, erra := os.Stat(a)
	fb, errb := os.Stat(b)
	if erra != nil || errb != nil || !os.SameFile(fa, fb) {
		return c.no("the link is not the same file: %v", errors.Join(erra, errb))
	}
	return c.yes("link(2) gave the file a second name")
}

func probePermissions(dir string) capability {
	c := capability{Name: capPermissions}
	if runtime.GOOS == "windows" {
		return c.notChecked("Windows has no owner, group and other permission bits")
	}
	if os.Geteuid() == 0 {
		return c.notChecked("running as root, whom permission bits do not bind")
	}
	name := filepath.Join(dir, "write-only")
	if err := os.WriteFile(name, nil, 0o200); err != nil {
		return c.notChecked("cannot create %s: %s", name, errText(err))
	}
	if err := os.Chmod(name, 0o200); err != nil {
		return c.notChecked("chmod %s: %s", name, errText(err))
	}
	f, err := os.Open(name)
	if err == nil {
		f.Close()
		return c.no("a file with mode 0200 could be opened for reading by its owner")
	}
	if !errors.Is(err, fs.ErrPermission) {
		return c.no("opening a file with mode 0200 for reading: %s, want Permission denied", errText(err))
	}
	return c.yes("a file with mode 0200 cannot be read")
}

func probeCaseSensitive(dir string) capability {
	c := capability{Name: capCaseSensitive}
	upper, lower := filepath.Join(dir, "CaseProbe"), filepath.Join(dir, "caseprobe")
	if err := os.WriteFile(upper, nil, 0o600); err != nil {
		return c.notChecked("cannot create %s: %s", upper, errText(err))
	}
	_, err := os.Lstat(lower)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return c.yes("CaseProbe and caseprobe are different names")
	case err == nil:
		return c.no("CaseProbe and caseprobe name the same file")
	default:
		return c.notChecked("lstat %s: %s", lower, errText(err))
	}
}

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

// runConformance runs the conformance checks (package suite, which,
// unlike package conformance, imports no package testing) with the
// operating system's filesystem, each in a new directory inside dir.
func runConformance(dir string) *conformanceSummary {
	fsys := osbackend.New()
	rep := suite.Check("osbackend in "+dir, func() (vfs.Fs, string, func(), error) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithPrefix(checkDirPrefix))
		if err != nil {
			return nil, "", nil, err
		}
		return fsys, d.Path(), func() { _ = d.Cleanup() }, nil
	})
	s := &conformanceSummary{Groups: []groupSummary{}, Failures: []suite.Result{}, Skips: []suite.Result{}}
	for _, res := range rep.Results {
		i := slices.IndexFunc(s.Groups, func(g groupSummary) bool { return g.Group == res.Group })
		if i < 0 {
			s.Groups = append(s.Groups, groupSummary{Group: res.Group})
			i = len(s.Groups) - 1
		}
		g := &s.Groups[i]
		switch res.Status {
		case suite.Pass:
			s.Passed++
			g.Passed++
		case suite.Skip:
			s.Skipped++
			g.Skipped++
			s.Skips = append(s.Skips, res)
		default:
			s.Failed++
			g.Failed++
			s.Failures = append(s.Failures, res)
		}
	}
	return s
}

// writeText prints the report as the table that check prints by
// default.
func (r *checkReport) writeText(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Directory\t%s\n", r.Dir)
	owner := "unknown"
	if r.Safety.OwnerUID != nil {
		owner = fmt.Sprint(*r.Safety.OwnerUID)
	}
	fmt.Fprintf(tw, "  mode\t%s (%s), owner uid %s\n", r.Safety.Mode, r.Safety.Perm, owner)
	fmt.Fprintf(tw, "  symbolic link\t%s\n", yesNo(r.Safety.Symlink))
	fmt.Fprintf(tw, "  world-writable\t%s\n", yesNo(r.Safety.WorldWritable))
	fmt.Fprintf(tw, "  group-writable\t%s\n", yesNo(r.Safety.GroupWritable))
	fmt.Fprintf(tw, "  sticky\t%s\n", yesNo(r.Safety.Sticky))
	fmt.Fprintf(tw, "  safe\t%s\n", yesNo(r.Safety.Safe))
	for _, p := range r.Safety.Problems {
		fmt.Fprintf(tw, "  unsafe:\t%s\n", p)
	}
	for _, p := range r.Safety.Warnings {
		fmt.Fprintf(tw, "  warning:\t%s\n", p)
	}
	fmt.Fprintf(tw, "\nFilesystem\t%s", r.Filesystem.Type)
	if r.Filesystem.Magic != "" {
		fmt.Fprintf(tw, " (statfs magic %s)", r.Filesystem.Magic)
	}
	fmt.Fprintf(tw, "\n\nCapabilities\n")
	for _, c := range r.Capabilities {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", capLabels[c.Name], c.Status, c.Detail)
	}
	if t := r.CreateTime; t != nil {
		fmt.Fprintf(tw, "\nCreate time\tmedian of %d\n", t.Creates)
		fmt.Fprintf(tw, "  osbackend exclusive create\t%s\n", formatNs(t.OsbackendNs))
		fmt.Fprintf(tw, "  os.CreateTemp\t%s\n", formatNs(t.OSCreateTempNs))
	}
	if s := r.Conformance; s != nil {
		fmt.Fprintf(tw, "\nConformance\t%d passed, %d failed, %d skipped\n", s.Passed, s.Failed, s.Skipped)
		for _, g := range s.Groups {
			fmt.Fprintf(tw, "  %s\t%d passed, %d failed, %d skipped\n", g.Group, g.Passed, g.Failed, g.Skipped)
		}
	} else if r.Quick {
		fmt.Fprintf(tw, "\nConformance\tnot run (--quick)\n")
	} else {
		fmt.Fprintf(tw, "\nConformance\tnot run: no directory can be made in %s\n", r.Dir)
	}
	tw.Flush()
	if s := r.Conformance; s != nil {
		for _, f := range s.Failures {
			fmt.Fprintf(w, "\nFAIL %s: %s\n    %s\n", f.Check, f.Promise, strings.ReplaceAll(f.Message, "\n", "\n    "))
		}
		if len(s.Skips) > 0 {
			fmt.Fprintln(w)
		}
		for _, f := range s.Skips {
			fmt.Fprintf(w, "skip %s: %s\n", f.Check, f.Message)
		}
	}
	verdict := "ok"
	if !r.OK {
		var why []string
		if !r.Safety.Safe {
			why = append(why, "the directory is unsafe or unusable")
		}
		if r.Conformance != nil && r.Conformance.Failed > 0 {
			why = append(why, "conformance checks failed")
		}
		verdict = "not ok: " + strings.Join(why, "; ")
	}
	fmt.Fprintf(w, "\nResult: %s\n", verdict)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// formatNs renders a duration in nanoseconds, or "failed" for -1.
func formatNs(ns int64) string {
	if ns < 0 {
		return "failed"
	}
	return time.Duration(ns).Round(100 * time.Nanosecond).String()
}

// readNames returns the names of the entries in dir.
func readNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names, err
}
