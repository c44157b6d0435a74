package membackend

import (
	"os"
	"strings"
	"syscall"
)

// resolved is what resolving a path finds: the directory that holds
// the final component, the component itself and the inode it names, if
// any.
type resolved struct {
	dir   *inode // directory holding the final component
	base  string // final component: a name, "." or ".."
	node  *inode // what base refers to in dir, nil if nothing
	slash bool   // the path ended in a slash
}

// dotted reports whether the final component is "." or "..", or the
// path is "/": not a name that an entry can be made at or removed from.
func (l *resolved) dotted() bool { return l.base == "." || l.base == ".." || l.base == "/" }

// notDir reports the ENOTDIR that a trailing slash on a non-directory
// gives.
func (l *resolved) notDir() bool { return l.slash && l.node != nil && !l.node.isDir() }

// nextComponent splits the first component off s, skipping leading
// slashes. It returns "" when no component is left.
func nextComponent(s string) (comp, rest string) {
	i := 0
	for i < len(s) && s[i] == '/' {
		i++
	}
	s = s[i:]
	j := strings.IndexByte(s, '/')
	if j < 0 {
		return s, ""
	}
	return s[:j], s[j:]
}

// onlySlashes reports whether s holds nothing but slashes.
func onlySlashes(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '/' {
			return false
		}
	}
	return true
}

// followMode says whether resolve follows a symbolic link at the final
// component of a path.
type followMode int

const (
	// followSlash follows it only if the path ends in a slash, as
	// lstat(2) and readlink(2) do.
	followSlash followMode = iota
	// followAll always follows it, as stat(2) and open(2) do.
	followAll
	// followNone never does, as the calls that change an entry (mkdir,
	// unlink, rename, ...) do; they treat the final component on its own.
	followNone
)

// resolve walks name from the root one component at a time, as the kernel
// does, following every symbolic link on the way and the one at the final
// component as follow says. Relative names are resolved against the
// working directory.
// A missing final component is not an error: the result has a nil node.
func (fsys *FS) resolve(name string, follow followMode) (resolved, syscall.Errno) {
	if name == "" {
		return resolved{}, syscall.ENOENT
	}
	if len(name) >= pathMax {
		return resolved{}, syscall.ENAMETOOLONG
	}
	if strings.IndexByte(name, 0) >= 0 {
		return resolved{}, syscall.EINVAL
	}
	if os.PathSeparator != '/' {
		name = strings.ReplaceAll(name, string(os.PathSeparator), "/")
	}
	cur := fsys.root
	if name[0] != '/' {
		cur = fsys.cwd.Load()
	}
	rest := name
	hops := 0
	for {
		comp, after := nextComponent(rest)
		if comp == "" {
			// The path, or a symbolic link's target, was "/" or "" after
			// the last component: it names cur itself.
			base := "."
			if cur == fsys.root && (rest == name || strings.HasPrefix(rest, "/")) {
				base = "/"
			}
			return resolved{dir: cur, base: base, node: cur, slash: rest != ""}, 0
		}
		if len(comp) > nameMax {
			return resolved{}, syscall.ENAMETOOLONG
		}
		if !cur.isDir() {
			return resolved{}, syscall.ENOTDIR
		}
		var child *inode
		switch comp {
		case ".":
			child = cur
		case "..":
			child = cur.parent()
		default:
			if fsys.uid == 0 {
				child = cur.lookup(comp)
				break
			}
			cur.mu.RLock()
			child = cur.ext.entries[comp]
			cur.mu.RUnlock()
		}
		if fsys.uid != 0 {
			cur.mu.RLock()
			ok := fsys.may(cur, mayExec)
			cur.mu.RUnlock()
			if !ok {
				return resolved{}, syscall.EACCES
			}
		}
		last := onlySlashes(after)
		if child == nil {
			if last {
				return resolved{dir: cur, base: comp, slash: after != ""}, 0
			}
			return resolved{}, syscall.ENOENT
		}
		if child.kind == modeSymlink && (!last || follow == followAll || follow == followSlash && after != "") {
			hops++
			if hops > symlinkMax {
				return resolved{}, syscall.ELOOP
			}
			target := child.ext.target
			if os.PathSeparator != '/' {
				// As in names: a link made with a target from
				// path/filepath works on Windows too.
				target = strings.ReplaceAll(target, string(os.PathSeparator), "/")
			}
			if strings.HasPrefix(target, "/") {
				cur = fsys.root
			}
			if len(target)+len(after) >= pathMax {
				return resolved{}, syscall.ENAMETOOLONG
			}
			rest = target + after
			continue
		}
		if last {
			return resolved{dir: cur, base: comp, node: child, slash: after != ""}, 0
		}
		cur = child
		rest = after
	}
}
