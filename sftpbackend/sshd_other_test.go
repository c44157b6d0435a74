//go:build !linux

package sftpbackend_test

import "errors"

// startServer starts sshd only on Linux, where the tests know the paths
// of Debian's OpenSSH packages; elsewhere point TEMPVFS_SFTP_ADDR at a
// server.
func startServer() (*sshServer, error) {
	return nil, errors.New("the tests start sshd only on Linux (point TEMPVFS_SFTP_ADDR at a server)")
}

func (s *sshServer) stop() {}
