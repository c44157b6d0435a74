package membackend

import (
	"os"
	"slices"
	"strings"
	"syscall"
)

// Chdir makes dir the working directory, as [os.Chdir] does for a
// process: relative names given to any method of fsys are then resolved
// against it, and [FS.Getwd] reports it. The working directory is the
// directory itself, not its name: renaming or moving it (or a directory
// above it) leaves it the working directory, and removing it leaves a
// working directory in which nothing can be created (ENOENT), as on Linux.
//
// dir is resolved following symbolic links. Errors are [*fs.PathError]
// with Op "chdir": ENOENT if nothing is there, ENOTDIR if it is not a
// directory, and, with [WithUser], EACCES without search (x) permission on
// it or on a directory on the way.
func (fsys *FS) Chdir(dir string) error {
	d, errno := fsys.dirNode(dir)
	if errno == 0 && fsys.uid != 0 {
		d.mu.RLock()
		if !fsys.may(d, mayExec) {
			errno = syscall.EACCES
		}
		d.mu.RUnlock()
	}
	if errno != 0 {
		return pathErr("chdir", dir, errno)
	}
	fsys.cwd.Store(d)
	return nil
}

// Getwd returns the absolute name of the working directory as it is now,
// after any rename of it or of a directory above it, as Linux's getcwd(2)
// finds it. It needs no permission. If the working directory was removed,
// Getwd fails as [os.Getwd] does then: with an [*os.SyscallError] for
// "getwd" wrapping syscall.ENOENT, which matches [fs.ErrNotExist].
//
// Where $PWD is set, os.Getwd first stats "." and so fails with EACCES in
// a working directory without search permission; Getwd answers as getcwd
// does, as os.Getwd does without $PWD.
func (fsys *FS) Getwd() (string, error) {
	// Directories change parents only under renameMu.
	fsys.renameMu.Lock()
	defer fsys.renameMu.Unlock()
	var names []string
	for d := fsys.cwd.Load(); d != fsys.root; {
		p := d.parent()
		name, ok := p.nameOf(d)
		if !ok {
			return "", os.NewSyscallError("getwd", syscall.ENOENT)
		}
		names = append(names, name)
		d = p
	}
	slices.Reverse(names)
	return "/" + strings.Join(names, "/"), nil
}

// nameOf returns the name under which directory n holds child, if it
// does: a removed directory is in no directory.
func (n *inode) nameOf(child *inode) (string, bool) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	for name, c := range n.ext.entries {
		if c == child {
			return name, true
		}
	}
	return "", false
}
