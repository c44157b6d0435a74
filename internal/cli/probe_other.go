//go:build !linux

package cli

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// probeTmpfile reports that O_TMPFILE does not exist here, and tries
// what tempfile.NewAnonymous does instead: osbackend's anonymous file,
// created and then removed, which leaves no name behind but has one for
// a moment (and on Windows cannot be made at all).
func probeTmpfile(dir string) capability {
	c := capability{Name: capTmpfile}
	f, err := osbackend.New().CreateAnonymous(dir, 0o600)
	if err != nil {
		return c.no("O_TMPFILE is Linux only; an anonymous file created then removed: %s", errText(err))
	}
	defer f.Close()
	if _, err := f.Write([]byte("probe")); err != nil {
		return c.no("O_TMPFILE is Linux only; write to an anonymous file: %s", errText(err))
	}
	if names, err := readNames(dir); err != nil || len(names) != 0 {
		return c.no("O_TMPFILE is Linux only; the anonymous file kept a name in %s: %v %v", dir, names, err)
	}
	return c.no("O_TMPFILE is Linux only; a file created then removed works, named for a moment")
}

// probePublish reports that an anonymous file cannot be given a name
// here.
func probePublish(string) capability {
	return capability{Name: capPublish}.no("linkat of an anonymous file is Linux only")
}

// probeRenameNoReplace checks osbackend's RenameNoReplace, which is
// renamex_np(RENAME_EXCL) on macOS, MoveFileEx on Windows and link then
// unlink elsewhere: refused onto an existing file, done onto a free name.
func probeRenameNoReplace(dir string) capability {
	c := capability{Name: capRenameNoReplace}
	from, to, free := filepath.Join(dir, "rename-from"), filepath.Join(dir, "rename-to"), filepath.Join(dir, "rename-free")
	if err := errors.Join(os.WriteFile(from, []byte("from"), 0o600), os.WriteFile(to, []byte("to"), 0o600)); err != nil {
		return c.notChecked("cannot create the files to rename: %v", err)
	}
	fsys := osbackend.New()
	if err := vfs.RenameNoReplace(fsys, from, to); !errors.Is(err, os.ErrExist) {
		return c.no("rename without replacing onto an existing file: %v, want File exists", err)
	}
	if data, err := os.ReadFile(to); err != nil || string(data) != "to" {
		return c.no("the refused rename changed its target: %q, %v", data, err)
	}
	if err := vfs.RenameNoReplace(fsys, from, free); err != nil {
		return c.no("rename without replacing onto a free name: %s", errText(err))
	}
	return c.yes("through osbackend (renamex_np on macOS, MoveFileEx on Windows, link then unlink elsewhere)")
}

// filesystemType cannot name the filesystem on this platform.
func filesystemType(string) (name, magic string, err error) {
	return "unknown", "", nil
}
