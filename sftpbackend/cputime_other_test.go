//go:build !unix

package sftpbackend_test

// cpuTime returns 0: CPU time is not measured on this platform.
func cpuTime() int64 { return 0 }
