//go:build linux

package sftpbackend_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"
)

// The programs the tests start, as Debian's openssh-server and
// openssh-sftp-server install them.
const (
	sshdPath       = "/usr/sbin/sshd"
	sftpServerPath = "/usr/lib/openssh/sftp-server"
)

// startServer starts OpenSSH's sshd on a free port of 127.0.0.1 with a
// private configuration in a new directory: a throwaway ed25519 host key,
// one authorized key (signer's) for every user, root served by
// sftp-server and the user nobody by sshd's internal-sftp (nobody's shell
// cannot run a program), both with the umask 022. It needs root, which
// sshd needs to switch to the user, and the two programs; otherwise it
// returns the reason as its error.
func startServer() (*sshServer, error) {
	if os.Geteuid() != 0 {
		return nil, errors.New("starting sshd needs root (run the tests as root, or point TEMPVFS_SFTP_ADDR at a server)")
	}
	for _, p := range []string{sshdPath, sftpServerPath} {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("%s is missing (apt-get install openssh-server openssh-sftp-server, or bash .ci/sshd install): %w", p, err)
		}
	}
	// sshd refuses to start without its privilege separation directory.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "sftpbackend-sshd-")
	if err != nil {
		return nil, err
	}
	s := &sshServer{dir: dir}
	// sshd reads the authorized keys as the user logging in.
	if err := os.Chmod(dir, 0o755); err != nil {
		s.stop()
		return nil, err
	}
	if err := s.keys(); err != nil {
		s.stop()
		return nil, err
	}
	var lastErr error
	for range 5 {
		if lastErr = s.start(); lastErr == nil {
			return s, nil
		}
	}
	s.stop()
	return nil, lastErr
}

// keys writes the host key and the authorized key, and keeps the user's
// signer.
func (s *sshServer) keys() error {
	_, hostPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	block, err := ssh.MarshalPrivateKey(hostPriv, "")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(s.dir, "host_ed25519"), pem.EncodeToMemory(block), 0o600); err != nil {
		return err
	}
	if s.hostKey, err = ssh.NewPublicKey(hostPriv.Public()); err != nil {
		return err
	}
	_, userPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	if s.signer, err = ssh.NewSignerFromKey(userPriv); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.dir, "authorized_keys"), ssh.MarshalAuthorizedKey(s.signer.PublicKey()), 0o644)
}

// start runs sshd on a port that was free a moment ago, and waits until it
// accepts connections.
func (s *sshServer) start() error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.addr = l.Addr().String()
	l.Close()
	config := strings.Join([]string{
		"ListenAddress " + s.addr,
		"HostKey " + filepath.Join(s.dir, "host_ed25519"),
		"PidFile " + filepath.Join(s.dir, "sshd.pid"),
		"AuthorizedKeysFile " + filepath.Join(s.dir, "authorized_keys"),
		"UsePAM no",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"PermitRootLogin prohibit-password",
		"StrictModes no",
		"UseDNS no",
		"PrintMotd no",
		// The conformance checks connect in parallel; sshd's default
		// (10:30:100) drops unauthenticated connections past ten.
		"MaxStartups 200",
		"LogLevel VERBOSE",
		"Subsystem sftp " + sftpServerPath + " -u 0022",
		"Match User nobody",
		"\tForceCommand internal-sftp -u 0022",
		"",
	}, "\n")
	configFile := filepath.Join(s.dir, "sshd_config")
	if err := os.WriteFile(configFile, []byte(config), 0o600); err != nil {
		return err
	}
	s.log = filepath.Join(s.dir, "sshd.log")
	// -D keeps sshd in the foreground, as this process's child, so that
	// it is stopped by its PID; Pdeathsig stops it if the test binary
	// dies without stopping it.
	cmd := exec.Command(sshdPath, "-D", "-f", configFile, "-E", s.log)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(s.log)
			return fmt.Errorf("sshd exited at start (%v): %s%s", err, stderr.Bytes(), log)
		default:
		}
		if c, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
			c.Close()
			s.cmd, s.exited = cmd, exited
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	<-exited
	return fmt.Errorf("sshd did not listen on %s within 10s", s.addr)
}

// stop stops sshd by its PID and removes its directory.
func (s *sshServer) stop() {
	if s.cmd != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
			s.cmd.Process.Kill()
			<-s.exited
		}
	}
	os.RemoveAll(s.dir)
}
