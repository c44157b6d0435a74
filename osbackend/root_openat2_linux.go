package osbackend

import (
	"io/fs"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// fastPath opens names relative to the root's descriptor with openat2(2)
// and RESOLVE_BENEATH (Linux 5.6): the kernel resolves the whole name in
// one call and fails with EXDEV where os.Root would find that the name
// leads out (through "..", an absolute name or any symbolic link that is
// absolute or leaves). os.Root opens each element in turn and registers
// every file with Go's poller, which costs five system calls more. Where
// openat2 is missing or its resolution balks, the caller falls back to
// os.Root, whose answer then counts.
type fastPath struct {
	mu  sync.RWMutex // held for reading while fd is in use; Close takes it for writing
	dir *os.File     // the root, opened through itself; nil: no fast path, or closed
	fd  int
}

// init opens the root through itself and checks that openat2 works.
func (p *fastPath) init(root *os.Root) {
	d, err := root.OpenFile(".", os.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		return
	}
	fd := int(d.Fd())
	probe, err := unix.Openat2(fd, ".", &unix.OpenHow{Flags: unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC, Resolve: resolveBeneath})
	if err != nil {
		d.Close() // ENOSYS, or a seccomp filter that refuses it
		return
	}
	unix.Close(probe)
	p.dir, p.fd = d, fd
}

// close closes the root's descriptor once no call uses it.
func (p *fastPath) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dir != nil {
		p.dir.Close()
		p.dir = nil
	}
}

const resolveBeneath = unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS

// open opens rel with flag (O_CLOEXEC added) and mode perm. ok is false
// when the caller must ask os.Root instead: no openat2, a closed root,
// or a resolution that openat2 refused (EXDEV, ELOOP, EAGAIN...), which
// os.Root will refuse with its own error or, for a name that changed
// meanwhile, resolve again. Other errors are the kernel's.
func (p *fastPath) open(rel string, flag int, perm fs.FileMode) (fd int, ok bool, err error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.dir == nil {
		return -1, false, nil
	}
	how := unix.OpenHow{Flags: uint64(flag | unix.O_CLOEXEC), Resolve: resolveBeneath}
	if flag&(unix.O_CREAT|unix.O_TMPFILE) != 0 {
		how.Mode = uint64(syscallMode(perm))
	}
	for {
		fd, err := unix.Openat2(p.fd, rel, &how)
		switch err {
		case nil:
			return fd, true, nil
		case unix.EINTR:
			continue
		case unix.EXDEV, unix.ELOOP, unix.EAGAIN, unix.EINVAL, unix.E2BIG, unix.ENOSYS, unix.EPERM:
			return -1, false, nil
		}
		return -1, true, err
	}
}
