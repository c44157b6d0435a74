package sftpbackend

// Extension names, for the tests.
const (
	ExtPosixRename = extPosixRename
	ExtHardlink    = extHardlink
	ExtFsync       = extFsync
	ExtStatvfs     = extStatvfs
)

type withoutOption []string

func (o withoutOption) apply(c *config) error {
	if c.without == nil {
		c.without = map[string]bool{}
	}
	for _, e := range o {
		c.without[e] = true
	}
	return nil
}

// WithoutExtensions makes New act as if the server did not offer the
// named extensions, so that the tests reach what an FS does without them.
func WithoutExtensions(exts ...string) Option { return withoutOption(exts) }
