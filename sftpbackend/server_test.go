package sftpbackend_test

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pkg/sftp"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"

	"github.com/tempvfs/tempvfs/sftpbackend"
)

// sshServer is the OpenSSH server the tests talk to: one this test binary
// started (see startServer), or one named by the environment:
//
//	TEMPVFS_SFTP_ADDR     host:port, on 127.0.0.1 (its files are this machine's)
//	TEMPVFS_SFTP_KEY      the user's private key file
//	TEMPVFS_SFTP_HOSTKEY  the server's public host key file (authorized_keys format)
//	TEMPVFS_SFTP_USER     the user to log in as (default: this process's)
//	TEMPVFS_SFTP_NOBODY   1 if the user nobody may log in with the same key
//
// as "bash .ci/sshd start DIR" prints them.
type sshServer struct {
	addr    string
	hostKey ssh.PublicKey
	signer  ssh.Signer
	user    string // the default user
	nobody  bool   // the user nobody can log in (internal-sftp)

	// Of a server this binary started:
	dir    string
	log    string
	cmd    *exec.Cmd
	exited chan error
}

var (
	serverOnce sync.Once
	server     *sshServer
	serverErr  error // why there is no server
)

// TestMain stops the server that a test started, whether the tests passed
// or not.
func TestMain(m *testing.M) {
	code := m.Run()
	closeShared()
	if server != nil {
		server.stop()
	}
	removeNobodyBase()
	os.Exit(code)
}

// theServer returns the server, starting it on first use, and skips t with
// the reason when there is none.
func theServer(t testing.TB) *sshServer {
	t.Helper()
	serverOnce.Do(func() {
		if addr := os.Getenv("TEMPVFS_SFTP_ADDR"); addr != "" {
			server, serverErr = externalServer(addr)
			return
		}
		server, serverErr = startServer()
		if server != nil {
			server.user, server.nobody = "root", true
		}
	})
	if serverErr != nil {
		t.Skipf("no OpenSSH server: %v", serverErr)
	}
	return server
}

func externalServer(addr string) (*sshServer, error) {
	if host, _, err := net.SplitHostPort(addr); err != nil || host != "127.0.0.1" {
		return nil, fmt.Errorf("TEMPVFS_SFTP_ADDR=%q: want 127.0.0.1:PORT (the tests look at the server's files locally)", addr)
	}
	key, err := os.ReadFile(os.Getenv("TEMPVFS_SFTP_KEY"))
	if err != nil {
		return nil, fmt.Errorf("TEMPVFS_SFTP_KEY: %w", err)
	}
	s := &sshServer{addr: addr}
	if s.signer, err = ssh.ParsePrivateKey(key); err != nil {
		return nil, fmt.Errorf("TEMPVFS_SFTP_KEY: %w", err)
	}
	hk, err := os.ReadFile(os.Getenv("TEMPVFS_SFTP_HOSTKEY"))
	if err != nil {
		return nil, fmt.Errorf("TEMPVFS_SFTP_HOSTKEY: %w", err)
	}
	if s.hostKey, _, _, _, err = ssh.ParseAuthorizedKey(hk); err != nil {
		return nil, fmt.Errorf("TEMPVFS_SFTP_HOSTKEY: %w", err)
	}
	s.nobody = os.Getenv("TEMPVFS_SFTP_NOBODY") == "1"
	s.user = os.Getenv("TEMPVFS_SFTP_USER")
	if s.user == "" {
		u, err := user.Current()
		if err != nil {
			return nil, err
		}
		s.user = u.Username
	}
	return s, nil
}

// dialAs connects to the server as the named user ("" for the default
// one) and returns an SFTP client that t's cleanup closes.
func dialAs(t testing.TB, name string) *sftp.Client {
	t.Helper()
	s := theServer(t)
	c, err := s.connect(name)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// dial connects as the default user.
func dial(t testing.TB) *sftp.Client { t.Helper(); return dialAs(t, "") }

// connect returns an SFTP client logged in as the named user ("" for the
// default one); closing it closes its SSH connection too.
func (s *sshServer) connect(name string) (*sftp.Client, error) {
	if name == "" {
		name = s.user
	}
	conn, err := ssh.Dial("tcp", s.addr, &ssh.ClientConfig{
		User:            name,
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(s.signer)},
		HostKeyCallback: ssh.FixedHostKey(s.hostKey),
		Timeout:         30 * time.Second,
	})
	if err != nil {
		return nil, fmt.Errorf("ssh to %s as %s: %w%s", s.addr, name, err, s.logTail())
	}
	c, err := sftp.NewClient(conn)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("sftp subsystem on %s as %s: %w%s", s.addr, name, err, s.logTail())
	}
	go func() {
		// The SSH connection ends with the SFTP session.
		c.Wait()
		conn.Close()
	}()
	return c, nil
}

// poolSize is how many connections per user the shared clients use.
const poolSize = 4

var (
	poolMu   sync.Mutex
	pool     = map[string][]*sftp.Client{}
	poolNext = map[string]int{}
)

// shared returns one of a few clients logged in as the named user that
// the tests share: a login to sftp-server can take half a second (root's
// shell runs its startup files), too long to make one for each
// conformance check. TestMain closes them.
func shared(t testing.TB, name string) *sftp.Client {
	t.Helper()
	s := theServer(t)
	poolMu.Lock()
	defer poolMu.Unlock()
	i := poolNext[name]
	poolNext[name] = (i + 1) % poolSize
	if i < len(pool[name]) {
		return pool[name][i]
	}
	c, err := s.connect(name)
	require.NoError(t, err)
	pool[name] = append(pool[name], c)
	return c
}

func closeShared() {
	poolMu.Lock()
	defer poolMu.Unlock()
	for _, cs := range pool {
		for _, c := range cs {
			c.Close()
		}
	}
}

// logTail returns the end of the log of a server this binary started.
func (s *sshServer) logTail() string {
	if s.log == "" {
		return ""
	}
	b, _ := os.ReadFile(s.log)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return "\nsshd log:\n" + string(b)
}

// newFS returns a filesystem over a new connection as the default user,
// and a new empty directory on it.
func newFS(t testing.TB, opts ...sftpbackend.Option) (*sftpbackend.FS, string) {
	t.Helper()
	fsys, err := sftpbackend.New(dial(t), opts...)
	require.NoError(t, err)
	return fsys, t.TempDir()
}

// newSharedFS is newFS over a shared connection.
func newSharedFS(t testing.TB, opts ...sftpbackend.Option) (*sftpbackend.FS, string) {
	t.Helper()
	fsys, err := sftpbackend.New(shared(t, ""), opts...)
	require.NoError(t, err)
	return fsys, t.TempDir()
}

// nobodyUID is the user that internal-sftp serves unprivileged.
const nobodyUID = 65534

var (
	nobodyMu   sync.Mutex
	nobodyBase string // a directory that nobody can search, for nobody's directories
)

// newNobodyFS returns a filesystem over a shared connection as the user
// nobody, for whom the server enforces permission bits, and a new empty
// directory that nobody owns.
func newNobodyFS(t testing.TB, opts ...sftpbackend.Option) (*sftpbackend.FS, string) {
	t.Helper()
	if s := theServer(t); !s.nobody {
		t.Skip("the user nobody may not log in to the server (TEMPVFS_SFTP_NOBODY is not 1)")
	}
	nobodyMu.Lock()
	if nobodyBase == "" {
		d, err := os.MkdirTemp("", "sftpbackend-nobody-")
		if err == nil {
			err = os.Chmod(d, 0o755)
		}
		if err != nil {
			nobodyMu.Unlock()
			require.NoError(t, err)
		}
		nobodyBase = d
	}
	base := nobodyBase
	nobodyMu.Unlock()
	dir, err := os.MkdirTemp(base, "")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chown(dir, nobodyUID, nobodyUID))
	fsys, err := sftpbackend.New(shared(t, "nobody"), opts...)
	require.NoError(t, err)
	return fsys, dir
}

func removeNobodyBase() {
	if nobodyBase != "" {
		os.RemoveAll(nobodyBase)
	}
}

// join is filepath.Join, for the tests' names.
func join(elem ...string) string { return filepath.Join(elem...) }

var _ = errors.New
