//go:build unix

package sftpbackend_test

import "syscall"

// cpuTime returns the user and system CPU time this process has used, in
// nanoseconds: the client's side of a benchmark, without sshd's and
// sftp-server's.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
