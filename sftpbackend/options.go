package sftpbackend

import (
	"fmt"
	"io/fs"
	"slices"
)

// An Option changes what [New] makes. Options are values of this
// package's With functions; each sets one thing, and giving the same one
// twice is an error.
type Option interface {
	apply(*config) error
}

type config struct {
	umask    fs.FileMode
	umaskSet bool
	tempDirs []string
	tempSet  bool
	// without lists server extensions to act as if the server lacked
	// (the tests' way to reach the fallbacks).
	without map[string]bool
}

func newConfig(opts []Option) (config, error) {
	c := config{umask: defaultUmask}
	for _, o := range opts {
		if o == nil {
			return c, fmt.Errorf("sftpbackend.New: nil Option: %w", fs.ErrInvalid)
		}
		if err := o.apply(&c); err != nil {
			return c, err
		}
	}
	return c, nil
}

// defaultUmask is the umask of an FS made without [WithUmask]: the usual
// one, and the one OpenSSH's sftp-server has unless it is told otherwise.
const defaultUmask fs.FileMode = 0o022

type umaskOption fs.FileMode

func (o umaskOption) apply(c *config) error {
	if c.umaskSet {
		return fmt.Errorf("sftpbackend.New: WithUmask given twice: %w", fs.ErrInvalid)
	}
	if fs.FileMode(o)&^fs.ModePerm != 0 {
		return fmt.Errorf("sftpbackend.New: WithUmask(%#o): only permission bits are allowed: %w", uint32(o), fs.ErrInvalid)
	}
	c.umask, c.umaskSet = fs.FileMode(o), true
	return nil
}

// WithUmask sets the umask that the FS applies to the permission bits
// given to OpenFile and Mkdir for a new file or directory: it gets
// perm &^ mask. Without it the mask is 022. The server's own umask does
// not apply (see the package documentation, "Modes"). mask may hold only
// permission bits.
func WithUmask(mask fs.FileMode) Option { return umaskOption(mask) }

type tempDirsOption []string

func (o tempDirsOption) apply(c *config) error {
	if c.tempSet {
		return fmt.Errorf("sftpbackend.New: WithTempDirs given twice: %w", fs.ErrInvalid)
	}
	for _, d := range o {
		if d == "" {
			return fmt.Errorf("sftpbackend.New: WithTempDirs: an empty name: %w", fs.ErrInvalid)
		}
	}
	c.tempDirs, c.tempSet = slices.Clone([]string(o)), true
	return nil
}

// WithTempDirs sets the candidates that [FS.TempDirs] returns, best
// first, in place of /tmp, /var/tmp, /usr/tmp and the working directory.
// No name may be empty; with no names at all the FS has no temporary
// directory, and tempfile's functions then need tempfile.WithDir.
func WithTempDirs(dirs ...string) Option { return tempDirsOption(dirs) }
