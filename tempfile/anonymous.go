package tempfile

import (
	"errors"

	"github.com/tempvfs/tempvfs/vfs"
)

// NewAnonymous creates a temporary file that no name refers to, opened for
// reading and writing, as Python's TemporaryFile does. Its storage is freed
// when it is closed or the process ends (Windows aside: see below). It is
// made in the directory of [WithDir], or else [TempDir], with mode 0600 or
// that of [WithFileMode], through [vfs.CreateAnonymous]: O_TMPFILE where
// the backend can, else a file created exclusively and removed at once.
//
// Where the filesystem cannot remove an open file (Windows), or would keep
// it under a hidden name until it is closed (osbackend on NFS, SMB and
// FUSE such as sshfs), NewAnonymous instead returns a [*File] named from
// [WithPrefix], [WithSuffix] and the random part, that Close removes; that
// file has a name while it is open.
// The prefix and suffix are used only then. It does so only for an error
// of vfs.CreateAnonymous that wraps [errors.ErrUnsupported]: any other
// failure, such as an EIO from removing the name in the fallback, is
// returned as it is, and no named file is made.
//
// With [WithTracker] the file is listed in the tracker until it is closed,
// and NewAnonymous returns it inside a wrapper of the package's own rather
// than as the backend's file (an [*os.File] on the OS backend).
func NewAnonymous(fsys vfs.Fs, opts ...Option) (vfs.File, error) {
	c, err := newConfig("NewAnonymous", opts)
	if err != nil {
		return nil, err
	}
	f, err := newAnonymous(fsys, c)
	ts := trackers(&c, fsys)
	if err != nil || len(ts) == 0 {
		return f, err
	}
	path := ""
	if nf, ok := f.(*File); ok {
		path = nf.name
	}
	tf := &trackedFile{File: f, rec: track(ts, KindAnonymous, fsys, path)}
	tf.rec.setOnLost(f.Close)
	watch(tf.rec, tf, (*trackedFile).Close)
	return tf, nil
}

// newAnonymous is NewAnonymous with its options applied.
func newAnonymous(fsys vfs.Fs, c config) (vfs.File, error) {
	m, err := newNamer(fsys, "createtemp", "", "", &c)
	if err != nil {
		return nil, err
	}
	f, err := vfs.CreateAnonymous(fsys, m.dir, c.fileMode)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, errors.ErrUnsupported) {
		return nil, err
	}
	c.dir, c.set = m.dir, c.set|setDir
	nf, name, err := createTemp(fsys, "createtemp", "", "", &c)
	if err != nil {
		return nil, err
	}
	return &File{File: nf, fsys: fsys, name: name}, nil
}
