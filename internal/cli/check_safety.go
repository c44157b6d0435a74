package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

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
		Safe:          true,
		Problems:      []string{},
		Warnings:      []string{},
	}
	if s.Symlink {
		target, _ := os.Readlink(dir)
		s.unsafe(fmt.Sprintf("it is a symbolic link (to %s): whoever can change the link chooses where temporary files go", target), "a symbolic link")
	}
	if s.WorldWritable && !s.Sticky {
		s.unsafe("every user can write to it and it lacks the sticky bit: anyone can remove or replace the entries in it", "world-writable without the sticky bit")
	} else if s.GroupWritable && !s.Sticky {
		s.Warnings = append(s.Warnings, "its group can write to it and it lacks the sticky bit: members of the group can remove or replace the entries in it")
	}
	owner := "owner unknown"
	if uid, ok := fileOwner(fi); ok {
		s.OwnerUID = &uid
		switch {
		case uid == euid:
			owner = "owned by you"
		case uid == 0:
			owner = "owned by root"
		default:
			s.unsafe(fmt.Sprintf("it belongs to user %d, neither you (%d) nor root: its owner can remove, replace or read the entries in it", uid, euid), fmt.Sprintf("owned by user %d", uid))
		}
	}
	if s.Safe {
		s.Reason = safeReason(s, owner)
	}
	return s
}

// safeReason says why a directory without problems is safe; owner says
// who owns it ("owned by you").
func safeReason(s safetyReport, owner string) string {
	switch {
	case s.WorldWritable && s.Sticky:
		return "world-writable, but sticky: others cannot remove or rename your entries"
	case s.GroupWritable && s.Sticky:
		return "group-writable, but sticky: its group cannot remove or rename your entries"
	case s.GroupWritable:
		return owner + ", mode " + s.Perm + ", writable by its group too (see the warning)"
	default:
		return owner + ", mode " + s.Perm
	}
}

// unsafe records a problem that makes the directory unsafe: the sentence
// that explains it, and reason, a few words that the Reason of an unsafe
// directory lists.
func (s *safetyReport) unsafe(problem, reason string) {
	s.Problems = append(s.Problems, problem)
	if s.Safe {
		s.Safe, s.Reason = false, reason
	} else {
		s.Reason += "; " + reason
	}
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
