package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
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
                warning. The verdict says why: "yes (owned by you, mode
                0700)", "yes (world-writable, but sticky: others cannot
                remove or rename your entries)", or, for an unsafe DIR,
                its problems in a few words.
  Filesystem    its type (Linux: statfs f_type, with /proc/self/mountinfo
                telling ext2, ext3 and ext4 apart, and naming a FUSE
                filesystem: fuse.sshfs).
  Capabilities  each one tried for real in DIR: O_TMPFILE (a file
                without a name), publishing such a file with linkat,
                rename without replacing (renameat2 RENAME_NOREPLACE),
                directory fsync, symbolic links, hard links, permission
                enforcement (not checked as root, whom permission bits do
                not bind), case-sensitive names, links to absolute and
                .. targets read back, removing an open file without
                leaving a hidden name (NFS, SMB and sshfs keep one until
                the file is closed: a "silly rename"), and renaming over
                an open file atomically for readers. Each "no" says what
                it means for temporary files.
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
{"safe", "reason" (as the table gives it), "mode" (as ls -l shows it),
"perm" (octal), "symlink", "world_writable", "group_writable", "sticky",
"owner_uid" (null where unknown), "problems" and "warnings" (lists of
sentences)}, "filesystem"
{"type", "magic"}, "capabilities" (a list of {"name", "status",
"detail"}, name one of o_tmpfile, publish, rename_noreplace, sync_dir,
symlinks, hard_links, permissions, case_sensitive, symlink_targets,
unlink_open, rename_over_open, status one of "yes", "no", "not
checked"), "conformance" (null with --quick or when no
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
		r.Safety.unsafe(fmt.Sprintf("no directory can be created in it: %s", errText(err)), "no directory can be created in it")
		for _, name := range capNames() {
			r.Capabilities = append(r.Capabilities, capability{Name: name}.notChecked("no directory can be created in %s", dir))
		}
		quick = true // the conformance checks could not make theirs either
	} else {
		r.Capabilities = probeCapabilities(work.Path(), fsType)
		n := checkCreates
		if quick {
			n = quickCreates
		}
		r.CreateTime = timeCreates(osfs, work.Path(), n)
		if err := work.Cleanup(); err != nil {
			r.Safety.unsafe(fmt.Sprintf("check could not remove its own directory: %v", err), "check could not remove its own directory")
		}
	}
	if !quick {
		r.Conformance = runConformance(dir)
	}
	r.OK = r.Safety.Safe && (r.Conformance == nil || r.Conformance.Failed == 0)
	return r, nil
}
