//go:build linux

package cli

import (
	"os"
	"path/filepath"
	"strconv"
)

// inUseCheck says whether reap can tell which files are in use.
const inUseCheck = true

// filesInUse returns the files that live processes hold open, work in or
// run, each with the ID of one such process: the targets of
// /proc/PID/fd/N, /proc/PID/cwd, /proc/PID/root and /proc/PID/exe,
// identified by device and inode so
// that hard links, bind mounts and chroots do not hide them. Processes
// whose /proc entries this process may not read (other users', unless it
// runs as root) are not seen.
func filesInUse() (map[fileID]int, error) {
	// This process's own entry proves that /proc is mounted and readable.
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		return nil, err
	}
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	inUse := make(map[fileID]int)
	add := func(path string, pid int) {
		fi, err := os.Stat(path) // follows the magic link to the file itself
		if err != nil {
			return // gone, or not ours to see
		}
		if id, ok := fileIDOf(fi); ok {
			inUse[id] = pid
		}
	}
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		base := filepath.Join("/proc", p.Name())
		for _, link := range []string{"cwd", "root", "exe"} {
			add(filepath.Join(base, link), pid)
		}
		fds, err := os.ReadDir(filepath.Join(base, "fd"))
		if err != nil {
			continue
		}
		for _, fd := range fds {
			add(filepath.Join(base, "fd", fd.Name()), pid)
		}
	}
	return inUse, nil
}
