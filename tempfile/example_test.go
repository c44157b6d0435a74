package tempfile_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/spf13/afero"

	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

func ExampleCreateTemp() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/tmp", 0o700)

	f, err := tempfile.CreateTemp(fsys, "/tmp", "report-*.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer fsys.Remove(f.Name())
	defer f.Close()

	base := filepath.Base(f.Name())
	fmt.Println(filepath.ToSlash(filepath.Dir(f.Name()))) // `\tmp` on Windows
	fmt.Println(tempfile.IsTempName(base, "report-", ".csv"))
	fi, _ := f.Stat()
	fmt.Println(fi.Mode().Perm())
	// Output:
	// /tmp
	// true
	// -rw-------
}

func ExampleCreateTemp_badPattern() {
	fsys := membackend.New()
	_, err := tempfile.CreateTemp(fsys, "/tmp", "../../etc/x*")
	fmt.Println(errors.Is(err, tempfile.ErrBadPattern), errors.Is(err, fs.ErrInvalid))
	// Output:
	// true true
}

func ExampleMkdirTemp() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/tmp", 0o700)

	dir, err := tempfile.MkdirTemp(fsys, "/tmp", "build-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer fsys.RemoveAll(dir)

	fi, _ := fsys.Stat(dir)
	fmt.Println(tempfile.IsTempName(filepath.Base(dir), "build-", ""), fi.Mode())
	// Output:
	// true drwx------
}

func ExampleNewNamed() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/data", 0o700)

	f, err := tempfile.NewNamed(fsys, tempfile.WithDir("/data"), tempfile.WithSuffix(".json"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close() // removes the file unless it was persisted

	if _, err := f.WriteString(`{"ok":true}`); err != nil {
		fmt.Println(err)
		return
	}
	if err := f.Persist("/data/config.json"); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := afero.ReadFile(fsys, "/data/config.json")
	fmt.Println(f.Name(), string(b))
	// Output:
	// /data/config.json {"ok":true}
}

func ExampleNewAnonymous() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/tmp", 0o700)

	f, err := tempfile.NewAnonymous(fsys, tempfile.WithDir("/tmp"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()

	_, _ = io.WriteString(f, "scratch data")
	_, _ = f.Seek(0, io.SeekStart)
	b, _ := io.ReadAll(f)
	names, _ := afero.ReadDir(fsys, "/tmp")
	fmt.Printf("%q, %d names in /tmp\n", b, len(names))
	// Output:
	// "scratch data", 0 names in /tmp
}

func ExampleNewDir() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/tmp", 0o700)

	d, err := tempfile.NewDir(fsys, tempfile.WithDir("/tmp"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Cleanup()

	err = d.WriteTree(map[string]string{
		"go.mod":      "module example\n",
		"cmd/main.go": "package main\n",
		"internal/x/": "",
	})
	fmt.Println(err)
	err = d.WriteFile("../escape.txt", []byte("refused"))
	fmt.Println(errors.Is(err, tempfile.ErrEscape))

	_ = afero.Walk(fsys, d.Path(), func(p string, fi fs.FileInfo, err error) error {
		rel, _ := filepath.Rel(d.Path(), p)
		fmt.Println(filepath.ToSlash(rel), fi.IsDir())
		return nil
	})
	fmt.Println(d.Cleanup())
	_, err = fsys.Stat(d.Path())
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// <nil>
	// true
	// . true
	// cmd true
	// cmd/main.go false
	// go.mod false
	// internal true
	// internal/x true
	// <nil>
	// true
}

// TempDir picks the first of the backend's candidates in which a file
// can be created, written and read back; membackend names /tmp.
func ExampleTempDir() {
	fsys := membackend.New()
	dir, err := tempfile.TempDir(fsys)
	fmt.Println(dir, err)
	// Output:
	// /tmp <nil>
}

// A name source makes names predictable, which tests use to force
// collisions: here the first name is taken, so the next one is used.
func ExampleWithNameSource() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/tmp", 0o700)
	_ = afero.WriteFile(fsys, "/tmp/tmpaaaaaaaaaaaaa", []byte("taken"), 0o600)

	// Each byte b picks Alphabet[b%32]: 13 zero bytes make "aaaaaaaaaaaaa",
	// 13 bytes of 1 make "bbbbbbbbbbbbb".
	src := bytes.NewReader(append(make([]byte, 13), bytes.Repeat([]byte{1}, 13)...))
	f, err := tempfile.CreateTemp(fsys, "/tmp", "", tempfile.WithNameSource(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	fmt.Println(filepath.ToSlash(f.Name())) // `\tmp\tmpbbbbbbbbbbbbb` on Windows
	// Output:
	// /tmp/tmpbbbbbbbbbbbbb
}

// A spooled file keeps small data in memory and moves to an anonymous file
// on disk only when it grows past its limit.
func ExampleNewSpooled() {
	fsys := membackend.New()
	s, err := tempfile.NewSpooled(fsys, 16, tempfile.WithDir("/tmp"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	io.WriteString(s, "small")
	fmt.Println(s.Rolled())
	io.WriteString(s, " and now past sixteen bytes")
	fmt.Println(s.Rolled())

	s.Seek(0, io.SeekStart)
	data, _ := io.ReadAll(s)
	fmt.Println(string(data))
	// Output:
	// false
	// true
	// small and now past sixteen bytes
}

// WriteFile replaces a file atomically: readers see the old content or the
// new, never a mix, and a failure leaves the old content in place. The
// file keeps its mode, as os.WriteFile keeps it.
func ExampleWriteFile() {
	fsys := membackend.New()
	_ = fsys.Mkdir("/etc", 0o755)
	_ = afero.WriteFile(fsys, "/etc/app.conf", []byte("old"), 0o640)

	if err := tempfile.WriteFile(fsys, "/etc/app.conf", []byte("new"), 0o600); err != nil {
		fmt.Println(err)
		return
	}
	data, _ := afero.ReadFile(fsys, "/etc/app.conf")
	fi, _ := fsys.Stat("/etc/app.conf")
	fmt.Println(string(data), fi.Mode())

	err := tempfile.WriteFile(fsys, "/etc/app.conf", []byte("newer"), 0o644, tempfile.WithNoClobber())
	fmt.Println(errors.Is(err, fs.ErrExist))
	// Output:
	// new -rw-r-----
	// true
}

// A Pending is WriteFile in steps: write the new content as it comes,
// then Commit; Cleanup, deferred, removes what an abandoned one left.
func ExampleNewPending() {
	fsys := membackend.New()
	_ = fsys.Mkdir("/srv", 0o755)
	p, err := tempfile.NewPending(fsys, "/srv/index.html", 0o644)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Cleanup()
	for _, part := range []string{"<h1>", "hello", "</h1>"} {
		if _, err := p.WriteString(part); err != nil {
			fmt.Println(err)
			return
		}
	}
	_, err = fsys.Stat("/srv/index.html")
	fmt.Println("before Commit:", errors.Is(err, fs.ErrNotExist))
	if err := p.Commit(); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := afero.ReadFile(fsys, "/srv/index.html")
	entries, _ := afero.ReadDir(fsys, "/srv")
	fmt.Println(string(b), len(entries))
	// Output:
	// before Commit: true
	// <h1>hello</h1> 1
}

// Persist moves a temporary file into place even where the temporary
// directory is another filesystem than the target's, as a tmpfs /tmp is:
// it copies the file into a pending file beside the target and renames
// that. membackend's WithLinuxHost has such a /tmp.
func ExampleFile_Persist_acrossFilesystems() {
	fsys := membackend.New(membackend.WithLinuxHost())
	_ = fsys.MkdirAll("/var/lib/app", 0o755)

	f, err := tempfile.NewNamed(fsys) // in /tmp, a tmpfs of its own
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	_, _ = f.WriteString("state")
	fmt.Println(errors.Is(fsys.Link(f.Name(), "/var/lib/app/x"), syscall.EXDEV))
	if err := f.Persist("/var/lib/app/state", tempfile.WithFileMode(0o644)); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := afero.ReadFile(fsys, "/var/lib/app/state")
	fi, _ := fsys.Stat("/var/lib/app/state")
	left, _ := afero.ReadDir(fsys, "/tmp")
	fmt.Println(f.Name(), string(b), fi.Mode(), len(left))
	// Output:
	// true
	// /var/lib/app/state state -rw-r--r-- 0
}

// WriteTree lays out a tree of test fixtures in a temporary directory; a
// path that would lead outside it is refused.
func ExampleDir_WriteTree() {
	fsys := membackend.New()
	d, err := tempfile.NewDir(fsys)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Cleanup()
	err = d.WriteTree(map[string]string{
		"go.mod":      "module example\n",
		"cmd/main.go": "package main\n",
		"testdata/":   "",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = afero.Walk(fsys, d.Path(), func(p string, fi fs.FileInfo, err error) error {
		rel, _ := filepath.Rel(d.Path(), p)
		fmt.Println(filepath.ToSlash(rel), fi.Mode())
		return nil
	})
	err = d.WriteTree(map[string]string{"../escape.txt": "refused"})
	fmt.Println(errors.Is(err, tempfile.ErrEscape))
	// Output:
	// . drwx------
	// cmd drwx------
	// cmd/main.go -rw-------
	// go.mod -rw-------
	// testdata drwx------
	// true
}

// A tracker attached to a filesystem lists every temporary object made on
// it, with no option passed to the code that makes them: what a test uses
// to find leaks (see package tempfiletest).
func ExampleTracker_Attach() {
	fsys := membackend.New()
	tr := tempfile.NewTracker()
	detach, err := tr.Attach(fsys)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer detach()

	// Code under test, which knows nothing of the tracker.
	leaky := func(fsys vfs.Fs) {
		f, _ := tempfile.NewNamed(fsys)
		_ = f // never closed
		d, _ := tempfile.NewDir(fsys)
		_ = d.Cleanup()
	}
	leaky(fsys)

	for _, e := range tr.Live() {
		fmt.Println(e.Kind)
	}
	_ = tr.CleanupAll()
	fmt.Println(len(tr.Live()))
	// Output:
	// named file
	// 0
}

func ExamplePool() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/tmp", 0o700)

	pool, err := tempfile.NewPool(fsys, tempfile.WithDir("/tmp"), tempfile.WithMaxIdle(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()

	for job := range 3 {
		f, err := pool.Get()
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Fprintf(f, "scratch data of job %d", job)
		_, _ = f.Seek(0, io.SeekStart)
		b, _ := io.ReadAll(f)
		fmt.Println(string(b))
		if err := pool.Put(f); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("idle:", pool.Idle())

	// A handle that was put back no longer reaches the file.
	f, _ := pool.Get()
	_ = pool.Put(f)
	_, err = f.Write([]byte("late"))
	fmt.Println(errors.Is(err, fs.ErrClosed))
	// Output:
	// scratch data of job 0
	// scratch data of job 1
	// scratch data of job 2
	// idle: 1
	// true
}

func ExampleWithSecureRemove() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/tmp", 0o700)

	f, err := tempfile.NewNamed(fsys, tempfile.WithDir("/tmp"), tempfile.WithSecureRemove())
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = f.WriteString("password=hunter2")

	// Peek at the file's bytes through a second handle as Close runs:
	// they are zeros by the time it is removed.
	other, _ := fsys.Open(f.Name())
	defer other.Close()
	fmt.Println(f.Close())
	b := make([]byte, 16)
	_, _ = other.ReadAt(b, 0)
	fmt.Printf("%q\n", b)
	_, err = fsys.Stat(f.Name())
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// <nil>
	// "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	// true
}

func ExampleTracker() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/tmp", 0o700)

	tr := tempfile.NewTracker()
	f, _ := tempfile.NewNamed(fsys, tempfile.WithDir("/tmp"), tempfile.WithTracker(tr))
	d, _ := tempfile.NewDir(fsys, tempfile.WithDir("/tmp"), tempfile.WithTracker(tr))
	s, _ := tempfile.NewSpooled(fsys, 1<<20, tempfile.WithTracker(tr))

	for _, e := range tr.Live() {
		fmt.Println(e.Kind, e.Path == f.Name() || e.Path == d.Path())
	}
	_ = s.Close()
	fmt.Println(len(tr.Live()), "live after closing the spooled file")

	// On the way out: remove whatever is left.
	if err := tr.CleanupAll(); err != nil {
		fmt.Println(err)
	}
	entries, _ := afero.ReadDir(fsys, "/tmp")
	fmt.Println(len(tr.Live()), len(entries))
	// Output:
	// named file true
	// directory true
	// spooled file false
	// 2 live after closing the spooled file
	// 0 0
}

// A program's main function: every temp object is made with one tracker,
// which removes what is left on return, on SIGINT or SIGTERM, and warns
// about objects dropped without being closed.
func ExampleTracker_HandleSignals() {
	tr := tempfile.NewTracker(tempfile.WithLeakHook(func(e tempfile.Entry) {
		fmt.Fprintln(os.Stderr, "warning: temporary object not closed:", e)
	}))
	stop := tr.HandleSignals()
	defer stop()
	defer tr.CleanupAll()

	fsys := afero.NewOsFs()
	d, err := tempfile.NewDir(fsys, tempfile.WithTracker(tr))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer d.Cleanup()
	// ... work in d.Path() ...
}

// A Path hands a temporary file to another program by name, with no
// handle left open here, and removes the file afterwards.
func ExampleFile_CloseToPath() {
	fsys := membackend.New()

	f, err := tempfile.NewNamed(fsys, tempfile.WithSuffix(".txt"))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := f.WriteString("input for a tool"); err != nil {
		fmt.Println(errors.Join(err, f.Close()))
		return
	}
	p, err := f.CloseToPath()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Remove()

	// ... run a tool on p.Name(); here, read it back ...
	b, _ := afero.ReadFile(fsys, p.Name())
	fmt.Println(string(b))

	if err := p.Remove(); err != nil {
		fmt.Println(err)
	}
	_, err = fsys.Stat(p.Name())
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// input for a tool
	// true
}

// Persist moves a Path's file into place; the deferred Remove then leaves
// it there.
func ExamplePath_Persist() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/srv", 0o755)

	f, _ := tempfile.NewNamed(fsys, tempfile.WithDir("/srv"))
	_, _ = f.WriteString("built by a child process")
	p, err := f.CloseToPath()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Remove() // does nothing once the file is persisted

	if err := p.Persist("/srv/artifact"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name())
	entries, _ := afero.ReadDir(fsys, "/srv")
	fmt.Println(len(entries))
	// Output:
	// /srv/artifact
	// 1
}

// NewPath takes charge of a file made some other way, here by CreateTemp.
func ExampleNewPath() {
	fsys := membackend.New()

	f, err := tempfile.CreateTemp(fsys, "", "job-*.log")
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = f.Close()
	p, err := tempfile.NewPath(fsys, f.Name())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name() == f.Name())
	fmt.Println(p.Remove())
	_, err = fsys.Stat(f.Name())
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// true
	// <nil>
	// true
}

// Symlink switches a link to a new target in one step: a reader of
// /srv/current finds the old release or the new one, never nothing.
func ExampleSymlink() {
	fsys := membackend.New()
	_ = fsys.MkdirAll("/srv/releases/v1", 0o755)
	_ = fsys.MkdirAll("/srv/releases/v2", 0o755)

	for _, release := range []string{"releases/v1", "releases/v2"} {
		if err := tempfile.Symlink(fsys, release, "/srv/current"); err != nil {
			fmt.Println(err)
			return
		}
		target, _ := vfs.Readlink(fsys, "/srv/current")
		fmt.Println(target)
	}

	// A directory is never replaced.
	err := tempfile.Symlink(fsys, "releases/v2", "/srv/releases")
	fmt.Println(errors.Is(err, fs.ErrExist))

	entries, _ := afero.ReadDir(fsys, "/srv")
	fmt.Println(len(entries), "entries: no temporary link left")
	// Output:
	// releases/v1
	// releases/v2
	// true
	// 2 entries: no temporary link left
}
