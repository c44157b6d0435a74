package sftpbackend_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/sftpbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

func TestNew(t *testing.T) {
	t.Parallel()
	_, err := sftpbackend.New(nil)
	assert.ErrorIs(t, err, fs.ErrInvalid, "New(nil)")

	c := shared(t, "")
	for _, tc := range []struct {
		name string
		opts []sftpbackend.Option
	}{
		{"nil option", []sftpbackend.Option{nil}},
		{"umask with a file type bit", []sftpbackend.Option{sftpbackend.WithUmask(fs.ModeDir | 0o022)}},
		{"umask twice", []sftpbackend.Option{sftpbackend.WithUmask(0o022), sftpbackend.WithUmask(0o077)}},
		{"temp dirs twice", []sftpbackend.Option{sftpbackend.WithTempDirs("/a"), sftpbackend.WithTempDirs("/b")}},
		{"an empty temp dir", []sftpbackend.Option{sftpbackend.WithTempDirs("/a", "")}},
	} {
		_, err := sftpbackend.New(c, tc.opts...)
		assert.ErrorIs(t, err, fs.ErrInvalid, tc.name)
	}

	fsys, err := sftpbackend.New(c)
	require.NoError(t, err)
	assert.Equal(t, "sftpbackend", fsys.Name())
	assert.Same(t, c, fsys.Client())
	wd, err := c.Getwd()
	require.NoError(t, err)
	got, err := fsys.Getwd()
	require.NoError(t, err)
	assert.Equal(t, wd, got, "Getwd is the server's working directory")
	assert.Equal(t, []string{"/tmp", "/var/tmp", "/usr/tmp", wd}, fsys.TempDirs())

	fsys, err = sftpbackend.New(c, sftpbackend.WithTempDirs("/srv/tmp"))
	require.NoError(t, err)
	dirs := fsys.TempDirs()
	assert.Equal(t, []string{"/srv/tmp"}, dirs)
	dirs[0] = "changed"
	assert.Equal(t, []string{"/srv/tmp"}, fsys.TempDirs(), "TempDirs returns a fresh slice")
}

// TestWorkingDir checks that relative names resolve against Getwd, the
// server's working directory (root's home, when the test started sshd).
func TestWorkingDir(t *testing.T) {
	t.Parallel()
	fsys, _ := newSharedFS(t)
	wd, err := vfs.Getwd(fsys)
	require.NoError(t, err)
	rel := "sftpbackend-test-" + filepath.Base(t.TempDir())
	f, err := fsys.CreateExclusive(rel, 0o600)
	if errors.Is(err, fs.ErrPermission) {
		t.Skipf("the working directory %s is not writable: %v", wd, err)
	}
	require.NoError(t, err)
	t.Cleanup(func() { os.Remove(filepath.Join(wd, rel)) })
	require.NoError(t, f.Close())
	abs, err := vfs.Abs(fsys, rel)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(wd, rel), abs)
	_, err = os.Lstat(abs)
	assert.NoError(t, err, "a file created by a relative name is in the working directory")
	require.NoError(t, fsys.Remove(rel))
}

func TestUmask(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		umask     fs.FileMode
		file, dir fs.FileMode
	}{
		{0o022, 0o644, 0o755},
		{0o077, 0o600, 0o700},
		{0, 0o666, 0o777},
	} {
		fsys, dir := newSharedFS(t, sftpbackend.WithUmask(tc.umask))
		f, err := fsys.OpenFile(join(dir, "f"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		require.NoError(t, fsys.Mkdir(join(dir, "d"), 0o777))
		for name, want := range map[string]fs.FileMode{"f": tc.file, "d": tc.dir} {
			fi, err := os.Stat(join(dir, name))
			require.NoError(t, err)
			assert.Equal(t, want, fi.Mode().Perm(), "%s made with 0666/0777 under WithUmask(%03o)", name, tc.umask)
		}
		// MkdirAll applies it to each parent it makes.
		require.NoError(t, fsys.MkdirAll(join(dir, "p", "q"), 0o777))
		for _, name := range []string{"p", "p/q"} {
			fi, err := os.Stat(join(dir, name))
			require.NoError(t, err)
			assert.Equal(t, tc.dir, fi.Mode().Perm(), "MkdirAll %s under WithUmask(%03o)", name, tc.umask)
		}
	}
}

// TestExclusiveSymlink checks that an exclusive create is open(2) with
// O_CREAT|O_EXCL on the server, which follows no symbolic link at the
// name, and that O_CREATE alone follows one as open(2) does.
func TestExclusiveSymlink(t *testing.T) {
	t.Parallel()
	fsys, dir := newSharedFS(t)
	target := join(dir, "target")
	require.NoError(t, os.WriteFile(target, []byte("kept"), 0o600))
	require.NoError(t, os.Symlink(target, join(dir, "link")))
	require.NoError(t, os.Symlink(join(dir, "nowhere"), join(dir, "dangling")))
	for _, name := range []string{"link", "dangling"} {
		_, err := fsys.CreateExclusive(join(dir, name), 0o600)
		assert.ErrorIs(t, err, fs.ErrExist, "CreateExclusive of the symbolic link %s", name)
		assert.ErrorIs(t, err, syscall.EEXIST)
		var pe *fs.PathError
		if assert.ErrorAs(t, err, &pe) {
			assert.Equal(t, "open", pe.Op)
			assert.Equal(t, join(dir, name), pe.Path)
		}
	}
	got, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "kept", string(got))
	_, err = os.Lstat(join(dir, "nowhere"))
	assert.ErrorIs(t, err, fs.ErrNotExist, "an exclusive create must not make a dangling link's target")

	f, err := fsys.OpenFile(join(dir, "dangling"), os.O_RDWR|os.O_CREATE, 0o600)
	require.NoError(t, err, "O_CREATE through a dangling link, as open(2)")
	require.NoError(t, f.Close())
	_, err = os.Lstat(join(dir, "nowhere"))
	assert.NoError(t, err, "O_CREATE without O_EXCL creates a dangling link's target")

	f, err = fsys.OpenFile(join(dir, "link"), os.O_RDWR|os.O_CREATE, 0o644)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	fi, err := os.Stat(target)
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm(), "O_CREATE of an existing file leaves its mode")
}

// TestErrors checks the errors that SFTP reports only as SSH_FX_FAILURE
// (or NO_SUCH_FILE, BAD_MESSAGE), as the FS tells them apart.
func TestErrors(t *testing.T) {
	t.Parallel()
	fsys, dir := newSharedFS(t)
	p := func(name string) string { return join(dir, name) }
	require.NoError(t, os.WriteFile(p("file"), []byte("data"), 0o600))
	require.NoError(t, os.Mkdir(p("dir"), 0o700))
	require.NoError(t, os.Mkdir(p("full"), 0o700))
	require.NoError(t, os.WriteFile(p("full/x"), nil, 0o600))
	require.NoError(t, os.Symlink("file", p("link")))
	long := strings.Repeat("n", 256)

	openErr := func(name string, flag int) error {
		f, err := fsys.OpenFile(name, flag, 0o600)
		if err == nil {
			f.Close()
		}
		return err
	}
	for _, tc := range []struct {
		what  string
		err   error
		op    string
		want  error
		match error // an fs error it must also match, or nil
	}{
		{"open missing", openErr(p("missing"), os.O_RDONLY), "open", syscall.ENOENT, fs.ErrNotExist},
		{"exclusive create of a file", openErr(p("file"), os.O_RDWR|os.O_CREATE|os.O_EXCL), "open", syscall.EEXIST, fs.ErrExist},
		{"exclusive create of a directory", openErr(p("dir"), os.O_RDWR|os.O_CREATE|os.O_EXCL), "open", syscall.EEXIST, fs.ErrExist},
		{"open a directory for writing", openErr(p("dir"), os.O_RDWR), "open", syscall.EISDIR, nil},
		{"create in a missing directory", openErr(p("missing/f"), os.O_RDWR|os.O_CREATE|os.O_EXCL), "open", syscall.ENOENT, fs.ErrNotExist},
		{"create with a long name", openErr(p(long), os.O_RDWR|os.O_CREATE|os.O_EXCL), "open", syscall.ENAMETOOLONG, nil},
		{"mkdir of a directory", fsys.Mkdir(p("dir"), 0o700), "mkdir", syscall.EEXIST, fs.ErrExist},
		{"mkdir of a file", fsys.Mkdir(p("file"), 0o700), "mkdir", syscall.EEXIST, fs.ErrExist},
		{"mkdir in a missing directory", fsys.Mkdir(p("missing/d"), 0o700), "mkdir", syscall.ENOENT, fs.ErrNotExist},
		{"mkdir with a long name", fsys.Mkdir(p(long), 0o700), "mkdir", syscall.ENAMETOOLONG, nil},
		{"mkdirall over a file", fsys.MkdirAll(p("file/d"), 0o700), "mkdir", syscall.ENOTDIR, nil},
		{"remove a missing name", fsys.Remove(p("missing")), "remove", syscall.ENOENT, fs.ErrNotExist},
		{"remove a directory with entries", fsys.Remove(p("full")), "remove", syscall.ENOTEMPTY, nil},
		{"stat missing", second(fsys.Stat(p("missing"))), "stat", syscall.ENOENT, fs.ErrNotExist},
		{"lstat missing", second(fsys.Lstat(p("missing"))), "lstat", syscall.ENOENT, fs.ErrNotExist},
		{"readlink of a file", second(fsys.ReadlinkIfPossible(p("file"))), "readlink", syscall.EINVAL, nil},
		{"chmod missing", fsys.Chmod(p("missing"), 0o600), "chmod", syscall.ENOENT, fs.ErrNotExist},
		{"chtimes before 1970", fsys.Chtimes(p("file"), time.Unix(-1, 0), time.Now()), "chtimes", syscall.EINVAL, nil},
		{"chtimes after 2106", fsys.Chtimes(p("file"), time.Now(), time.Unix(1<<33, 0)), "chtimes", syscall.EINVAL, nil},
		{"syncdir missing", fsys.SyncDir(p("missing")), "open", syscall.ENOENT, fs.ErrNotExist},
		{"removeall dot", fsys.RemoveAll(p("dir") + "/."), "removeall", syscall.EINVAL, nil},
	} {
		if !assert.ErrorIs(t, tc.err, tc.want, tc.what) {
			continue
		}
		if tc.match != nil {
			assert.ErrorIs(t, tc.err, tc.match, tc.what)
		}
		var pe *fs.PathError
		if assert.ErrorAs(t, tc.err, &pe, tc.what) {
			assert.Equal(t, tc.op, pe.Op, tc.what)
		}
	}

	for _, tc := range []struct {
		what  string
		err   error
		op    string
		want  error
		match error
	}{
		{"link onto a file", fsys.Link(p("file"), p("link")), "link", syscall.EEXIST, fs.ErrExist},
		{"link of a directory", fsys.Link(p("dir"), p("dir2")), "link", syscall.EPERM, fs.ErrPermission},
		{"link of a missing name", fsys.Link(p("missing"), p("new")), "link", syscall.ENOENT, fs.ErrNotExist},
		{"symlink onto a file", fsys.SymlinkIfPossible("x", p("file")), "symlink", syscall.EEXIST, fs.ErrExist},
		{"rename of a missing name", fsys.Rename(p("missing"), p("new")), "rename", syscall.ENOENT, fs.ErrNotExist},
		{"rename a directory onto a file", fsys.Rename(p("dir"), p("file")), "rename", syscall.ENOTDIR, nil},
		{"rename a file onto a directory", fsys.Rename(p("file"), p("dir")), "rename", syscall.EISDIR, nil},
		{"rename a directory onto one with entries", fsys.Rename(p("dir"), p("full")), "rename", syscall.ENOTEMPTY, nil},
		{"no-replace rename onto a file", fsys.RenameNoReplace(p("file"), p("full/x")), "rename", syscall.EEXIST, fs.ErrExist},
		{"no-replace rename onto a directory", fsys.RenameNoReplace(p("file"), p("dir")), "rename", syscall.EEXIST, fs.ErrExist},
		{"no-replace rename of a directory", fsys.RenameNoReplace(p("dir"), p("new")), "rename", errors.ErrUnsupported, nil},
		{"no-replace rename of a link", fsys.RenameNoReplace(p("link"), p("new")), "rename", errors.ErrUnsupported, nil},
	} {
		if !assert.ErrorIs(t, tc.err, tc.want, tc.what) {
			continue
		}
		if tc.match != nil {
			assert.ErrorIs(t, tc.err, tc.match, tc.what)
		}
		var le *os.LinkError
		if assert.ErrorAs(t, tc.err, &le, tc.what) {
			assert.Equal(t, tc.op, le.Op, tc.what)
		}
	}
	assert.Equal(t, []string{"dir", "file", "full", "link"}, localNames(t, dir), "failed operations change nothing")

	// Handles: the access mode is checked here, as the kernel would.
	f, err := fsys.Open(p("file"))
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Write([]byte("x"))
	assert.ErrorIs(t, err, syscall.EBADF, "Write to a file opened O_RDONLY")
	assert.ErrorIs(t, f.Truncate(0), syscall.EINVAL, "Truncate of a file opened O_RDONLY")
	w, err := fsys.OpenFile(p("file"), os.O_WRONLY, 0)
	require.NoError(t, err)
	defer w.Close()
	_, err = w.Read(make([]byte, 1))
	assert.ErrorIs(t, err, syscall.EBADF, "Read from a file opened O_WRONLY")
	d, err := fsys.Open(p("dir"))
	require.NoError(t, err)
	defer d.Close()
	_, err = d.Read(make([]byte, 1))
	assert.ErrorIs(t, err, syscall.EISDIR, "Read from a directory")
	_, err = f.Readdir(-1)
	assert.ErrorIs(t, err, syscall.ENOTDIR, "Readdir of a file")
}

func second[T any](_ T, err error) error { return err }

func TestClosedFile(t *testing.T) {
	t.Parallel()
	fsys, dir := newSharedFS(t)
	name := join(dir, "f")
	f, err := fsys.CreateExclusive(name, 0o600)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	sf := f.(*sftpbackend.File)
	for what, err := range map[string]error{
		"Close":        f.Close(),
		"Read":         second(f.Read(make([]byte, 1))),
		"ReadAt":       second(f.ReadAt(make([]byte, 1), 0)),
		"Write":        second(f.Write([]byte("x"))),
		"WriteAt":      second(f.WriteAt([]byte("x"), 0)),
		"Seek":         second(f.Seek(0, io.SeekStart)),
		"Stat":         second(f.Stat()),
		"Sync":         f.Sync(),
		"Truncate":     f.Truncate(0),
		"Readdir":      second(f.Readdir(1)),
		"Readdirnames": second(f.Readdirnames(1)),
		"ReadDir":      second(sf.ReadDir(1)),
		"Chmod":        sf.Chmod(0o644),
		"Chown":        sf.Chown(-1, -1),
	} {
		assert.ErrorIs(t, err, fs.ErrClosed, what)
		var pe *fs.PathError
		if assert.ErrorAs(t, err, &pe, what) {
			assert.Equal(t, name, pe.Path, what)
			assert.Equal(t, strings.ToLower(pe.Op), pe.Op, what)
		}
	}
}

func TestReaddir(t *testing.T) {
	t.Parallel()
	fsys, dir := newSharedFS(t)
	for _, n := range []string{"e", "c", "a", "d", "b"} {
		require.NoError(t, os.WriteFile(join(dir, n), nil, 0o600))
	}
	require.NoError(t, os.Symlink("a", join(dir, "l")))
	d, err := fsys.Open(dir)
	require.NoError(t, err)
	defer d.Close()
	var got []string
	for _, want := range []int{2, 2, 2} {
		infos, err := d.Readdir(2)
		require.NoError(t, err)
		require.Len(t, infos, want)
		for _, fi := range infos {
			got = append(got, fi.Name())
			if fi.Name() == "l" {
				assert.Equal(t, fs.ModeSymlink, fi.Mode().Type(), "Readdir describes a link as Lstat does")
			}
		}
	}
	assert.Equal(t, []string{"a", "b", "c", "d", "e", "l"}, got, "Readdir(2) three times, in name order")
	infos, err := d.Readdir(2)
	assert.Equal(t, io.EOF, err, "Readdir(n > 0) at the end")
	assert.Empty(t, infos)
	infos, err = d.Readdir(-1)
	assert.NoError(t, err, "Readdir(-1) at the end")
	assert.NotNil(t, infos)
	assert.Empty(t, infos)

	_, err = d.Seek(0, io.SeekStart)
	require.NoError(t, err)
	names, err := d.Readdirnames(4)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c", "d"}, names, "Seek(0) restarts the listing")
	names, err = d.Readdirnames(0)
	require.NoError(t, err)
	assert.Equal(t, []string{"e", "l"}, names)
}

func TestRemoveAll(t *testing.T) {
	t.Parallel()
	fsys, dir := newSharedFS(t)
	outside := join(dir, "outside")
	require.NoError(t, os.MkdirAll(join(outside, "sub"), 0o700))
	require.NoError(t, os.WriteFile(join(outside, "sub", "keep"), []byte("keep"), 0o600))
	tree := join(dir, "tree")
	require.NoError(t, os.MkdirAll(join(tree, "a", "b", "c"), 0o700))
	require.NoError(t, os.WriteFile(join(tree, "a", "b", "c", "f"), []byte("f"), 0o600))
	require.NoError(t, os.WriteFile(join(tree, "g"), []byte("g"), 0o400))
	require.NoError(t, os.Symlink(outside, join(tree, "a", "to-dir")))
	require.NoError(t, os.Symlink(join(outside, "sub", "keep"), join(tree, "to-file")))
	require.NoError(t, os.Symlink("nowhere", join(tree, "dangling")))

	require.NoError(t, fsys.RemoveAll(tree))
	assert.Equal(t, []string{"outside"}, localNames(t, dir), "RemoveAll removes the tree")
	assert.Equal(t, []string{"keep"}, localNames(t, join(outside, "sub")), "RemoveAll follows no link")

	link := join(dir, "link")
	require.NoError(t, os.Symlink(outside, link))
	require.NoError(t, fsys.RemoveAll(link))
	assert.Equal(t, []string{"outside"}, localNames(t, dir), "RemoveAll of a link removes the link")
	assert.Equal(t, []string{"sub"}, localNames(t, outside))

	assert.NoError(t, fsys.RemoveAll(join(dir, "missing")), "RemoveAll of a missing name")
	assert.NoError(t, fsys.RemoveAll(""), "RemoveAll of the empty name")
	require.NoError(t, fsys.RemoveAll(join(outside, "sub", "keep")), "RemoveAll of a file")
	assert.Empty(t, localNames(t, join(outside, "sub")))
}

func TestIO(t *testing.T) {
	t.Parallel()
	fsys, dir := newSharedFS(t)
	name := join(dir, "f")
	f, err := fsys.Create(name)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.WriteString("hello, world")
	require.NoError(t, err)
	n, err := f.WriteAt([]byte("W"), 7)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "WriteAt writes")
	got, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, "hello, World", string(got))

	// A big write and read, past pkg/sftp's packet size.
	big := []byte(strings.Repeat("0123456789abcdef", 1<<14))
	_, err = f.WriteAt(big, 1<<20)
	require.NoError(t, err)
	back := make([]byte, len(big)+10)
	n, err = f.ReadAt(back, 1<<20)
	assert.Equal(t, io.EOF, err, "ReadAt past the end")
	assert.Equal(t, big, back[:n])

	a, err := fsys.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	defer a.Close()
	b, err := fsys.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	defer b.Close()
	_, err = a.Write([]byte("A"))
	require.NoError(t, err)
	_, err = b.Write([]byte("B"))
	require.NoError(t, err)
	_, err = a.Write([]byte("C"))
	require.NoError(t, err)
	got, err = os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, "ABC", string(got[len(got)-3:]), "O_APPEND writes land at the end, through two handles")
	pos, err := a.Seek(0, io.SeekCurrent)
	require.NoError(t, err)
	assert.Equal(t, int64(len(got)), pos, "after an append the offset is at the end")
	_, err = a.WriteAt([]byte("x"), 0)
	assert.EqualError(t, err, "os: invalid use of WriteAt on file opened with O_APPEND")

	require.NoError(t, f.Truncate(5))
	fi, err := f.Stat()
	require.NoError(t, err)
	assert.Equal(t, int64(5), fi.Size())
	end, err := f.Seek(-2, io.SeekEnd)
	require.NoError(t, err)
	assert.Equal(t, int64(3), end)
	buf := make([]byte, 10)
	n, err = f.Read(buf)
	require.NoError(t, err, "a short Read returns no error")
	assert.Equal(t, "lo", string(buf[:n]))
	n, err = f.Read(buf)
	assert.Equal(t, 0, n)
	assert.Equal(t, io.EOF, err)
	_, err = f.Seek(-1, io.SeekStart)
	assert.ErrorIs(t, err, syscall.EINVAL)
	_, err = f.Seek(0, 7)
	assert.ErrorIs(t, err, syscall.EINVAL)
	require.NoError(t, f.Sync())
}

// TestWithoutExtensions checks what an FS does on a server without
// OpenSSH's extensions: no silent fallback that loses a promise.
func TestWithoutExtensions(t *testing.T) {
	t.Parallel()
	fsys, dir := newSharedFS(t, sftpbackend.WithoutExtensions(sftpbackend.ExtPosixRename, sftpbackend.ExtHardlink, sftpbackend.ExtFsync, sftpbackend.ExtStatvfs))
	a, b := join(dir, "a"), join(dir, "b")
	require.NoError(t, os.WriteFile(a, []byte("A"), 0o600))
	require.NoError(t, os.WriteFile(b, []byte("B"), 0o600))

	err := fsys.Rename(a, b)
	assert.ErrorIs(t, err, errors.ErrUnsupported, "Rename onto an existing name without posix-rename")
	assert.ErrorIs(t, err, fs.ErrExist)
	got, _ := os.ReadFile(b)
	assert.Equal(t, "B", string(got), "a refused Rename leaves the target")
	require.NoError(t, fsys.Rename(a, join(dir, "c")), "Rename to a new name needs no extension")
	assert.ErrorIs(t, fsys.RenameNoReplace(join(dir, "c"), b), fs.ErrExist, "RenameNoReplace needs no extension")

	assert.ErrorIs(t, fsys.Link(b, join(dir, "d")), errors.ErrUnsupported, "Link without hardlink@openssh.com")
	assert.ErrorIs(t, fsys.SyncDir(dir), errors.ErrUnsupported, "SyncDir without fsync@openssh.com")
	f, err := fsys.Open(b)
	require.NoError(t, err)
	defer f.Close()
	assert.ErrorIs(t, f.Sync(), errors.ErrUnsupported, "File.Sync without fsync@openssh.com")
}
