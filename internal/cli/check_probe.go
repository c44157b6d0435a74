package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
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
	capSymlinkTargets  = "symlink_targets"
	capUnlinkOpen      = "unlink_open"
	capRenameOverOpen  = "rename_over_open"
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
	capSymlinkTargets:  "absolute and .. link targets",
	capUnlinkOpen:      "remove an open file",
	capRenameOverOpen:  "rename over an open file",
}

// The values of capability.Status.
const (
	capYes        = "yes"
	capNo         = "no"
	capNotChecked = "not checked"
)

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

func capNames() []string {
	return []string{capTmpfile, capPublish, capRenameNoReplace, capSyncDir, capSymlinks, capHardLinks, capPermissions, capCaseSensitive,
		capSymlinkTargets, capUnlinkOpen, capRenameOverOpen}
}

// probeCapabilities tries each capability in its own new subdirectory of
// work, a directory that check made and will remove; fsType is the
// filesystem's type as check reports it ("fuse.sshfs").
func probeCapabilities(work, fsType string) []capability {
	probes := map[string]func(dir string) capability{
		capTmpfile:         probeTmpfile,
		capPublish:         probePublish,
		capRenameNoReplace: probeRenameNoReplace,
		capSyncDir:         probeSyncDir,
		capSymlinks:        probeSymlinks,
		capHardLinks:       probeHardLinks,
		capPermissions:     probePermissions,
		capCaseSensitive:   probeCaseSensitive,
		capSymlinkTargets:  func(dir string) capability { return probeSymlinkTargets(dir, fsType) },
		capUnlinkOpen:      probeUnlinkOpen,
		capRenameOverOpen:  probeRenameOverOpen,
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
	if err := errors.Join(erra, errb); err != nil {
		return c.no("stat of the two names: %v", err)
	}
	if !os.SameFile(fa, fb) {
		return c.no("link(2) made a second name, but stat gives it another file (inode number) than the first")
	}
	return c.yes("link(2) gave the file a second name")
}

// probeSymlinkTargets makes links to an absolute target and to one that
// climbs with "..", and reads them back: sshfs's contain_symlinks (on by
// default) refuses both with EPERM.
func probeSymlinkTargets(dir, fsType string) capability {
	c := capability{Name: capSymlinkTargets}
	targets := []struct{ kind, target string }{
		{"absolute", filepath.Join(dir, "target")},
		{"..", filepath.Join("..", "target")},
	}
	var refused []string
	for i, t := range targets {
		link := filepath.Join(dir, "link"+strconv.Itoa(i))
		if err := os.Symlink(t.target, link); err != nil {
			return c.notChecked("symlink to %s: %s", t.target, errText(err))
		}
		got, err := os.Readlink(link)
		switch {
		case err != nil:
			refused = append(refused, fmt.Sprintf("%s: %s", t.kind, errText(err)))
		case got != t.target:
			return c.no("readlink of a link to %s gives %s", t.target, got)
		}
	}
	if len(refused) > 0 {
		why := ""
		if fsType == "fuse.sshfs" {
			why = " (sshfs contain_symlinks; -o no_contain_symlinks allows them)"
		}
		return c.no("Readlink of absolute or .. targets is refused%s: %s", why, strings.Join(refused, "; "))
	}
	return c.yes("readlink gives absolute and .. targets as they were made")
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

// readNames returns the names of the entries in dir.
func readNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names, err
}
