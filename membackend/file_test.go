package membackend_test

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/vfs"
)

func TestAccessModes(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)

	ro, err := fsys.Open("/f")
	require.NoError(t, err)
	_, err = ro.Write([]byte("x"))
	assertPathErr(t, err, "write", syscall.EBADF)
	_, err = ro.Write(nil)
	assertPathErr(t, err, "write", syscall.EBADF)
	_, err = ro.WriteAt([]byte("x"), 0)
	assertPathErr(t, err, "write", syscall.EBADF)
	assertPathErr(t, ro.Truncate(0), "truncate", syscall.EINVAL)
	require.NoError(t, ro.Close())

	wo, err := fsys.OpenFile("/f", os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = wo.Read(make([]byte, 1))
	assertPathErr(t, err, "read", syscall.EBADF)
	_, err = wo.ReadAt(make([]byte, 1), 0)
	assertPathErr(t, err, "read", syscall.EBADF)
	n, err := wo.Read(nil)
	assert.NoError(t, err, "an empty read succeeds as in os")
	assert.Zero(t, n)
	require.NoError(t, wo.Close())

	// O_RDONLY|O_CREATE gives a read-only handle.
	rc, err := fsys.OpenFile("/g", os.O_RDONLY|os.O_CREATE, 0o644)
	require.NoError(t, err)
	_, err = rc.Write([]byte("x"))
	assertPathErr(t, err, "write", syscall.EBADF)
	require.NoError(t, rc.Close())

	// O_RDONLY|O_TRUNC truncates, as Linux does.
	rt, err := fsys.OpenFile("/f", os.O_RDONLY|os.O_TRUNC, 0)
	require.NoError(t, err)
	require.NoError(t, rt.Close())
	assert.Equal(t, "", readFile(t, fsys, "/f"))

	// A directory reads as EISDIR and cannot be written.
	d, err := fsys.Open("/d")
	require.NoError(t, err)
	_, err = d.Read(make([]byte, 1))
	assertPathErr(t, err, "read", syscall.EISDIR)
	_, err = d.Write([]byte("x"))
	assertPathErr(t, err, "write", syscall.EBADF)
	_, err = d.Readdirnames(-1)
	require.NoError(t, err)
	require.NoError(t, d.Close())

	_, err = fsys.OpenFile("/f", os.O_RDWR|os.O_WRONLY, 0)
	assertPathErr(t, err, "open", syscall.EINVAL)
}

func TestCreateTruncatesTheSameInode(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	old, err := fsys.OpenFile("/f", os.O_RDWR, 0)
	require.NoError(t, err)
	f, err := fsys.Create("/f")
	require.NoError(t, err)
	_, err = f.Write([]byte("XY"))
	require.NoError(t, err)
	assert.Equal(t, "XY", readAll(t, old), "the old handle sees the new data")
	_, err = old.WriteAt([]byte("Q"), 0)
	require.NoError(t, err)
	assert.Equal(t, "QY", readFile(t, fsys, "/f"), "writes through the old handle are kept")
	require.NoError(t, old.Close())
	require.NoError(t, f.Close())
}

func TestAppend(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	f, err := fsys.OpenFile("/f", os.O_RDWR|os.O_APPEND, 0)
	require.NoError(t, err)
	_, err = f.Write([]byte("XY"))
	require.NoError(t, err)
	_, err = f.Seek(0, io.SeekStart)
	require.NoError(t, err)
	_, err = f.Write([]byte("Z"))
	require.NoError(t, err)
	assert.Equal(t, "helloXYZ", readFile(t, fsys, "/f"))
	_, err = f.WriteAt([]byte("Q"), 0)
	assert.EqualError(t, err, "os: invalid use of WriteAt on file opened with O_APPEND")
	require.NoError(t, f.Close())

	// Concurrent appenders through two handles lose nothing.
	h1, err := fsys.OpenFile("/a", os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	require.NoError(t, err)
	h2, err := fsys.OpenFile("/a", os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for _, h := range []afero.File{h1, h2, h1} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				_, err := h.Write([]byte("ab"))
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	data := readFile(t, fsys, "/a")
	assert.Len(t, data, 6000)
	assert.Equal(t, bytes.Repeat([]byte("ab"), 3000), []byte(data), "no write tore another")
	require.NoError(t, h1.Close())
	require.NoError(t, h2.Close())
}

func TestOffsets(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	f, err := fsys.OpenFile("/f", os.O_RDWR, 0)
	require.NoError(t, err)
	defer f.Close()

	pos, err := f.Seek(-1, io.SeekStart)
	assertPathErr(t, err, "seek", syscall.EINVAL)
	assert.Zero(t, pos)
	_, err = f.Seek(-10, io.SeekEnd)
	assertPathErr(t, err, "seek", syscall.EINVAL)
	_, err = f.Seek(0, 7)
	assertPathErr(t, err, "seek", syscall.EINVAL)
	pos, err = f.Seek(0, io.SeekCurrent)
	require.NoError(t, err)
	assert.Zero(t, pos, "a failed Seek leaves the offset")

	buf := make([]byte, 5)
	n, err := f.ReadAt(buf, 3)
	assert.Equal(t, 2, n)
	assert.Equal(t, io.EOF, err, "a short ReadAt returns io.EOF")
	assert.Equal(t, "lo", string(buf[:n]))
	n, err = f.ReadAt(buf, 10)
	assert.Zero(t, n)
	assert.Equal(t, io.EOF, err)
	_, err = f.ReadAt(buf, -1)
	assert.EqualError(t, err, "readat /f: negative offset")
	_, err = f.WriteAt(buf, -1)
	assert.EqualError(t, err, "writeat /f: negative offset")

	// ReadAt and WriteAt neither use nor move the offset.
	_, err = f.Seek(1, io.SeekStart)
	require.NoError(t, err)
	_, err = f.WriteAt([]byte("XY"), 3)
	require.NoError(t, err)
	_, err = f.Write([]byte("Z"))
	require.NoError(t, err)
	assert.Equal(t, "hZlXY", readFile(t, fsys, "/f"))

	// Reading at or past the end gives io.EOF.
	_, err = f.Seek(10, io.SeekStart)
	require.NoError(t, err)
	n, err = f.Read(buf)
	assert.Zero(t, n)
	assert.Equal(t, io.EOF, err)

	// A write past the end fills the gap with zeros.
	_, err = f.Write([]byte("!"))
	require.NoError(t, err)
	assert.Equal(t, "hZlXY\x00\x00\x00\x00\x00!", readFile(t, fsys, "/f"))

	// Truncate grows with zeros, shrinks, and keeps the offset.
	require.NoError(t, f.Truncate(2))
	_, err = f.Write([]byte("?"))
	require.NoError(t, err)
	assert.Equal(t, "hZ\x00\x00\x00\x00\x00\x00\x00\x00\x00?", readFile(t, fsys, "/f"))
	assertPathErr(t, f.Truncate(-1), "truncate", syscall.EINVAL)
}

func TestLargeFileStorage(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	f, err := fsys.Create("/big")
	require.NoError(t, err)
	defer f.Close()
	// A pattern across several chunks, written unaligned.
	want := make([]byte, 300_000)
	for i := range want {
		want[i] = byte(i * 7)
	}
	for off := 0; off < len(want); off += 12_345 {
		end := min(off+12_345, len(want))
		_, err := f.WriteAt(want[off:end], int64(off))
		require.NoError(t, err)
	}
	got := make([]byte, len(want))
	_, err = f.ReadAt(got, 0)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	// Shrink to mid-chunk and grow again: the cut bytes read as zeros.
	require.NoError(t, f.Truncate(70_000))
	require.NoError(t, f.Truncate(200_000))
	_, err = f.ReadAt(got[:200_000], 0)
	require.NoError(t, err)
	assert.Equal(t, want[:70_000], got[:70_000])
	assert.Equal(t, make([]byte, 130_000), got[70_000:200_000])
	_, err = f.WriteAt([]byte{1}, 199_999)
	require.NoError(t, err)
	_, err = f.ReadAt(got[:200_000], 0)
	require.NoError(t, err)
	assert.Equal(t, make([]byte, 129_999), got[70_000:199_999])

	// A write far away leaves a hole that costs nothing and reads as zeros.
	_, err = f.WriteAt([]byte("end"), 1<<40)
	require.NoError(t, err)
	fi, err := f.Stat()
	require.NoError(t, err)
	assert.Equal(t, int64(1<<40+3), fi.Size())
	hole := make([]byte, 4)
	_, err = f.ReadAt(hole, 1<<39)
	require.NoError(t, err)
	assert.Equal(t, make([]byte, 4), hole)
}

func TestClosedFile(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	f, err := fsys.OpenFile("/f", os.O_RDWR, 0)
	require.NoError(t, err)
	d, err := fsys.Open("/d")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.NoError(t, d.Close())

	buf := make([]byte, 1)
	tests := []struct {
		op   string
		call func() error
	}{
		{"read", func() error { _, err := f.Read(buf); return err }},
		{"read", func() error { _, err := f.ReadAt(buf, 0); return err }},
		{"write", func() error { _, err := f.Write(buf); return err }},
		{"write", func() error { _, err := f.WriteAt(buf, 0); return err }},
		{"write", func() error { _, err := f.WriteString("x"); return err }},
		{"seek", func() error { _, err := f.Seek(0, io.SeekStart); return err }},
		{"stat", func() error { _, err := f.Stat(); return err }},
		{"sync", f.Sync},
		{"truncate", func() error { return f.Truncate(0) }},
		{"readdirent", func() error { _, err := f.Readdirnames(-1); return err }},
		{"readdirent", func() error { _, err := d.Readdir(-1); return err }},
		{"readdirent", func() error { _, err := d.(fs.ReadDirFile).ReadDir(-1); return err }},
		{"close", f.Close},
		{"close", d.Close},
	}
	for _, tt := range tests {
		err := tt.call()
		var pe *fs.PathError
		if assert.ErrorAs(t, err, &pe, tt.op) {
			assert.Equal(t, tt.op, pe.Op)
		}
		assert.ErrorIs(t, err, fs.ErrClosed, tt.op)
	}
	assert.Equal(t, "hello", readFile(t, fsys, "/f"), "nothing was written")
	assert.Equal(t, "/f", f.Name())
}

func TestUnlinkWhileOpen(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	f, err := fsys.OpenFile("/f", os.O_RDWR, 0)
	require.NoError(t, err)
	require.NoError(t, fsys.Remove("/f"))
	_, err = f.Seek(0, io.SeekEnd)
	require.NoError(t, err)
	_, err = f.Write([]byte(" world"))
	require.NoError(t, err)
	assert.Equal(t, "hello world", readAll(t, f))
	fi, err := f.Stat()
	require.NoError(t, err)
	assert.Equal(t, int64(11), fi.Size())
	assert.Equal(t, uint64(0), statOf(t, fi).Nlink)
	_, err = fsys.Stat("/f")
	assert.ErrorIs(t, err, syscall.ENOENT)

	writeFile(t, fsys, "/f", "new")
	assert.Equal(t, "hello world", readAll(t, f), "a new file at the name is another inode")
	require.NoError(t, f.Close())
}

func TestReaddir(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	require.NoError(t, fsys.Mkdir("/d", 0o755))
	for _, n := range []string{"b", "a", "c"} {
		writeFile(t, fsys, "/d/"+n, n)
	}
	d, err := fsys.Open("/d")
	require.NoError(t, err)
	first, err := d.Readdirnames(1)
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, first)
	writeFile(t, fsys, "/d/aa", "")
	require.NoError(t, fsys.Remove("/d/c"))
	rest, err := d.Readdirnames(-1)
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "c"}, rest, "a snapshot: no duplicates, no skips")
	more, err := d.Readdirnames(10)
	assert.Equal(t, io.EOF, err)
	assert.Empty(t, more)
	more, err = d.Readdirnames(-1)
	assert.NoError(t, err)
	assert.NotNil(t, more)
	assert.Empty(t, more)

	// Seek to 0 starts again from a new snapshot.
	_, err = d.Seek(0, io.SeekStart)
	require.NoError(t, err)
	infos, err := d.Readdir(-1)
	require.NoError(t, err)
	var names []string
	for _, fi := range infos {
		names = append(names, fi.Name())
	}
	assert.Equal(t, []string{"a", "aa", "b"}, names)
	require.NoError(t, d.Close())

	f, err := fsys.Open("/d/a")
	require.NoError(t, err)
	_, err = f.Readdir(-1)
	assertPathErr(t, err, "readdirent", syscall.ENOTDIR)
	require.NoError(t, f.Close())

	entries, err := afero.ReadDir(fsys, "/d")
	require.NoError(t, err)
	assert.Len(t, entries, 3)
}

// TestExclusiveCreateRace races 8 goroutines on each of 2000 names: exactly
// one wins each name and the data at the name is the winner's.
func TestExclusiveCreateRace(t *testing.T) {
	t.Parallel()
	const goroutines, names = 8, 2000
	fsys := membackend.New()
	wins := make([][]int, names)
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range names {
				name := fmt.Sprintf("/tmp/n%d", i)
				f, err := vfs.CreateExclusive(fsys, name, 0o600)
				if err != nil {
					assert.ErrorIs(t, err, fs.ErrExist)
					continue
				}
				_, err = f.Write([]byte(fmt.Sprint(g)))
				assert.NoError(t, err)
				assert.NoError(t, f.Close())
				mu.Lock()
				wins[i] = append(wins[i], g)
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	for i, w := range wins {
		require.Len(t, w, 1, "name %d", i)
		assert.Equal(t, fmt.Sprint(w[0]), readFile(t, fsys, fmt.Sprintf("/tmp/n%d", i)))
	}
}

// TestSharedHandle exercises one File from many goroutines for the race
// detector: positional I/O, offset I/O, Stat, Readdir and a racing Close.
func TestSharedHandle(t *testing.T) {
	t.Parallel()
	fsys := membackend.New()
	f, err := fsys.Create("/tmp/shared")
	require.NoError(t, err)
	block := bytes.Repeat([]byte("0123456789abcdef"), 256)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, len(block))
			for i := range 200 {
				off := int64((g*200 + i) % 64 * len(block))
				if _, err := f.WriteAt(block, off); err != nil {
					assert.ErrorIs(t, err, fs.ErrClosed)
					return
				}
				if _, err := f.ReadAt(buf, off); err != nil {
					assert.ErrorIs(t, err, fs.ErrClosed)
					return
				}
				assert.Equal(t, block, buf)
				_, _ = f.Seek(0, io.SeekStart)
				_, _ = f.Read(buf[:10])
				_, _ = f.Stat()
				_ = f.Sync()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = f.Truncate(64 * int64(len(block)))
	}()
	wg.Wait()
	require.NoError(t, f.Close())
	var closers sync.WaitGroup
	var okCloses, errCloses int
	var mu sync.Mutex
	g2, err := fsys.Open("/tmp/shared")
	require.NoError(t, err)
	for range 4 {
		closers.Add(1)
		go func() {
			defer closers.Done()
			err := g2.Close()
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				okCloses++
			} else {
				errCloses++
			}
		}()
	}
	closers.Wait()
	assert.Equal(t, 1, okCloses, "exactly one Close succeeds")
	assert.Equal(t, 3, errCloses)
}

func TestAnonymousAndPublish(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	a, err := fsys.CreateAnonymous("/d", 0o600)
	require.NoError(t, err)
	assert.Equal(t, "/d/(anonymous)", a.Name())
	_, err = a.Write([]byte("secret"))
	require.NoError(t, err)
	assert.Equal(t, "secret", readAll(t, a))
	names, err := afero.ReadDir(fsys, "/d")
	require.NoError(t, err)
	assert.Len(t, names, 1, "no entry is made")
	err = fsys.Publish(a, "/d/pub")
	var le *os.LinkError
	require.ErrorAs(t, err, &le)
	assert.ErrorIs(t, err, fs.ErrInvalid, "an anonymous file is not publishable")
	require.NoError(t, a.Close())

	p, err := vfs.CreatePublishable(fsys, "/d", 0o600)
	require.NoError(t, err)
	_, err = p.Write([]byte("data"))
	require.NoError(t, err)
	assertLinkErr(t, fsys.Publish(p, "/d/c"), "link", syscall.EEXIST)
	require.NoError(t, vfs.Publish(fsys, p, "/d/pub"))
	assert.Equal(t, "data", readFile(t, fsys, "/d/pub"))
	fi, err := fsys.Stat("/d/pub")
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), fi.Mode())
	err = fsys.Publish(p, "/d/pub2")
	assert.ErrorIs(t, err, fs.ErrInvalid, "a file is published once")
	_, err = p.Write([]byte("+more"))
	require.NoError(t, err, "the File stays open")
	assert.Equal(t, "data+more", readFile(t, fsys, "/d/pub"))
	require.NoError(t, p.Close())

	p2, err := fsys.CreatePublishable("/d", 0o600)
	require.NoError(t, err)
	require.NoError(t, p2.Close())
	assert.ErrorIs(t, fsys.Publish(p2, "/d/pub3"), fs.ErrClosed)

	other := membackend.New()
	p3, err := other.CreatePublishable("/tmp", 0o600)
	require.NoError(t, err)
	assert.ErrorIs(t, fsys.Publish(p3, "/d/pub3"), fs.ErrInvalid, "a File of another FS")
	require.NoError(t, p3.Close())
}

func TestCapacity(t *testing.T) {
	t.Parallel()
	fsys := membackend.New(membackend.WithCapacity(10))
	f, err := fsys.Create("/tmp/a")
	require.NoError(t, err)
	n, err := f.Write([]byte("123456"))
	require.NoError(t, err)
	assert.Equal(t, 6, n)
	n, err = f.Write([]byte("789012"))
	assert.Equal(t, 4, n, "a short write reports what was written")
	assertPathErr(t, err, "write", syscall.ENOSPC)
	assert.Equal(t, "1234567890", readFile(t, fsys, "/tmp/a"))
	n, err = f.Write([]byte("x"))
	assert.Zero(t, n)
	assertPathErr(t, err, "write", syscall.ENOSPC)
	assertPathErr(t, f.Truncate(11), "truncate", syscall.ENOSPC)
	fi, err := f.Stat()
	require.NoError(t, err)
	assert.Equal(t, int64(10), fi.Size(), "a failed write or truncate changes nothing")

	// Overwriting in place needs no space.
	_, err = f.WriteAt([]byte("AB"), 0)
	require.NoError(t, err)

	// Space comes back when the file shrinks, and when its last name and
	// handle are gone.
	require.NoError(t, f.Truncate(5))
	g, err := fsys.Create("/tmp/b")
	require.NoError(t, err)
	n, err = g.Write([]byte("1234567"))
	assert.Equal(t, 5, n)
	assert.ErrorIs(t, err, syscall.ENOSPC)
	require.NoError(t, fsys.Remove("/tmp/a"))
	_, err = g.Write([]byte("x"))
	assert.ErrorIs(t, err, syscall.ENOSPC, "a removed file that is open still holds its space")
	require.NoError(t, f.Close())
	_, err = g.Write([]byte("12345"))
	assert.NoError(t, err)
	require.NoError(t, g.Close())

	// A write that starts past the end and does not fit writes nothing.
	h, err := fsys.Create("/tmp/c")
	require.NoError(t, err)
	require.NoError(t, fsys.Remove("/tmp/b"))
	n, err = h.WriteAt([]byte("xy"), 10)
	assert.Zero(t, n)
	assert.ErrorIs(t, err, syscall.ENOSPC)
	fi, err = h.Stat()
	require.NoError(t, err)
	assert.Zero(t, fi.Size())
	require.NoError(t, h.Close())
}

func TestNonRootUser(t *testing.T) {
	t.Parallel()
	const uid, gid = 1000, 1000
	fsys := membackend.New(membackend.WithUser(uid, gid))

	_, err := fsys.Create("/f")
	assertPathErr(t, err, "open", syscall.EACCES)
	assert.ErrorIs(t, err, fs.ErrPermission)
	assertPathErr(t, fsys.Mkdir("/d", 0o755), "mkdir", syscall.EACCES)

	writeFile(t, fsys, "/tmp/f", "x")
	fi, err := fsys.Stat("/tmp/f")
	require.NoError(t, err)
	st := statOf(t, fi)
	assert.Equal(t, uid, st.Uid)
	assert.Equal(t, gid, st.Gid)

	require.NoError(t, fsys.Chmod("/tmp/f", 0))
	_, err = fsys.Open("/tmp/f")
	assertPathErr(t, err, "open", syscall.EACCES)
	_, err = fsys.OpenFile("/tmp/f", os.O_WRONLY, 0)
	assertPathErr(t, err, "open", syscall.EACCES)
	require.NoError(t, fsys.Chmod("/tmp/f", 0o400))
	f, err := fsys.Open("/tmp/f")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, err = fsys.OpenFile("/tmp/f", os.O_RDONLY|os.O_TRUNC, 0)
	assertPathErr(t, err, "open", syscall.EACCES)

	require.NoError(t, fsys.Mkdir("/tmp/ro", 0o755))
	writeFile(t, fsys, "/tmp/ro/x", "x")
	require.NoError(t, fsys.Chmod("/tmp/ro", 0o555))
	_, err = fsys.Create("/tmp/ro/y")
	assertPathErr(t, err, "open", syscall.EACCES)
	assertPathErr(t, fsys.Remove("/tmp/ro/x"), "remove", syscall.EACCES)
	assertLinkErr(t, fsys.Rename("/tmp/ro/x", "/tmp/x"), "rename", syscall.EACCES)
	assert.ErrorIs(t, fsys.RemoveAll("/tmp/ro"), syscall.EACCES)
	require.NoError(t, fsys.Chmod("/tmp/ro", 0o600)) // no search
	_, err = fsys.Stat("/tmp/ro/x")
	assertPathErr(t, err, "stat", syscall.EACCES)
	require.NoError(t, fsys.Chmod("/tmp/ro", 0o700))
	require.NoError(t, fsys.RemoveAll("/tmp/ro"))

	// Root's files: no chmod, no chown, no removal from sticky /tmp.
	assertPathErr(t, fsys.Chmod("/tmp", 0o777), "chmod", syscall.EPERM)
	assertPathErr(t, fsys.Chown("/tmp/f", 0, 0), "chown", syscall.EPERM)
	assertPathErr(t, fsys.Chtimes("/", fi.ModTime(), fi.ModTime()), "chtimes", syscall.EPERM)

	// Another user's file in the sticky /tmp.
	require.NoError(t, fsys.Chown("/tmp/f", -1, gid))
	root := membackend.New()
	writeFile(t, root, "/tmp/theirs", "x")
	require.NoError(t, root.Chown("/tmp/theirs", 2000, 2000))
	fi, err = root.Stat("/tmp/theirs")
	require.NoError(t, err)
	assert.Equal(t, 2000, statOf(t, fi).Uid, "root may give files away")
}

// TestCapacityConcurrent fills the filesystem from several goroutines at
// once: together they write exactly the capacity, never more.
func TestCapacityConcurrent(t *testing.T) {
	t.Parallel()
	const capacity = 100_000
	fsys := membackend.New(membackend.WithCapacity(capacity))
	var wg sync.WaitGroup
	written := make([]int, 4)
	for g := range written {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := fsys.Create(fmt.Sprintf("/tmp/f%d", g))
			if !assert.NoError(t, err) {
				return
			}
			defer f.Close()
			chunk := make([]byte, 999)
			for {
				n, err := f.Write(chunk)
				written[g] += n
				if err != nil {
					assert.ErrorIs(t, err, syscall.ENOSPC)
					return
				}
			}
		}()
	}
	wg.Wait()
	total := 0
	for g, n := range written {
		fi, err := fsys.Stat(fmt.Sprintf("/tmp/f%d", g))
		require.NoError(t, err)
		assert.Equal(t, int64(n), fi.Size(), "each file holds what its writes reported")
		total += n
	}
	assert.Equal(t, capacity, total)
}
