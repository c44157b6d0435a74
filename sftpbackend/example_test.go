package sftpbackend_test

import (
	"log"
	"os"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"github.com/tempvfs/tempvfs/sftpbackend"
	"github.com/tempvfs/tempvfs/tempfile"
)

// This example replaces a file on a server atomically. It needs a server,
// so it has no output to check: the tests run the same steps against
// sshd on 127.0.0.1.
func Example() {
	key, err := os.ReadFile("/home/me/.ssh/id_ed25519")
	if err != nil {
		log.Fatal(err)
	}
	signer, err := ssh.ParsePrivateKey(key)
	if err != nil {
		log.Fatal(err)
	}
	hostKey, _, _, _, err := ssh.ParseAuthorizedKey([]byte("ssh-ed25519 AAAA... host"))
	if err != nil {
		log.Fatal(err)
	}
	conn, err := ssh.Dial("tcp", "files.example.com:22", &ssh.ClientConfig{
		User:            "me",
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.FixedHostKey(hostKey),
	})
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	client, err := sftp.NewClient(conn)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	fsys, err := sftpbackend.New(client)
	if err != nil {
		log.Fatal(err)
	}
	// Readers on the server see the old content or the new, never a mix.
	if err := tempfile.WriteFile(fsys, "/srv/app/settings.json", []byte(`{"v":2}`), 0o644); err != nil {
		log.Fatal(err)
	}
	// A temporary directory on the server, removed with everything in it.
	d, err := tempfile.NewDir(fsys)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Cleanup()
}
