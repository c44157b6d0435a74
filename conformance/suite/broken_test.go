//go:build linux

package suite

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// healthy is the filesystem that the broken ones break: osbackend, plus
// two things that make every check apply on any machine. It enforces the
// owner's permission bits on OpenFile itself, so that the Permission
// checks run when the tests run as root.
type healthy struct{ *osbackend.FS }

func (h healthy) OpenFile(name string, flag int, perm fs.FileMode) (vfs.File, error) {
	if err := ownerMay(h.FS, name, flag); err != nil {
		return nil, err
	}
	return h.FS.OpenFile(name, flag, perm)
}
func (h healthy) Open(name string) (vfs.File, error) { return h.OpenFile(name, os.O_RDONLY, 0) }
func (h healthy) Create(name string) (vfs.File, error) {
	return h.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// ownerMay returns the error an unprivileged owner would get from opening
// name with flag.
func ownerMay(fsys vfs.Fs, name string, flag int) error {
	denied := &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
	fi, err := fsys.Stat(name)
	if err != nil {
		if flag&os.O_CREATE == 0 {
			return nil
		}
		if parent, err := fsys.Stat(filepath.Dir(name)); err == nil && parent.Mode().Perm()&0o300 != 0o300 {
			return denied
		}
		return nil
	}
	if fi.IsDir() {
		return nil
	}
	mode := fi.Mode().Perm()
	acc := flag & (os.O_RDONLY | os.O_WRONLY | os.O_RDWR)
	if (acc == os.O_RDONLY || acc == os.O_RDWR) && mode&0o400 == 0 {
		return denied
	}
	if (acc == os.O_WRONLY || acc == os.O_RDWR || flag&os.O_TRUNC != 0) && mode&0o200 == 0 {
		return denied
	}
	return nil
}

// broken is the healthy filesystem with some of its methods replaced.
// Each field that is set replaces the method of the same name; file, if
// set, wraps every File that OpenFile returns.
type broken struct {
	healthy

	openFile        func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error)
	mkdir           func(b *broken, name string, perm fs.FileMode) error
	remove          func(b *broken, name string) error
	removeAll       func(b *broken, name string) error
	rename          func(b *broken, oldname, newname string) error
	file            func(f vfs.File, flag int) vfs.File
	createExclusive func(b *broken, name string, perm fs.FileMode) (vfs.File, error)
	createAnonymous func(b *broken, dir string, perm fs.FileMode) (vfs.File, error)
	publish         func(b *broken, f vfs.File, newname string) error
	link            func(b *broken, oldname, newname string) error
	renameNoReplace func(b *broken, oldname, newname string) error
	syncDir         func(b *broken, name string) error
	removeTree      func(b *broken, name string) error
	tempDirs        func(b *broken) []string
	lstat           func(b *broken, name string) (fs.FileInfo, bool, error)
}

func (b *broken) OpenFile(name string, flag int, perm fs.FileMode) (vfs.File, error) {
	var f vfs.File
	var err error
	if b.openFile != nil {
		f, err = b.openFile(b, name, flag, perm)
	} else {
		f, err = b.healthy.OpenFile(name, flag, perm)
	}
	if err == nil && b.file != nil {
		f = b.file(f, flag)
	}
	return f, err
}
func (b *broken) Open(name string) (vfs.File, error) { return b.OpenFile(name, os.O_RDONLY, 0) }
func (b *broken) Create(name string) (vfs.File, error) {
	return b.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

func (b *broken) Mkdir(name string, perm fs.FileMode) error {
	if b.mkdir != nil {
		return b.mkdir(b, name, perm)
	}
	return b.healthy.Mkdir(name, perm)
}

func (b *broken) Remove(name string) error {
	if b.remove != nil {
		return b.remove(b, name)
	}
	return b.healthy.Remove(name)
}

func (b *broken) RemoveAll(name string) error {
	if b.removeAll != nil {
		return b.removeAll(b, name)
	}
	return b.healthy.RemoveAll(name)
}

func (b *broken) Rename(oldname, newname string) error {
	if b.rename != nil {
		return b.rename(b, oldname, newname)
	}
	return b.healthy.Rename(oldname, newname)
}

func (b *broken) CreateExclusive(name string, perm fs.FileMode) (vfs.File, error) {
	if b.createExclusive != nil {
		return b.createExclusive(b, name, perm)
	}
	return b.healthy.CreateExclusive(name, perm)
}

func (b *broken) CreateAnonymous(dir string, perm fs.FileMode) (vfs.File, error) {
	if b.createAnonymous != nil {
		return b.createAnonymous(b, dir, perm)
	}
	return b.healthy.CreateAnonymous(dir, perm)
}

func (b *broken) Publish(f vfs.File, newname string) error {
	if b.publish != nil {
		return b.publish(b, f, newname)
	}
	return b.healthy.Publish(f, newname)
}

func (b *broken) Link(oldname, newname string) error {
	if b.link != nil {
		return b.link(b, oldname, newname)
	}
	return b.healthy.Link(oldname, newname)
}

func (b *broken) RenameNoReplace(oldname, newname string) error {
	if b.renameNoReplace != nil {
		return b.renameNoReplace(b, oldname, newname)
	}
	return b.healthy.RenameNoReplace(oldname, newname)
}

func (b *broken) SyncDir(name string) error {
	if b.syncDir != nil {
		return b.syncDir(b, name)
	}
	return b.healthy.SyncDir(name)
}

// noRemoveTree is a RemoveTree that is not supported, so that Dir.Cleanup
// walks the tree with Lstat, Readdir and Remove, where the broken
// backends that set it go wrong.
func noRemoveTree(_ *broken, name string) error {
	return &fs.PathError{Op: "removeall", Path: name, Err: errors.ErrUnsupported}
}

func (b *broken) RemoveTree(name string) error {
	if b.removeTree != nil {
		return b.removeTree(b, name)
	}
	return b.healthy.RemoveTree(name)
}

func (b *broken) TempDirs() []string {
	if b.tempDirs != nil {
		return b.tempDirs(b)
	}
	return b.healthy.TempDirs()
}

func (b *broken) LstatIfPossible(name string) (fs.FileInfo, bool, error) {
	if b.lstat != nil {
		return b.lstat(b, name)
	}
	return b.healthy.LstatIfPossible(name)
}

// brokenFile is a File with some of its methods replaced.
type brokenFile struct {
	vfs.File
	read     func(f *brokenFile, p []byte) (int, error)
	readAt   func(f *brokenFile, p []byte, off int64) (int, error)
	write    func(f *brokenFile, p []byte) (int, error)
	writeAt  func(f *brokenFile, p []byte, off int64) (int, error)
	seek     func(f *brokenFile, off int64, whence int) (int64, error)
	close    func(f *brokenFile) error
	stat     func(f *brokenFile) (fs.FileInfo, error)
	sync     func(f *brokenFile) error
	readdir  func(f *brokenFile, n int) ([]fs.FileInfo, error)
	truncate func(f *brokenFile, size int64) error

	mu     sync.Mutex
	closed bool
	info   fs.FileInfo
}

func (f *brokenFile) Read(p []byte) (int, error) {
	if f.read != nil {
		return f.read(f, p)
	}
	return f.File.Read(p)
}

func (f *brokenFile) ReadAt(p []byte, off int64) (int, error) {
	if f.readAt != nil {
		return f.readAt(f, p, off)
	}
	return f.File.ReadAt(p, off)
}

func (f *brokenFile) Write(p []byte) (int, error) {
	if f.write != nil {
		return f.write(f, p)
	}
	return f.File.Write(p)
}

func (f *brokenFile) WriteString(s string) (int, error) { return f.Write([]byte(s)) }

func (f *brokenFile) WriteAt(p []byte, off int64) (int, error) {
	if f.writeAt != nil {
		return f.writeAt(f, p, off)
	}
	return f.File.WriteAt(p, off)
}

func (f *brokenFile) Seek(off int64, whence int) (int64, error) {
	if f.seek != nil {
		return f.seek(f, off, whence)
	}
	return f.File.Seek(off, whence)
}

func (f *brokenFile) Close() error {
	if f.close != nil {
		return f.close(f)
	}
	return f.File.Close()
}

func (f *brokenFile) Stat() (fs.FileInfo, error) {
	if f.stat != nil {
		return f.stat(f)
	}
	return f.File.Stat()
}

func (f *brokenFile) Sync() error {
	if f.sync != nil {
		return f.sync(f)
	}
	return f.File.Sync()
}

func (f *brokenFile) Truncate(size int64) error {
	if f.truncate != nil {
		return f.truncate(f, size)
	}
	return f.File.Truncate(size)
}

func (f *brokenFile) Readdir(n int) ([]fs.FileInfo, error) {
	if f.readdir != nil {
		return f.readdir(f, n)
	}
	return f.File.Readdir(n)
}

func (f *brokenFile) Readdirnames(n int) ([]string, error) {
	infos, err := f.Readdir(n)
	names := make([]string, len(infos))
	for i, fi := range infos {
		names[i] = fi.Name()
	}
	return names, err
}

func wrapFile(edit func(*brokenFile)) func(vfs.File, int) vfs.File {
	return func(f vfs.File, _ int) vfs.File {
		bf := &brokenFile{File: f}
		edit(bf)
		return bf
	}
}

// modeInfo is a FileInfo with another mode.
type modeInfo struct {
	fs.FileInfo
	mode fs.FileMode
}

func (m modeInfo) Mode() fs.FileMode { return m.mode }

// bare strips *fs.PathError and *os.LinkError from err.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// followingCreate is the classic insecure exclusive create: it checks
// with Stat, which follows symbolic links, then opens without O_EXCL, so
// it writes through a dangling link and races with other callers.
func followingCreate(b *broken, name string, perm fs.FileMode) (vfs.File, error) {
	if _, err := b.healthy.Stat(name); err == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrExist}
	}
	runtime.Gosched()
	return b.healthy.OpenFile(name, os.O_RDWR|os.O_CREATE, perm)
}

// brokenBackends lists, for each way of breaking a filesystem, the checks
// that must catch it.
var brokenBackends = []struct {
	name   string
	fsys   func(h healthy) vfs.Fs
	caught []string
}{
	{
		name: "ignores O_EXCL",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
				return b.healthy.OpenFile(name, flag&^os.O_EXCL, perm)
			}}
		},
		caught: []string{"Create/Exclusive", "Create/ExclusiveRace", "Symlink/OpenFileExclDangling"},
	},
	{
		name: "checks then creates",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
				if flag&os.O_EXCL != 0 {
					return followingCreate(b, name, perm)
				}
				return b.healthy.OpenFile(name, flag, perm)
			}}
		},
		caught: []string{"Create/ExclusiveRace", "Symlink/OpenFileExclDangling"},
	},
	{
		name:   "CreateExclusive checks then creates, following links",
		fsys:   func(h healthy) vfs.Fs { return &broken{healthy: h, createExclusive: followingCreate} },
		caught: []string{"Capability/ExclusiveRace", "Symlink/ExclusiveDangling", "Tempfile/PlantedSymlink"},
	},
	{
		name: "CreateExclusive truncates an existing file",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, createExclusive: func(b *broken, name string, perm fs.FileMode) (vfs.File, error) {
				if fi, err := vfs.Lstat(b.healthy, name); err == nil && fi.Mode().IsRegular() {
					f, err := b.healthy.OpenFile(name, os.O_RDWR|os.O_TRUNC, perm)
					if f != nil {
						f.Close()
					}
					return nil, &fs.PathError{Op: "open", Path: name, Err: errors.Join(fs.ErrExist, err)}
				}
				return b.healthy.CreateExclusive(name, perm)
			}}
		},
		caught: []string{"Capability/Exclusive"},
	},
	{
		name: "CreateExclusive refuses only files and directories, following links",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, createExclusive: func(b *broken, name string, perm fs.FileMode) (vfs.File, error) {
				if fi, err := vfs.Lstat(b.healthy, name); err == nil && (fi.Mode().IsRegular() || fi.IsDir()) {
					return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrExist}
				}
				return b.healthy.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, perm)
			}}
		},
		caught: []string{"Symlink/ExclusiveDangling", "Symlink/ExclusiveToFile", "Tempfile/PlantedSymlink"},
	},
	{
		name: "creates files 0644 and directories 0755",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h,
				openFile: func(b *broken, name string, flag int, _ fs.FileMode) (vfs.File, error) {
					f, err := b.healthy.OpenFile(name, flag, 0o644)
					if err == nil && flag&os.O_CREATE != 0 {
						err = b.healthy.Chmod(name, 0o644)
					}
					return f, err
				},
				createExclusive: func(b *broken, name string, _ fs.FileMode) (vfs.File, error) {
					f, err := b.healthy.CreateExclusive(name, 0o644)
					if err == nil {
						err = b.healthy.Chmod(name, 0o644)
					}
					return f, err
				},
				mkdir: func(b *broken, name string, _ fs.FileMode) error {
					if err := b.healthy.Mkdir(name, 0o755); err != nil {
						return err
					}
					return b.healthy.Chmod(name, 0o755)
				},
			}
		},
		caught: []string{"Mode/File0600", "Mode/Dir0700", "Mode/Umask", "Mode/ExistingUnchanged", "Capability/Exclusive", "Tempfile/Modes"},
	},
	{
		name: "applies the umask to directories only",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
				_, statErr := b.healthy.Stat(name)
				f, err := b.healthy.OpenFile(name, flag, perm)
				if err == nil && statErr != nil {
					err = b.healthy.Chmod(name, perm)
				}
				return f, err
			}}
		},
		caught: []string{"Mode/Umask"}, // when the umask is not 0: see TestBrokenBackends
	},
	{
		name: "returns bare errors",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h,
				openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
					f, err := b.healthy.OpenFile(name, flag, perm)
					return f, bare(err)
				},
				mkdir:  func(b *broken, name string, perm fs.FileMode) error { return bare(b.healthy.Mkdir(name, perm)) },
				remove: func(b *broken, name string) error { return bare(b.healthy.Remove(name)) },
				rename: func(b *broken, o, n string) error { return bare(b.healthy.Rename(o, n)) },
				link:   func(b *broken, o, n string) error { return bare(b.healthy.Link(o, n)) },
				renameNoReplace: func(b *broken, o, n string) error {
					return bare(b.healthy.RenameNoReplace(o, n))
				},
			}
		},
		caught: []string{"Create/Exclusive", "Create/MissingParent", "Mkdir/Existing", "Mkdir/MissingParent", "Mkdir/ParentIsFile",
			"Remove/NonEmptyDir", "Remove/Missing", "Rename/Missing", "Rename/MissingParent", "Capability/Link", "Capability/RenameNoReplace"},
	},
	{
		name: "says fs.ErrExist, not ENOTEMPTY, for a non-empty directory",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, remove: func(b *broken, name string) error {
				err := b.healthy.Remove(name)
				if errors.Is(err, syscall.ENOTEMPTY) {
					return &fs.PathError{Op: "remove", Path: name, Err: fs.ErrExist}
				}
				return err
			}}
		},
		caught: []string{"Remove/NonEmptyDir"},
	},
	{
		name: "removes a non-empty directory",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, remove: func(b *broken, name string) error { return b.healthy.RemoveAll(name) }}
		},
		caught: []string{"Remove/NonEmptyDir"},
	},
	{
		name: "cannot remove an empty directory",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, remove: func(b *broken, name string) error {
				if fi, err := b.healthy.Stat(name); err == nil && fi.IsDir() {
					return &fs.PathError{Op: "remove", Path: name, Err: syscall.EPERM}
				}
				return b.healthy.Remove(name)
			}}
		},
		caught: []string{"Remove/EmptyDirAndFile"},
	},
	{
		name: "makes missing parents and leaves them behind",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h,
				openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
					if flag&os.O_CREATE != 0 {
						_ = b.healthy.MkdirAll(filepath.Dir(name), 0o700)
					}
					return b.healthy.OpenFile(name, flag, perm)
				},
				mkdir: func(b *broken, name string, perm fs.FileMode) error {
					_ = b.healthy.MkdirAll(filepath.Dir(name), 0o700)
					return b.healthy.Mkdir(name, perm)
				},
				rename: func(b *broken, o, n string) error {
					_ = b.healthy.MkdirAll(filepath.Dir(n), 0o700)
					return b.healthy.Rename(o, n)
				},
			}
		},
		caught: []string{"Create/MissingParent", "Mkdir/MissingParent", "Rename/MissingParent"},
	},
	{
		name: "turns a file into a directory",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, mkdir: func(b *broken, name string, perm fs.FileMode) error {
				parent := filepath.Dir(name)
				if fi, err := b.healthy.Stat(parent); err == nil && fi.Mode().IsRegular() {
					_ = b.healthy.Remove(parent)
					_ = b.healthy.Mkdir(parent, 0o700)
				}
				return b.healthy.Mkdir(name, perm)
			}}
		},
		caught: []string{"Mkdir/ParentIsFile"},
	},
	{
		name: "Mkdir of an existing entry succeeds",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, mkdir: func(b *broken, name string, perm fs.FileMode) error {
				if _, err := b.healthy.Stat(name); err == nil {
					return nil
				}
				return b.healthy.Mkdir(name, perm)
			}}
		},
		caught: []string{"Mkdir/Existing", "Tempfile/Collisions"},
	},
	{
		name: "RemoveAll of a missing name fails",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, removeAll: func(b *broken, name string) error {
				if _, err := vfs.Lstat(b.healthy, name); err != nil {
					return err
				}
				return b.healthy.RemoveAll(name)
			}}
		},
		caught: []string{"Remove/AllMissing"},
	},
	{
		name: "RemoveAll removes only files",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, removeAll: func(b *broken, name string) error {
				d, err := b.healthy.Open(name)
				if err != nil {
					return nil
				}
				list, _ := d.Readdirnames(-1)
				d.Close()
				for _, n := range list {
					_ = b.healthy.Remove(filepath.Join(name, n))
				}
				return nil
			}}
		},
		caught: []string{"Remove/AllTree"},
	},
	{
		name: "cannot remove an open file",
		fsys: func(h healthy) vfs.Fs {
			open := map[string]int{}
			var mu sync.Mutex
			return &broken{healthy: h,
				file: wrapFile(func(f *brokenFile) {
					mu.Lock()
					open[f.Name()]++
					mu.Unlock()
					f.close = func(f *brokenFile) error {
						mu.Lock()
						open[f.Name()]--
						mu.Unlock()
						return f.File.Close()
					}
				}),
				remove: func(b *broken, name string) error {
					mu.Lock()
					n := open[name]
					mu.Unlock()
					if n > 0 {
						return &fs.PathError{Op: "remove", Path: name, Err: syscall.EBUSY}
					}
					return b.healthy.Remove(name)
				},
				removeAll: func(b *broken, name string) error {
					mu.Lock()
					defer mu.Unlock()
					for n, count := range open {
						if count > 0 && strings.HasPrefix(n, name+string(filepath.Separator)) {
							return &fs.PathError{Op: "unlinkat", Path: n, Err: syscall.EBUSY}
						}
					}
					return b.healthy.RemoveAll(name)
				},
			}
		},
		caught: []string{"Remove/OpenFile", "Remove/AllOpenFile"},
	},
	{
		name: "Rename refuses an existing target",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, rename: func(b *broken, o, n string) error { return b.healthy.RenameNoReplace(o, n) }}
		},
		caught: []string{"Rename/ReplaceFile", "Rename/AtomicReplace", "Tempfile/Persist", "Tempfile/WriteFileAtomic"},
	},
	{
		name: "Rename copies the data",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, rename: func(b *broken, o, n string) error {
				src, err := b.healthy.Open(o)
				if err != nil {
					return err
				}
				defer src.Close()
				dst, err := b.healthy.OpenFile(n, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
				if err != nil {
					return err
				}
				buf := make([]byte, 4096)
				for {
					k, rerr := src.Read(buf)
					if k > 0 {
						if _, err := dst.Write(buf[:k]); err != nil {
							dst.Close()
							return err
						}
						runtime.Gosched()
					}
					if rerr != nil {
						break
					}
				}
				if err := dst.Close(); err != nil {
					return err
				}
				return b.healthy.Remove(o)
			}}
		},
		caught: []string{"Rename/AtomicReplace", "Tempfile/WriteFileAtomic"},
	},
	{
		name: "a handle opened O_RDONLY can write",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
				if flag&(os.O_WRONLY|os.O_RDWR) == 0 {
					flag |= os.O_RDWR
				}
				return b.healthy.OpenFile(name, flag, perm)
			}}
		},
		caught: []string{"Access/ReadOnly"},
	},
	{
		name: "a handle opened O_WRONLY can read",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
				if flag&os.O_WRONLY != 0 {
					flag = flag&^os.O_WRONLY | os.O_RDWR
				}
				return b.healthy.OpenFile(name, flag, perm)
			}}
		},
		caught: []string{"Access/WriteOnly"},
	},
	{
		name: "O_APPEND only seeks to the end when the file is opened",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
				f, err := b.healthy.OpenFile(name, flag&^os.O_APPEND, perm)
				if err == nil && flag&os.O_APPEND != 0 {
					_, err = f.Seek(0, io.SeekEnd)
				}
				return f, err
			}}
		},
		caught: []string{"Access/Append"},
	},
	{
		name: "ignores O_TRUNC",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
				return b.healthy.OpenFile(name, flag&^os.O_TRUNC, perm)
			}}
		},
		caught: []string{"Create/Truncate"},
	},
	{
		name: "a short ReadAt returns a nil error",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.readAt = func(f *brokenFile, p []byte, off int64) (int, error) {
					n, err := f.File.ReadAt(p, off)
					if err == io.EOF && n > 0 {
						err = nil
					}
					return n, err
				}
			})}
		},
		caught: []string{"IO/ReadAtShort", "FSTest/TestFS"},
	},
	{
		name: "ReadAt moves the offset",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.readAt = func(f *brokenFile, p []byte, off int64) (int, error) {
					if _, err := f.File.Seek(off, io.SeekStart); err != nil {
						return 0, err
					}
					return io.ReadFull(f.File, p)
				}
			})}
		},
		caught: []string{"IO/ReadAtOffset"},
	},
	{
		name: "WriteAt moves the offset",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.writeAt = func(f *brokenFile, p []byte, off int64) (int, error) {
					if _, err := f.File.Seek(off, io.SeekStart); err != nil {
						return 0, err
					}
					return f.File.Write(p)
				}
			})}
		},
		caught: []string{"IO/WriteAtOffset"},
	},
	{
		name: "Read at the end returns io.ErrUnexpectedEOF",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.read = func(f *brokenFile, p []byte) (int, error) {
					n, err := f.File.Read(p)
					if err == io.EOF {
						err = io.ErrUnexpectedEOF
					}
					return n, err
				}
			})}
		},
		caught: []string{"IO/ReadEOF", "FSTest/TestFS"},
	},
	{
		name: "ReadAt and WriteAt panic at a negative offset",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.readAt = func(f *brokenFile, p []byte, off int64) (int, error) {
					return f.File.ReadAt(p[off:], 0)
				}
				f.writeAt = func(f *brokenFile, p []byte, off int64) (int, error) {
					return f.File.WriteAt(p[:len(p)+int(off)], 0)
				}
			})}
		},
		caught: []string{"IO/NegativeOffset"},
	},
	{
		name: "WriteAt at a negative offset writes at 0",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.writeAt = func(f *brokenFile, p []byte, off int64) (int, error) {
					return f.File.WriteAt(p, max(off, 0))
				}
			})}
		},
		caught: []string{"IO/NegativeOffset"},
	},
	{
		name: "Truncate moves the offset",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.truncate = func(f *brokenFile, size int64) error {
					if err := f.File.Truncate(size); err != nil {
						return err
					}
					_, err := f.File.Seek(size, io.SeekStart)
					return err
				}
			})}
		},
		caught: []string{"IO/Truncate"},
	},
	{
		name: "Seek accepts a negative offset",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.seek = func(f *brokenFile, off int64, whence int) (int64, error) {
					pos, err := f.File.Seek(off, whence)
					if err != nil {
						return f.File.Seek(0, io.SeekStart)
					}
					return pos, nil
				}
			})}
		},
		caught: []string{"IO/SeekNegative"},
	},
	{
		name: "a closed handle still answers Stat, Sync, Readdir and Close",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.info, _ = f.File.Stat()
				f.close = func(f *brokenFile) error {
					f.mu.Lock()
					defer f.mu.Unlock()
					if f.closed {
						return nil
					}
					f.closed = true
					return f.File.Close()
				}
				f.stat = func(f *brokenFile) (fs.FileInfo, error) {
					if f.closed {
						return f.info, nil
					}
					return f.File.Stat()
				}
				f.sync = func(f *brokenFile) error {
					if f.closed {
						return nil
					}
					return f.File.Sync()
				}
				f.readdir = func(f *brokenFile, n int) ([]fs.FileInfo, error) {
					if f.closed {
						return nil, nil
					}
					return f.File.Readdir(n)
				}
			})}
		},
		caught: []string{"Closed/File", "Closed/Directory"},
	},
	{
		name: "a closed handle panics",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.close = func(f *brokenFile) error {
					f.closed = true
					return f.File.Close()
				}
				f.seek = func(f *brokenFile, off int64, whence int) (int64, error) {
					if f.closed {
						panic("seek on a closed file")
					}
					return f.File.Seek(off, whence)
				}
				f.readdir = func(f *brokenFile, n int) ([]fs.FileInfo, error) {
					if f.closed {
						panic("readdir on a closed file")
					}
					return f.File.Readdir(n)
				}
			})}
		},
		caught: []string{"Closed/File", "Closed/Directory"},
	},
	{
		name: "ignores permission bits",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h,
				// It lifts the bits for the moment of the open, so that the
				// operating system does not enforce them for a user that is
				// not root either.
				openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
					for _, n := range []string{name, filepath.Dir(name)} {
						if fi, err := b.healthy.Stat(n); err == nil {
							_ = b.healthy.Chmod(n, fi.Mode().Perm()|0o700)
							defer b.healthy.Chmod(n, fi.Mode().Perm())
						}
					}
					return b.healthy.FS.OpenFile(name, flag, perm)
				},
			}
		},
		caught: []string{"Permission/ReadDenied", "Permission/WriteDenied", "Permission/DirWriteDenied"},
	},
	{
		name: "CreateAnonymous leaves a name",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, createAnonymous: func(b *broken, dir string, perm fs.FileMode) (vfs.File, error) {
				return b.healthy.CreateExclusive(filepath.Join(dir, "anonymous"), perm)
			}}
		},
		caught: []string{"Capability/Anonymous", "Tempfile/Anonymous"},
	},
	{
		name: "Publish replaces an existing name",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, publish: func(b *broken, f vfs.File, newname string) error {
				_ = b.healthy.Remove(newname)
				return b.healthy.Publish(f, newname)
			}}
		},
		caught: []string{"Capability/Publish"},
	},
	{
		name: "Publish links any file",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, publish: func(b *broken, f vfs.File, newname string) error {
				if err := os.Link(f.Name(), newname); err == nil {
					return nil
				}
				return b.healthy.Publish(f, newname)
			}}
		},
		caught: []string{"Capability/PublishForeign"},
	},
	{
		name: "Link replaces an existing name",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, link: func(b *broken, o, n string) error {
				_ = b.healthy.Remove(n)
				return b.healthy.Link(o, n)
			}}
		},
		caught: []string{"Capability/Link"},
	},
	{
		name: "Link follows symbolic links",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, link: func(b *broken, o, n string) error {
				if target, err := vfs.Readlink(b.healthy, o); err == nil {
					o = target
				}
				return b.healthy.Link(o, n)
			}}
		},
		caught: []string{"Capability/LinkSymlink"},
	},
	{
		name: "RemoveTree follows symbolic links",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, removeTree: func(b *broken, name string) error {
				_ = afero.Walk(b.healthy, name, func(p string, _ fs.FileInfo, _ error) error {
					if target, err := vfs.Readlink(b.healthy, p); err == nil {
						_ = b.healthy.RemoveAll(target)
					}
					return nil
				})
				return b.healthy.RemoveTree(name)
			}}
		},
		caught: []string{"Capability/RemoveTree"},
	},
	{
		name: "RemoveTree gives no permissions",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, removeTree: func(b *broken, name string) error {
				// As an unprivileged os.RemoveAll: stopped by a directory
				// without owner permissions.
				var denied error
				_ = afero.Walk(b.healthy, name, func(p string, fi fs.FileInfo, _ error) error {
					if fi != nil && fi.IsDir() && fi.Mode().Perm()&0o700 != 0o700 && denied == nil {
						denied = &fs.PathError{Op: "openat", Path: p, Err: syscall.EACCES}
					}
					return nil
				})
				if denied != nil {
					return denied
				}
				return b.healthy.RemoveTree(name)
			}}
		},
		caught: []string{"Capability/RemoveTreeModes"},
	},
	{
		name: "CreateAnonymous makes publishable files",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, createAnonymous: func(b *broken, dir string, perm fs.FileMode) (vfs.File, error) {
				return b.healthy.CreatePublishable(dir, perm)
			}}
		},
		caught: []string{"Capability/PublishForeign"},
	},
	{
		name: "RenameNoReplace replaces",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, renameNoReplace: func(b *broken, o, n string) error { return b.healthy.Rename(o, n) }}
		},
		caught: []string{"Capability/RenameNoReplace", "Tempfile/PersistNoClobber"},
	},
	{
		name: "SyncDir fails",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, syncDir: func(_ *broken, name string) error {
				return &fs.PathError{Op: "sync", Path: name, Err: syscall.EIO}
			}}
		},
		caught: []string{"Capability/SyncDir"},
	},
	{
		name: "TempDirs returns nothing",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, tempDirs: func(*broken) []string { return nil }}
		},
		caught: []string{"Capability/TempDirs"},
	},
	{
		name: "Lstat follows symbolic links",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h,
				lstat: func(b *broken, name string) (fs.FileInfo, bool, error) {
					fi, err := b.healthy.Stat(name)
					return fi, true, err
				},
				removeTree: noRemoveTree,
			}
		},
		caught: []string{"Symlink/Lstat", "Tempfile/DirCleanup"},
	},
	{
		// As for a user that is not root, Remove is refused in a directory
		// without owner write and search permission; but Lstat reports
		// directories with the mode they were made with, so Dir.Cleanup
		// does not know to restore the permission first.
		name: "Lstat reports a directory's mode at creation, not after Chmod",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h,
				remove: func(b *broken, name string) error {
					if fi, err := b.healthy.Stat(filepath.Dir(name)); err == nil && fi.Mode().Perm()&0o300 != 0o300 {
						return &fs.PathError{Op: "remove", Path: name, Err: syscall.EACCES}
					}
					return b.healthy.Remove(name)
				},
				lstat: func(b *broken, name string) (fs.FileInfo, bool, error) {
					fi, ok, err := b.healthy.LstatIfPossible(name)
					if err == nil && fi.IsDir() {
						fi = modeInfo{fi, fs.ModeDir | 0o700}
					}
					return fi, ok, err
				},
				removeTree: noRemoveTree,
			}
		},
		caught: []string{"Tempfile/DirCleanup"},
	},
	{
		name: "CreateExclusive opens an existing file",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, createExclusive: func(b *broken, name string, perm fs.FileMode) (vfs.File, error) {
				return b.healthy.OpenFile(name, os.O_RDWR|os.O_CREATE, perm)
			}}
		},
		caught: []string{"Capability/Exclusive", "Tempfile/Collisions", "Tempfile/PlantedSymlink"},
	},
	{
		name: "Remove reports success and does nothing",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, remove: func(*broken, string) error { return nil }, removeTree: noRemoveTree}
		},
		caught: []string{"Tempfile/NamedCleanup", "Tempfile/DirCleanup", "Tempfile/WriteFileFailure"},
	},
	{
		name: "Readdir(-1) returns only the first 16 entries",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, file: wrapFile(func(f *brokenFile) {
				f.readdir = func(f *brokenFile, n int) ([]fs.FileInfo, error) {
					infos, err := f.File.Readdir(n)
					if n <= 0 && len(infos) > 16 {
						infos = infos[:16]
					}
					return infos, err
				}
			})}
		},
		caught: []string{"Tempfile/Names"},
	},
	{
		name: "Seek on an anonymous file reports the offset but does not move",
		fsys: func(h healthy) vfs.Fs {
			return &broken{healthy: h, createAnonymous: func(b *broken, dir string, perm fs.FileMode) (vfs.File, error) {
				f, err := b.healthy.CreateAnonymous(dir, perm)
				if err != nil {
					return nil, err
				}
				return &brokenFile{File: f, seek: func(f *brokenFile, off int64, whence int) (int64, error) {
					if whence == io.SeekStart && off >= 0 {
						return off, nil
					}
					return f.File.Seek(off, whence)
				}}, nil
			}}
		},
		caught: []string{"Tempfile/SpooledRollover"},
	},
	{
		name: "cannot create files in its temporary directories",
		fsys: func(h healthy) vfs.Fs {
			inTempDir := func(b *broken, name string) error {
				for _, d := range b.healthy.TempDirs() {
					if filepath.Clean(d) == filepath.Dir(name) {
						return &fs.PathError{Op: "open", Path: name, Err: syscall.EROFS}
					}
				}
				return nil
			}
			return &broken{healthy: h,
				openFile: func(b *broken, name string, flag int, perm fs.FileMode) (vfs.File, error) {
					if err := inTempDir(b, name); err != nil && flag&os.O_CREATE != 0 {
						return nil, err
					}
					return b.healthy.OpenFile(name, flag, perm)
				},
				createExclusive: func(b *broken, name string, perm fs.FileMode) (vfs.File, error) {
					if err := inTempDir(b, name); err != nil {
						return nil, err
					}
					return b.healthy.CreateExclusive(name, perm)
				},
			}
		},
		caught: []string{"Tempfile/TempDir"},
	},
}

// healthyFactory returns fresh healthy filesystems in t's temporary
// directory.
func healthyFactory(t *testing.T, wrap func(healthy) vfs.Fs) Factory {
	root := t.TempDir()
	return func() (vfs.Fs, string, func(), error) {
		dir, err := os.MkdirTemp(root, "")
		if err != nil {
			return nil, "", nil, err
		}
		return wrap(healthy{osbackend.New()}), dir, nil, nil
	}
}

// umask returns the process's umask, seen through a new directory.
func umask(t *testing.T) fs.FileMode {
	d := filepath.Join(t.TempDir(), "probe")
	require.NoError(t, os.Mkdir(d, 0o777))
	fi, err := os.Stat(d)
	require.NoError(t, err)
	return 0o777 &^ fi.Mode().Perm()
}

// noRoot is the environment of the self-tests: the filesystems under test
// enforce permission bits (healthy does so itself), so a skip for root
// would hide a failure.
var noRoot = env{root: false}

func TestHealthyPassesEveryCheck(t *testing.T) {
	t.Parallel()
	r := check("healthy", healthyFactory(t, func(h healthy) vfs.Fs { return h }), noRoot, nil)
	for _, res := range r.Results {
		assert.Equal(t, Pass, res.Status, "%s: %s", res.Check, res.Message)
	}
}

func TestBrokenBackends(t *testing.T) {
	t.Parallel()
	all := map[string]bool{}
	for _, c := range allCases() {
		all[c.id()] = true
	}
	caught := map[string]bool{}
	for _, bb := range brokenBackends {
		for _, id := range bb.caught {
			require.True(t, all[id], "%s: no check named %s", bb.name, id)
			caught[id] = true
		}
		t.Run(bb.name, func(t *testing.T) {
			t.Parallel()
			if bb.name == "applies the umask to directories only" && umask(t) == 0 {
				t.Skip("the umask is 0, so a filesystem that ignores it is right")
			}
			keep := func(c testCase) bool { return slices.Contains(bb.caught, c.id()) }
			r := check(bb.name, healthyFactory(t, bb.fsys), noRoot, keep)
			require.Len(t, r.Results, len(bb.caught))
			for _, res := range r.Results {
				if assert.Equal(t, Fail, res.Status, "%s must catch a filesystem that %s", res.Check, bb.name) {
					assert.NotEmpty(t, res.Message, "%s: a failure must say what went wrong", res.Check)
					assert.NotEmpty(t, res.Promise, "%s: a failure must name the promise", res.Check)
				}
			}
		})
	}
	// Every check catches at least one broken filesystem.
	for id := range all {
		assert.True(t, caught[id], "no broken filesystem proves that %s can fail", id)
	}
}
