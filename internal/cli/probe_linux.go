//go:build linux

package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// probeTmpfile opens an O_TMPFILE file in dir: a regular file that no
// name refers to at any moment. It checks that the file works and that
// dir, which the caller made empty, stays empty.
func probeTmpfile(dir string) capability {
	c := capability{Name: capTmpfile}
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return c.no("no O_TMPFILE (openat: %s): every temporary file has a name, for a moment at least, and WriteFile's new content has one until it is renamed into place", errText(err))
	}
	f := os.NewFile(uintptr(fd), dir)
	defer f.Close()
	if _, err := f.Write([]byte("probe")); err != nil {
		return c.no("write to the O_TMPFILE file: %s", errText(err))
	}
	if names, err := readNames(dir); err != nil || len(names) != 0 {
		return c.no("the O_TMPFILE file has a name in %s: %v %v", dir, names, err)
	}
	return c.yes("openat(O_TMPFILE) made a file without a name")
}

// probePublish gives an O_TMPFILE file a name with linkat, through its
// /proc/self/fd link, as osbackend's Publish does.
func probePublish(dir string) capability {
	c := capability{Name: capPublish}
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return c.no("no O_TMPFILE to publish: %s", errText(err))
	}
	f := os.NewFile(uintptr(fd), dir)
	defer f.Close()
	if _, err := f.Write([]byte("published")); err != nil {
		return c.no("write: %s", errText(err))
	}
	name := filepath.Join(dir, "published")
	if err := unix.Linkat(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(fd), unix.AT_FDCWD, name, unix.AT_SYMLINK_FOLLOW); err != nil {
		return c.no("linkat: %s", errText(err))
	}
	data, err := os.ReadFile(name)
	if err != nil || string(data) != "published" {
		return c.no("the published file %s reads %q, %v", name, data, err)
	}
	return c.yes("linkat gave an O_TMPFILE file a name")
}

// probeRenameNoReplace checks renameat2(RENAME_NOREPLACE): refused onto
// an existing file, which keeps its content, and done onto a free name.
func probeRenameNoReplace(dir string) capability {
	c := capability{Name: capRenameNoReplace}
	from, to, free := filepath.Join(dir, "rename-from"), filepath.Join(dir, "rename-to"), filepath.Join(dir, "rename-free")
	if err := errors.Join(os.WriteFile(from, []byte("from"), 0o600), os.WriteFile(to, []byte("to"), 0o600)); err != nil {
		return c.notChecked("cannot create the files to rename: %v", err)
	}
	err := unix.Renameat2(unix.AT_FDCWD, from, unix.AT_FDCWD, to, unix.RENAME_NOREPLACE)
	switch {
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EOPNOTSUPP):
		return c.no("renameat2(RENAME_NOREPLACE): %s (osbackend falls back to link then unlink)", errText(err))
	case err == nil:
		return c.no("renameat2(RENAME_NOREPLACE) replaced an existing file")
	case !errors.Is(err, unix.EEXIST):
		return c.no("renameat2(RENAME_NOREPLACE) onto an existing file: %s, want File exists", errText(err))
	}
	if data, err := os.ReadFile(to); err != nil || string(data) != "to" {
		return c.no("the refused rename changed its target: %q, %v", data, err)
	}
	if err := unix.Renameat2(unix.AT_FDCWD, from, unix.AT_FDCWD, free, unix.RENAME_NOREPLACE); err != nil {
		return c.no("renameat2(RENAME_NOREPLACE) onto a free name: %s", errText(err))
	}
	return c.yes("renameat2(RENAME_NOREPLACE)")
}

// fsMagics names the statfs f_type values of common filesystems
// (linux/magic.h).
var fsMagics = map[int64]string{
	0x01021994: "tmpfs",
	0x858458f6: "ramfs",
	0x958458f6: "hugetlbfs",
	0xef53:     "ext2/ext3/ext4",
	0x58465342: "xfs",
	0x9123683e: "btrfs",
	0xca451a4e: "bcachefs",
	0x2fc12fc1: "zfs",
	0xf2f52010: "f2fs",
	0x3153464a: "jfs",
	0x52654973: "reiserfs",
	0x794c7630: "overlayfs",
	0x73717368: "squashfs",
	0x6969:     "nfs",
	0xff534d42: "cifs",
	0xfe534d42: "smb2",
	0x00c36400: "ceph",
	0x7461636f: "ocfs2",
	0x01021997: "9p",
	0x65735546: "fuse",
	0x4d44:     "vfat",
	0x2011bab0: "exfat",
	0x5346544e: "ntfs",
	0x9660:     "isofs",
	0x15013346: "udf",
	0x9fa0:     "proc",
	0x62656572: "sysfs",
	0x1cd1:     "devpts",
}

// filesystemType names the filesystem that holds dir: from the statfs
// f_type magic number, made precise from /proc/self/mountinfo where the
// magic number is shared (ext2, ext3 and ext4 have one, and every FUSE
// filesystem has fuse's: mountinfo names it, as fuse.sshfs). magic is
// the number in hexadecimal.
func filesystemType(dir string) (name, magic string, err error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return "", "", &os.PathError{Op: "statfs", Path: dir, Err: err}
	}
	m := int64(st.Type) & 0xffffffff
	magic = fmt.Sprintf("0x%x", m)
	name, ok := fsMagics[m]
	if !ok {
		name = "unknown"
	}
	if mt := mountType(dir); mt != "" && (!ok || strings.Contains(name, "/") || strings.HasPrefix(mt, name+".") || name == "fuse" && mt == "fuseblk") {
		name = mt
	}
	return name, magic, nil
}

// mountType returns the filesystem type that /proc/self/mountinfo gives
// for the mount whose device is dir's, or "" if it cannot tell.
func mountType(dir string) string {
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return ""
	}
	dev := fmt.Sprintf("%d:%d", unix.Major(st.Dev), unix.Minor(st.Dev))
	mounts, err := readMountInfo()
	if err != nil {
		return ""
	}
	found := ""
	for _, m := range mounts {
		if m.dev != dev || m.fsType == "" {
			continue
		}
		if found != "" && found != m.fsType {
			return "" // the device is mounted as different types
		}
		found = m.fsType
	}
	return found
}
