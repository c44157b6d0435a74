package tempfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tempvfs/tempvfs/internal/randname"
	"github.com/tempvfs/tempvfs/vfs"
)

// ErrBadPattern is the error, inside an [*fs.PathError], for a pattern,
// prefix or suffix that contains a path separator ('/' on every platform,
// and the platform's own separator), "..", or a NUL byte; on Windows also a
// colon (a volume or an alternate data stream) and a prefix that makes a
// reserved device name such as "CON.*". It matches [fs.ErrInvalid] with
// [errors.Is].
var ErrBadPattern = fmt.Errorf("tempfile: pattern contains a path separator, \"..\" or NUL: %w", fs.ErrInvalid)

// badChars are the characters a prefix or suffix must not contain.
const badChars = "/\x00" + string(filepath.Separator) + platformBadChars

// checkPart reports whether s may be put around the random part of a name.
func checkPart(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(badChars, c) >= 0 || (c == '.' && i+1 < len(s) && s[i+1] == '.') {
			return false
		}
	}
	return true
}

// namer makes candidate names dir/prefix+random+suffix.
type namer struct {
	fsys                    vfs.Fs // nil: no check of dir on ENOENT
	op, dir, prefix, suffix string
	n                       int
	src                     io.Reader
}

// newNamer resolves dir, prefix and suffix from the arguments and c.
// pattern is the pattern of CreateTemp or MkdirTemp ("" for the others).
func newNamer(fsys vfs.Fs, op, dir, pattern string, c *config) (namer, error) {
	if fsys == nil {
		// Every entry point that makes a name comes through here, NewDir
		// included.
		if dir == "" {
			dir = c.dir
		}
		return namer{}, nilFS(op, dir)
	}
	if c.set&setDir != 0 {
		if dir != "" && dir != c.dir {
			return namer{}, &fs.PathError{Op: op, Path: dir, Err: fmt.Errorf("dir argument and WithDir(%q) differ: %w", c.dir, fs.ErrInvalid)}
		}
		dir = c.dir
	}
	prefix, suffix := DefaultPrefix, ""
	if pattern != "" {
		if c.set&(setPrefix|setSuffix) != 0 {
			return namer{}, &fs.PathError{Op: op, Path: pattern, Err: fmt.Errorf("both a pattern and WithPrefix or WithSuffix: %w", fs.ErrInvalid)}
		}
		if i := strings.LastIndexByte(pattern, '*'); i >= 0 {
			prefix, suffix = pattern[:i], pattern[i+1:]
		} else {
			prefix = pattern
		}
	} else {
		if c.set&setPrefix != 0 {
			prefix = c.prefix
		}
		suffix = c.suffix
	}
	if !checkPart(prefix) || !checkPart(suffix) || !platformNameOK(prefix, suffix) {
		p := pattern
		if p == "" {
			p = prefix + "*" + suffix
		}
		return namer{}, &fs.PathError{Op: op, Path: p, Err: ErrBadPattern}
	}
	if dir == "" {
		d, err := TempDir(fsys)
		if err != nil {
			return namer{}, err
		}
		dir = d
	}
	// A relative name would stop naming the file once the working
	// directory changes; an absolute one keeps naming it.
	abs, err := vfs.Abs(fsys, dir)
	if err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return namer{}, err
	}
	return namer{fsys: fsys, op: op, dir: abs, prefix: prefix, suffix: suffix, n: c.randomLen, src: c.nameSource}, nil
}

// next returns a fresh candidate name.
func (m *namer) next() (string, error) {
	var buf [MaxRandomLen]byte
	r := buf[:m.n]
	if err := randname.Fill(r, Alphabet, m.src); err != nil {
		return "", &fs.PathError{Op: m.op, Path: m.dir, Err: fmt.Errorf("reading name source: %w", err)}
	}
	var b strings.Builder
	b.Grow(len(m.dir) + 1 + len(m.prefix) + m.n + len(m.suffix))
	b.WriteString(m.dir)
	if m.dir != "" && !os.IsPathSeparator(m.dir[len(m.dir)-1]) {
		b.WriteByte(filepath.Separator)
	}
	b.WriteString(m.prefix)
	b.Write(r)
	b.WriteString(m.suffix)
	return b.String(), nil
}

// pattern returns dir/prefix*suffix, to name the pattern in an error.
func (m *namer) pattern() string {
	return filepath.Join(m.dir, m.prefix+"*"+m.suffix)
}

// try calls create with fresh names until it succeeds, fails with an
// error that does not match fs.ErrExist, or randname.MaxTries names are
// used.
func (m *namer) try(create func(name string) error) (string, error) {
	name, err := randname.Try(m.op, m.pattern(), randname.MaxTries, m.next, create)
	if errors.Is(err, fs.ErrNotExist) && m.fsys != nil {
		// As os.MkdirTemp: a missing directory is reported as itself,
		// not as the name tried in it.
		if _, serr := m.fsys.Stat(m.dir); errors.Is(serr, fs.ErrNotExist) {
			return "", serr
		}
	}
	return name, err
}

// IsTempName reports whether name, the base name of a directory entry,
// has the shape of a name this package makes with the given prefix and
// suffix and the default random part: prefix, then exactly
// [DefaultRandomLen] characters of [Alphabet], then suffix. Names made
// with [WithRandomLen] do not match. It only looks at the shape: any name
// of that shape matches, whoever made it.
func IsTempName(name, prefix, suffix string) bool {
	if len(name) != len(prefix)+DefaultRandomLen+len(suffix) ||
		!strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) {
		return false
	}
	for _, c := range []byte(name[len(prefix) : len(prefix)+DefaultRandomLen]) {
		if strings.IndexByte(Alphabet, c) < 0 {
			return false
		}
	}
	return true
}
