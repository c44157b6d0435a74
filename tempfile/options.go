package tempfile

import (
	"fmt"
	"io"
	"io/fs"
)

// Option configures one call of [CreateTemp], [MkdirTemp], [NewAnonymous],
// [NewNamed] or [NewDir]. With no option every function behaves securely:
// the directory from [TempDir], the prefix "tmp", a 13-character random
// part from crypto/rand, files with mode 0600 and directories with mode
// 0700.
//
// Each option sets one setting. Giving the same option twice, or an option
// that the function does not use (for example [WithKeep] to [CreateTemp]),
// is an error wrapping [fs.ErrInvalid], and nothing is created.
type Option interface {
	apply(*config) error
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
}

// Which options each function accepts.
const (
	nameOptions    = setPrefix | setSuffix | setRandomLen | setNameSource
	createTempOK   = setDir | nameOptions | setFileMode
	mkdirTempOK    = setDir | nameOptions | setDirMode
	newNamedOK     = setDir | nameOptions | setFileMode | setKeep
	newAnonymousOK = setDir | nameOptions | setFileMode
	newDirOK       = setDir | nameOptions | setDirMode | setFileMode | setKeep | setIgnoreCleanupErrors
)

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
}

// optionFunc is an Option that sets one setting.
type optionFunc struct {
	s setting
	f func(*config) error
}

func (o optionFunc) apply(c *config) error {
	if c.set&o.s != 0 {
		return fmt.Errorf("tempfile: %s given twice: %w", settingNames[o.s], fs.ErrInvalid)
	}
	c.set |= o.s
	return o.f(c)
}

// newConfig applies opts over the defaults and checks that each is one
// that op accepts.
func newConfig(op string, allowed setting, opts []Option) (*config, error) {
	c := &config{
		fileMode:  defaultFileMode,
		dirMode:   defaultDirMode,
		randomLen: DefaultRandomLen,
	}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("tempfile: %s: nil Option: %w", op, fs.ErrInvalid)
		}
		if err := o.apply(c); err != nil {
			return nil, err
		}
	}
	if bad := c.set &^ allowed; bad != 0 {
		for s := setting(1); s != 0 && s <= bad; s <<= 1 {
			if bad&s != 0 {
				return nil, fmt.Errorf("tempfile: %s does not take %s: %w", op, settingNames[s], fs.ErrInvalid)
			}
		}
	}
	return c, nil
}

// WithDir sets the directory in which the entry is made. Without it, and
// when the dir argument of [CreateTemp] or [MkdirTemp] is empty, the
// directory is [TempDir] of the filesystem. Giving both a dir argument and
// a different WithDir is an error.
func WithDir(dir string) Option {
	return optionFunc{setDir, func(c *config) error {
		c.dir = dir
		return nil
	}}
}

// WithPrefix sets the text before the random part of the name, in place of
// [DefaultPrefix]. It is an error to give it together with a non-empty
// pattern to [CreateTemp] or [MkdirTemp]. A prefix with a path separator,
// ".." or NUL makes the call fail with [ErrBadPattern].
func WithPrefix(prefix string) Option {
	return optionFunc{setPrefix, func(c *config) error {
		c.prefix = prefix
		return nil
	}}
}

// WithSuffix sets the text after the random part of the name (none by
// default). It is an error to give it together with a non-empty pattern to
// [CreateTemp] or [MkdirTemp]. A suffix with a path separator, ".." or NUL
// makes the call fail with [ErrBadPattern].
func WithSuffix(suffix string) Option {
	return optionFunc{setSuffix, func(c *config) error {
		c.suffix = suffix
		return nil
	}}
}

// WithFileMode sets the permission bits (before umask) of a new file in
// place of 0600. Anything but permission bits is an error. Bits beyond
// 0600 let other users read or write the file: they weaken security.
func WithFileMode(perm fs.FileMode) Option {
	return optionFunc{setFileMode, func(c *config) error {
		if perm&^fs.ModePerm != 0 {
			return fmt.Errorf("tempfile: WithFileMode(%v): only permission bits are allowed: %w", perm, fs.ErrInvalid)
		}
		c.fileMode = perm
		return nil
	}}
}

// WithDirMode sets the permission bits (before umask) of a new directory in
// place of 0700. Anything but permission bits is an error. Bits beyond
// 0700 let other users list or change the directory: they weaken security.
func WithDirMode(perm fs.FileMode) Option {
	return optionFunc{setDirMode, func(c *config) error {
		if perm&^fs.ModePerm != 0 {
			return fmt.Errorf("tempfile: WithDirMode(%v): only permission bits are allowed: %w", perm, fs.ErrInvalid)
		}
		c.dirMode = perm
		return nil
	}}
}

// WithKeep makes a [File] or [Dir] start out kept, as if Keep had been
// called: closing the file or cleaning up the directory leaves it in place.
func WithKeep() Option {
	return optionFunc{setKeep, func(c *config) error {
		c.keep = true
		return nil
	}}
}

// WithIgnoreCleanupErrors makes [Dir.Cleanup] return nil even when it could
// not remove everything, as Python's ignore_cleanup_errors does. A later
// Cleanup tries again.
func WithIgnoreCleanupErrors() Option {
	return optionFunc{setIgnoreCleanupErrors, func(c *config) error {
		c.ignoreErrs = true
		return nil
	}}
}

// WithRandomLen sets the number of characters of the random part of a
// name, each carrying 5 bits. Anything outside [MinRandomLen] (60 bits)
// to [MaxRandomLen] is an error.
func WithRandomLen(n int) Option {
	return optionFunc{setRandomLen, func(c *config) error {
		if n < MinRandomLen || n > MaxRandomLen {
			return fmt.Errorf("tempfile: WithRandomLen(%d): must be %d to %d (at least 60 bits): %w", n, MinRandomLen, MaxRandomLen, fs.ErrInvalid)
		}
		c.randomLen = n
		return nil
	}}
}

// WithNameSource makes names from the bytes of r in place of crypto/rand:
// each character of the random part is [Alphabet][b%32] for one byte b read
// from r. It exists so that tests can force names and collisions. Names are
// only as unpredictable as r: a predictable source lets another user guess
// names and make creation fail (never succeed against a planted entry,
// since creation is exclusive). r must be safe for concurrent use if calls
// using it run concurrently. An error reading r fails the call.
func WithNameSource(r io.Reader) Option {
	return optionFunc{setNameSource, func(c *config) error {
		if r == nil {
			return fmt.Errorf("tempfile: WithNameSource(nil): %w", fs.ErrInvalid)
		}
		c.nameSource = r
		return nil
	}}
}
