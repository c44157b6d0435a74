package tempfile

import (
	"fmt"
	"io"
	"io/fs"
)

// Option configures one call of [CreateTemp], [MkdirTemp], [NewAnonymous],
// [NewNamed], [NewDir], [NewSpooled], [NewPool], [WriteFile],
// [NewPending], [NewPath] or [Symlink]. With no option every function
// behaves securely: the directory from [TempDir], the prefix "tmp", a
// 13-character random part from crypto/rand, files with mode 0600 and
// directories with mode 0700.
//
// Each option sets one setting. Giving the same option twice, or an option
// that the function does not use (for example [WithKeep] to [CreateTemp]),
// is an error wrapping [fs.ErrInvalid], and nothing is created.
type Option interface {
	// apply returns c with the option set. It takes and returns the
	// config by value so that it stays on the caller's stack.
	apply(c config) (config, error)
}

// setting identifies one option, to detect options given twice or to the
// wrong function.
type setting uint16

const (
	setDir setting = 1 << iota
	setPrefix
	setSuffix
	setFileMode
	setDirMode
	setKeep
	setRandomLen
	setNameSource
	setIgnoreCleanupErrors
	setMemoryBudget
	setKeepMode
	setNoClobber
	setMaxIdle
	setSecureRemove
	setTracker
	setStaticMode
)

var settingNames = map[setting]string{
	setDir:                 "WithDir",
	setPrefix:              "WithPrefix",
	setSuffix:              "WithSuffix",
	setFileMode:            "WithFileMode",
	setDirMode:             "WithDirMode",
	setKeep:                "WithKeep",
	setRandomLen:           "WithRandomLen",
	setNameSource:          "WithNameSource",
	setIgnoreCleanupErrors: "WithIgnoreCleanupErrors",
	setMemoryBudget:        "WithMemoryBudget",
	setKeepMode:            "WithKeepMode",
	setNoClobber:           "WithNoClobber",
	setMaxIdle:             "WithMaxIdle",
	setSecureRemove:        "WithSecureRemove",
	setTracker:             "WithTracker",
	setStaticMode:          "WithStaticMode",
}

// Which options each function accepts.
const (
	nameOptions    = setPrefix | setSuffix | setRandomLen | setNameSource
	createTempOK   = setDir | nameOptions | setFileMode
	mkdirTempOK    = setDir | nameOptions | setDirMode
	newNamedOK     = setDir | nameOptions | setFileMode | setKeep | setSecureRemove | setTracker
	newAnonymousOK = setDir | nameOptions | setFileMode | setTracker
	newDirOK       = setDir | nameOptions | setDirMode | setFileMode | setKeep | setIgnoreCleanupErrors | setTracker
	newSpooledOK   = newAnonymousOK | setMemoryBudget | setSecureRemove
	newPoolOK      = newAnonymousOK | setMaxIdle | setSecureRemove
	writeFileOK    = setKeepMode | setStaticMode | setNoClobber | setTracker
	persistOK      = setFileMode
	newPathOK      = setTracker
	symlinkOK      = setNoClobber
)

// takers lists each function that takes options with the settings it
// accepts: the one place that says which function takes which option.
// newConfig looks the function up here, and a test holds the doc of
// every With* option to this table.
var takers = map[string]setting{
	"CreateTemp":            createTempOK,
	"MkdirTemp":             mkdirTempOK,
	"NewNamed":              newNamedOK,
	"NewAnonymous":          newAnonymousOK,
	"NewDir":                newDirOK,
	"NewSpooled":            newSpooledOK,
	"NewPool":               newPoolOK,
	"WriteFile":             writeFileOK,
	"NewPending":            writeFileOK,
	"File.Persist":          persistOK,
	"File.PersistNoClobber": persistOK,
	"Path.Persist":          persistOK,
	"Path.PersistNoClobber": persistOK,
	"NewPath":               newPathOK,
	"Symlink":               symlinkOK,
}

const (
	// DefaultPrefix is the prefix of a name when neither a pattern nor
	// [WithPrefix] gives one; it is Python's tempfile.template.
	DefaultPrefix = "tmp"

	// DefaultRandomLen is the number of characters in the random part of a
	// name: 13 characters of [Alphabet], 65 bits.
	DefaultRandomLen = 13

	// MinRandomLen is the shortest random part [WithRandomLen] accepts:
	// 12 characters, 60 bits.
	MinRandomLen = 12

	// MaxRandomLen is the longest random part [WithRandomLen] accepts.
	MaxRandomLen = 64

	// Alphabet is the set of characters of the random part of a name,
	// lowercase base32 (RFC 4648 letters and digits, lowercased): each
	// character carries 5 bits. Lowercase keeps names distinct on
	// case-insensitive filesystems.
	Alphabet = "abcdefghijklmnopqrstuvwxyz234567"

	defaultFileMode fs.FileMode = 0o600
	defaultDirMode  fs.FileMode = 0o700
)

type config struct {
	set        setting
	dir        string
	prefix     string
	suffix     string
	fileMode   fs.FileMode
	dirMode    fs.FileMode
	keep       bool
	randomLen  int
	nameSource io.Reader // nil: crypto/rand
	ignoreErrs bool
	budget     *MemoryBudget
	keepMode   bool
	staticMode bool
	noClobber  bool
	maxIdle    int
	secure     bool
	tracker    *Tracker
}

// mark records that setting s is given, failing if it was given before.
func (c *config) mark(s setting) error {
	if c.set&s != 0 {
		return fmt.Errorf("tempfile: %s given twice: %w", settingNames[s], fs.ErrInvalid)
	}
	c.set |= s
	return nil
}

// newConfig applies opts over the defaults and checks that each is one
// that fn, a function of takers, accepts.
func newConfig(fn string, opts []Option) (config, error) {
	op, allowed := fn, takers[fn]
	c := config{
		fileMode:  defaultFileMode,
		dirMode:   defaultDirMode,
		randomLen: DefaultRandomLen,
		maxIdle:   DefaultMaxIdle,
	}
	for _, o := range opts {
		if o == nil {
			return config{}, fmt.Errorf("tempfile: %s: nil Option: %w", op, fs.ErrInvalid)
		}
		var err error
		if c, err = o.apply(c); err != nil {
			return config{}, err
		}
	}
	if c.keepMode && c.staticMode {
		return config{}, fmt.Errorf("tempfile: %s: WithKeepMode and WithStaticMode conflict: %w", op, fs.ErrInvalid)
	}
	if bad := c.set &^ allowed; bad != 0 {
		for s := setting(1); s != 0 && s <= bad; s <<= 1 {
			if bad&s != 0 {
				return config{}, fmt.Errorf("tempfile: %s does not take %s: %w", op, settingNames[s], fs.ErrInvalid)
			}
		}
	}
	return c, nil
}

// WithDir sets the directory in which the entry is made. Without it, and
// when the dir argument of [CreateTemp] or [MkdirTemp] is empty, the
// directory is [TempDir] of the filesystem. Giving both a dir argument and
// a different WithDir is an error.
//
// Taken by [CreateTemp], [MkdirTemp], [NewAnonymous], [NewDir],
// [NewNamed], [NewPool] and [NewSpooled].
func WithDir(dir string) Option { return dirOption(dir) }

type dirOption string

func (o dirOption) apply(c config) (config, error) {
	c.dir = string(o)
	err := c.mark(setDir)
	return c, err
}

// WithPrefix sets the text before the random part of the name, in place of
// [DefaultPrefix]. It is an error to give it together with a non-empty
// pattern to [CreateTemp] or [MkdirTemp]. A prefix with a path separator,
// ".." or NUL makes the call fail with [ErrBadPattern].
//
// Taken by [CreateTemp], [MkdirTemp], [NewAnonymous], [NewDir],
// [NewNamed], [NewPool] and [NewSpooled].
func WithPrefix(prefix string) Option { return prefixOption(prefix) }

type prefixOption string

func (o prefixOption) apply(c config) (config, error) {
	c.prefix = string(o)
	err := c.mark(setPrefix)
	return c, err
}

// WithSuffix sets the text after the random part of the name (none by
// default). It is an error to give it together with a non-empty pattern to
// [CreateTemp] or [MkdirTemp]. A suffix with a path separator, ".." or NUL
// makes the call fail with [ErrBadPattern].
//
// Taken by [CreateTemp], [MkdirTemp], [NewAnonymous], [NewDir],
// [NewNamed], [NewPool] and [NewSpooled].
func WithSuffix(suffix string) Option { return suffixOption(suffix) }

type suffixOption string

func (o suffixOption) apply(c config) (config, error) {
	c.suffix = string(o)
	err := c.mark(setSuffix)
	return c, err
}

// WithFileMode sets the permission bits (before umask) of a new file in
// place of 0600. Anything but permission bits is an error. Bits beyond
// 0600 let other users read or write the file: they weaken security.
// Given to [File.Persist] or [File.PersistNoClobber], it sets the mode
// the file has, exactly, once it is in place.
//
// Taken by [CreateTemp], [File.PersistNoClobber], [File.Persist],
// [NewAnonymous], [NewDir], [NewNamed], [NewPool], [NewSpooled],
// [Path.PersistNoClobber] and [Path.Persist].
func WithFileMode(perm fs.FileMode) Option { return fileModeOption(perm) }

type fileModeOption fs.FileMode

func (o fileModeOption) apply(c config) (config, error) {
	perm := fs.FileMode(o)
	if perm&^fs.ModePerm != 0 {
		return c, fmt.Errorf("tempfile: WithFileMode(%v): only permission bits are allowed: %w", perm, fs.ErrInvalid)
	}
	c.fileMode = perm
	err := c.mark(setFileMode)
	return c, err
}

// WithDirMode sets the permission bits (before umask) of a new directory in
// place of 0700. Anything but permission bits is an error. Bits beyond
// 0700 let other users list or change the directory: they weaken security.
//
// Taken by [MkdirTemp] and [NewDir].
func WithDirMode(perm fs.FileMode) Option { return dirModeOption(perm) }

type dirModeOption fs.FileMode

func (o dirModeOption) apply(c config) (config, error) {
	perm := fs.FileMode(o)
	if perm&^fs.ModePerm != 0 {
		return c, fmt.Errorf("tempfile: WithDirMode(%v): only permission bits are allowed: %w", perm, fs.ErrInvalid)
	}
	c.dirMode = perm
	err := c.mark(setDirMode)
	return c, err
}

// WithKeep makes a [File] or [Dir] start out kept, as if Keep had been
// called: closing the file or cleaning up the directory leaves it in place.
//
// Taken by [NewDir] and [NewNamed].
func WithKeep() Option { return flagOption(setKeep) }

// flagOption is an option that turns one setting on.
type flagOption setting

func (o flagOption) apply(c config) (config, error) {
	switch setting(o) {
	case setKeep:
		c.keep = true
	case setIgnoreCleanupErrors:
		c.ignoreErrs = true
	case setKeepMode:
		c.keepMode = true
	case setStaticMode:
		c.staticMode = true
	case setNoClobber:
		c.noClobber = true
	case setSecureRemove:
		c.secure = true
	}
	err := c.mark(setting(o))
	return c, err
}

// WithIgnoreCleanupErrors makes [Dir.Cleanup] return nil even when it could
// not remove everything, as Python's ignore_cleanup_errors does. A later
// Cleanup tries again.
//
// Taken by [NewDir].
func WithIgnoreCleanupErrors() Option { return flagOption(setIgnoreCleanupErrors) }

// WithRandomLen sets the number of characters of the random part of a
// name, each carrying 5 bits. Anything outside [MinRandomLen] (60 bits)
// to [MaxRandomLen] is an error.
//
// Taken by [CreateTemp], [MkdirTemp], [NewAnonymous], [NewDir],
// [NewNamed], [NewPool] and [NewSpooled].
func WithRandomLen(n int) Option { return randomLenOption(n) }

type randomLenOption int

func (o randomLenOption) apply(c config) (config, error) {
	n := int(o)
	if n < MinRandomLen || n > MaxRandomLen {
		return c, fmt.Errorf("tempfile: WithRandomLen(%d): must be %d to %d (at least 60 bits): %w", n, MinRandomLen, MaxRandomLen, fs.ErrInvalid)
	}
	c.randomLen = n
	err := c.mark(setRandomLen)
	return c, err
}

// WithNameSource makes names from the bytes of r in place of crypto/rand:
// each character of the random part is [Alphabet][b%32] for one byte b read
// from r. It exists so that tests can force names and collisions. Names are
// only as unpredictable as r: a predictable source lets another user guess
// names and make creation fail (never succeed against a planted entry,
// since creation is exclusive). r must be safe for concurrent use if calls
// using it run concurrently. An error reading r fails the call.
//
// Taken by [CreateTemp], [MkdirTemp], [NewAnonymous], [NewDir],
// [NewNamed], [NewPool] and [NewSpooled].
func WithNameSource(r io.Reader) Option { return nameSourceOption{r} }

type nameSourceOption struct{ r io.Reader }

func (o nameSourceOption) apply(c config) (config, error) {
	if o.r == nil {
		return c, fmt.Errorf("tempfile: WithNameSource(nil): %w", fs.ErrInvalid)
	}
	c.nameSource = o.r
	err := c.mark(setNameSource)
	return c, err
}

// WithMemoryBudget makes a [Spooled] file draw its memory from b, which
// other spooled files may share: when b is spent, the file rolls over to
// disk even below its own size limit. A nil b is an error.
//
// Taken by [NewSpooled].
func WithMemoryBudget(b *MemoryBudget) Option { return budgetOption{b} }

type budgetOption struct{ b *MemoryBudget }

func (o budgetOption) apply(c config) (config, error) {
	if o.b == nil {
		return c, fmt.Errorf("tempfile: WithMemoryBudget(nil): %w", fs.ErrInvalid)
	}
	c.budget = o.b
	err := c.mark(setMemoryBudget)
	return c, err
}

// WithKeepMode makes [WriteFile] and [NewPending] give the new file the
// permission bits of the file it replaces, exactly, whatever the umask;
// when there is no file to replace, perm before umask. That is what they
// do without it too, as os.WriteFile keeps the mode of the file it
// writes; it is kept so that code that says so goes on compiling. It
// conflicts with [WithStaticMode].
//
// Taken by [NewPending] and [WriteFile].
func WithKeepMode() Option { return flagOption(setKeepMode) }

// WithStaticMode makes [WriteFile] and [NewPending] give the new file the
// permission bits perm exactly, whatever the umask and whatever the mode
// of the file it replaces (renameio's WithStaticPermissions). It
// conflicts with [WithKeepMode].
//
// Taken by [NewPending] and [WriteFile].
func WithStaticMode() Option { return flagOption(setStaticMode) }

// WithNoClobber makes [WriteFile] and [Pending.Commit] fail with an error
// matching [fs.ErrExist], and change nothing, if the target exists. The
// check and the move into place are one atomic step: the link of the
// anonymous file where the filesystem publishes them ([vfs.Publish]), else
// [vfs.RenameNoReplace]; on a filesystem that cannot do that step safely
// the call fails with an error wrapping [errors.ErrUnsupported] rather
// than risk replacing the target. Given to [Symlink], it makes Symlink
// create the link at newname directly, which fails with an error matching
// [fs.ErrExist] if anything is there.
//
// Taken by [NewPending], [Symlink] and [WriteFile].
func WithNoClobber() Option { return flagOption(setNoClobber) }

// WithMaxIdle sets how many returned files a [Pool] keeps for reuse, in
// place of [DefaultMaxIdle]; a file returned while that many are idle is
// closed. 0 keeps none. A negative n is an error.
//
// Taken by [NewPool].
func WithMaxIdle(n int) Option { return maxIdleOption(n) }

type maxIdleOption int

func (o maxIdleOption) apply(c config) (config, error) {
	if o < 0 {
		return c, fmt.Errorf("tempfile: WithMaxIdle(%d): must not be negative: %w", int(o), fs.ErrInvalid)
	}
	c.maxIdle = int(o)
	err := c.mark(setMaxIdle)
	return c, err
}

// WithSecureRemove makes [NewNamed], [NewSpooled] and [NewPool] overwrite
// a file's bytes with zeros, and sync it, before they let go of it:
//
//   - a [File] is overwritten through its open handle when Close or Remove
//     removes it (a kept or persisted file is left alone), and a [Path]
//     made of it by [File.CloseToPath] through a handle it opens, checked
//     as [Path.Reopen] checks, when it removes the file;
//   - a [Spooled] file clears its memory before the memory is reused, and
//     once rolled over overwrites its anonymous file before closing it;
//   - a [Pool] overwrites a file when it is returned with Put, and the idle
//     files when the pool is closed.
//
// A tracked ([WithTracker]) File or rolled-over Spooled file that becomes
// unreachable without being closed is overwritten the same way before
// the tracker closes it (a kept or persisted File is left alone).
//
// Truncating such a file to a smaller size overwrites the bytes cut off
// first. The overwrite goes through the open file, so it reaches the
// file's own data whatever its name now refers to, and other links to the
// same file read zeros afterwards. A failed overwrite does not stop the removal: the
// file is removed all the same and the error returned with any other.
//
// This is best effort, and no more. It overwrites the bytes the file holds
// through the filesystem; it cannot reach copies that the storage keeps
// elsewhere: SSDs and flash remap writes to fresh blocks, copy-on-write
// filesystems (btrfs, ZFS, APFS) write the zeros elsewhere, journaling
// filesystems may keep data in their journal, and snapshots, backups and
// swap keep what they copied. Use it to shorten the life of sensitive
// data, not as a guarantee; encrypt data that must not survive.
//
// Taken by [NewNamed], [NewPool] and [NewSpooled].
func WithSecureRemove() Option { return flagOption(setSecureRemove) }

// WithTracker makes [NewNamed], [NewDir], [NewAnonymous], [NewSpooled],
// [NewPool], [NewPending], [WriteFile] and [NewPath] record what they
// make in t, which lists it while it is alive ([Tracker.Live]) and can
// remove it on exit ([Tracker.CleanupAll]), on a signal
// ([Tracker.HandleSignals]) or once it is unreachable. A nil t is an
// error.
//
// [CreateTemp] and [MkdirTemp] do not take it: they hand out a plain file
// or path that the caller removes. A tracker attached to the filesystem
// ([Tracker.Attach]) lists those too, for as long as they exist.
//
// Taken by [NewAnonymous], [NewDir], [NewNamed], [NewPath], [NewPending],
// [NewPool], [NewSpooled] and [WriteFile].
func WithTracker(t *Tracker) Option { return trackerOption{t} }

type trackerOption struct{ t *Tracker }

func (o trackerOption) apply(c config) (config, error) {
	if o.t == nil {
		return c, fmt.Errorf("tempfile: WithTracker(nil): %w", fs.ErrInvalid)
	}
	c.tracker = o.t
	err := c.mark(setTracker)
	return c, err
}
