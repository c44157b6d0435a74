package sftpbackend

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"syscall"

	"github.com/pkg/sftp"

	"github.com/tempvfs/tempvfs/vfs"
)

// The OpenSSH extensions that an FS uses where the server offers them,
// with the version string each must carry.
const (
	extPosixRename = "posix-rename@openssh.com" // Rename that replaces atomically
	extHardlink    = "hardlink@openssh.com"     // Link
	extFsync       = "fsync@openssh.com"        // File.Sync, SyncDir
	extStatvfs     = "statvfs@openssh.com"      // telling ENOSPC from other failures
)

var extVersions = map[string]string{
	extPosixRename: "1",
	extHardlink:    "1",
	extFsync:       "1",
	extStatvfs:     "2",
}

// FS is a filesystem on an SFTP server, reached through a [*sftp.Client].
// It implements [vfs.Fs] and the capabilities that the server lets it
// keep: [vfs.ExclusiveFS], [vfs.LinkFS], [vfs.RenameNoReplaceFS],
// [vfs.SyncDirFS], [vfs.TempDirFS], [vfs.WorkingDirFS] and
// [afero.Symlinker]. Make one with [New]; the zero FS is not usable.
type FS struct {
	c        *sftp.Client
	umask    fs.FileMode
	wd       string
	tempDirs []string

	posixRename bool
	hardlink    bool
	fsync       bool
	statvfs     bool
}

// The capabilities an FS has; vfs.AnonymousFS, vfs.PublishFS and
// vfs.RemoveTreeFS it has not (see the package documentation).
var (
	_ vfs.ExclusiveFS       = (*FS)(nil)
	_ vfs.LinkFS            = (*FS)(nil)
	_ vfs.RenameNoReplaceFS = (*FS)(nil)
	_ vfs.SyncDirFS         = (*FS)(nil)
	_ vfs.TempDirFS         = (*FS)(nil)
	_ vfs.WorkingDirFS      = (*FS)(nil)
)

// New returns a filesystem on the server that client is connected to.
// It asks the server for its working directory (one round trip), the
// directory that relative names resolve against, and notes which OpenSSH
// extensions the server announced when the client connected:
// posix-rename@openssh.com, hardlink@openssh.com, fsync@openssh.com and
// statvfs@openssh.com. Operations that need a missing one return an error
// wrapping [errors.ErrUnsupported] (see the package documentation).
//
// The FS does not own client: closing the client is the caller's job, and
// ends every operation of the FS and its Files with an error.
//
// New fails with an error matching [fs.ErrInvalid] for a nil client or a
// bad Option, and with an [*fs.PathError] (Op "getwd") if the server does
// not say where its working directory is.
func New(client *sftp.Client, opts ...Option) (*FS, error) {
	if client == nil {
		return nil, fmt.Errorf("sftpbackend.New: nil *sftp.Client: %w", fs.ErrInvalid)
	}
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	fsys := &FS{c: client, umask: c.umask}
	has := func(ext string) bool {
		v, ok := client.HasExtension(ext)
		return ok && v == extVersions[ext] && !c.without[ext]
	}
	fsys.posixRename = has(extPosixRename)
	fsys.hardlink = has(extHardlink)
	fsys.fsync = has(extFsync)
	fsys.statvfs = has(extStatvfs)
	wd, err := client.Getwd()
	if err != nil {
		return nil, pathErr("getwd", ".", errno(err, syscall.EACCES))
	}
	fsys.wd = filepath.FromSlash(wd)
	if c.tempSet {
		fsys.tempDirs = c.tempDirs
	} else {
		fsys.tempDirs = []string{"/tmp", "/var/tmp", "/usr/tmp", fsys.wd}
		for i, d := range fsys.tempDirs {
			fsys.tempDirs[i] = filepath.FromSlash(d)
		}
	}
	return fsys, nil
}

// Name returns "sftpbackend".
func (fsys *FS) Name() string { return "sftpbackend" }

// Client returns the client that the FS uses.
func (fsys *FS) Client() *sftp.Client { return fsys.c }

// Getwd returns the server's working directory for this connection, as
// New learned it: the directory that relative names resolve against, on
// the server. SFTP has no way to change it.
func (fsys *FS) Getwd() (string, error) { return fsys.wd, nil }

// TempDirs returns the candidates for temporary files: those given to
// [WithTempDirs], or else /tmp, /var/tmp, /usr/tmp and the working
// directory, as Python's tempfile lists them. The environment of the
// server (its TMPDIR) cannot be read over SFTP.
func (fsys *FS) TempDirs() []string { return slices.Clone(fsys.tempDirs) }

// remote returns the name to send to the server for name: the same,
// with the operating system's separators made slashes.
func remote(name string) string { return filepath.ToSlash(name) }

// local returns the name, with the operating system's separators, of the
// server's name p.
func local(p string) string { return filepath.FromSlash(p) }

// full reports whether the filesystem holding p has no free blocks, or
// (inodes) no free inodes: what turns an SSH_FX_FAILURE of a write or a
// create into ENOSPC. p may be gone (a removed file): its directory is
// asked then. Without statvfs@openssh.com it cannot tell.
func (fsys *FS) full(p string, inodes bool) bool {
	if !fsys.statvfs {
		return false
	}
	st, err := fsys.c.StatVFS(p)
	if err != nil {
		if st, err = fsys.c.StatVFS(path.Dir(p)); err != nil {
			return false
		}
	}
	return st.Bavail == 0 || inodes && st.Favail == 0
}
