package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/tempvfs/tempvfs/internal/randname"
	"github.com/tempvfs/tempvfs/vfs"
)

const mktempHelp = `Usage: tempvfs mktemp [OPTION]... [TEMPLATE]
Create a new, empty temporary file or directory with a name no other entry
has, and print that name. A drop-in for GNU coreutils mktemp.

The name is TEMPLATE with its last run of X's replaced by random letters
and digits ([A-Za-z0-9], from a cryptographic source). That run must have
at least 3 X's and lie in the last component of TEMPLATE; whatever follows
it is a suffix that must not contain '/'. Without TEMPLATE, tmp.XXXXXXXXXX
is used in the temporary directory, as if --tmpdir were given.

A file is created with mode 0600 and a directory with mode 0700, minus the
umask. A file is created exclusively (O_CREAT|O_EXCL), never through a
symbolic link; if the name exists, another is tried.

Options:
  -d, --directory     create a directory instead of a file
  -u, --dry-run       create nothing; print a name that does not exist now
                        (unsafe: another process may take it first)
  -q, --quiet         say nothing when the file or directory cannot be
                        created (the exit status still says so)
      --suffix=SUFF   append SUFF to TEMPLATE, which must then end in X;
                        SUFF must not contain '/'
  -p DIR, --tmpdir[=DIR]
                      make TEMPLATE relative to DIR; without DIR (or with
                        an empty one), to $TMPDIR if it is set and not
                        empty, else /tmp. TEMPLATE must then not be
                        absolute; it may contain '/', but only its last
                        component is created
  -t                  make TEMPLATE, which must be a single component,
                        relative to $TMPDIR if it is set and not empty,
                        else to the -p DIR, else to /tmp (deprecated)
      --help          print this help and exit
      --version       print the version and exit

Long options may be abbreviated to any unambiguous prefix (--dir, --suff).

Exit status: 0 if the name was printed, 1 on any error (a bad option or
template included). Diagnostics go to standard error.
`

// mktemp option identifiers.
const (
	optDirectory = "directory"
	optDryRun    = "dry-run"
	optQuiet     = "quiet"
	optSuffix    = "suffix"
	optTmpdir    = "tmpdir"
	optP         = "p"
	optT         = "t"
	optHelp      = "help"
	optVersion   = "version"
)

// mktempOptions is in GNU mktemp's order, which its diagnostics for an
// ambiguous abbreviation follow.
var mktempOptions = []option{
	{id: optDirectory, long: "directory", short: 'd'},
	{id: optQuiet, long: "quiet", short: 'q'},
	{id: optDryRun, long: "dry-run", short: 'u'},
	{id: optSuffix, long: "suffix", arg: requiredArg},
	{id: optTmpdir, long: "tmpdir", arg: optionalArg},
	{id: optHelp, long: "help"},
	{id: optVersion, long: "version", short: 'V'},
	{id: optP, short: 'p', arg: requiredArg},
	{id: optT, short: 't'},
}

// defaultTemplate is the template used when none is given.
const defaultTemplate = "tmp.XXXXXXXXXX"

// nameChars are the characters that replace X's, as in GNU mktemp.
const nameChars = randname.Alnum

// maxAttempts is how many names are tried before giving up: 62³, the
// number glibc and gnulib use.
const maxAttempts = 62 * 62 * 62

// createKind is what a template is used to make.
type createKind int

const (
	createFile createKind = iota
	createDir
	createNothing // dry run: find a name that does not exist
)

// mktempRequest is a parsed mktemp command line.
type mktempRequest struct {
	directory  bool
	dryRun     bool
	quiet      bool
	useDestDir bool   // -p, -t, --tmpdir or no template
	destDir    string // the DIR of -p or --tmpdir=DIR; "" if none
	tOption    bool
	suffix     *string
	template   string
}

func (c *CLI) mktemp(args []string) int {
	const prog = "tempvfs mktemp"
	_, posix := c.getenv("POSIXLY_CORRECT")
	opts, operands, perr := getopt{options: mktempOptions, permute: !posix}.parse(args)
	var req mktempRequest
	for _, o := range opts {
		switch o.id {
		case optDirectory:
			req.directory = true
		case optDryRun:
			req.dryRun = true
		case optQuiet:
			req.quiet = true
		case optSuffix:
			s := o.value
			req.suffix = &s
		case optTmpdir, optP:
			req.useDestDir = true
			req.destDir = o.value
		case optT:
			req.useDestDir = true
			req.tOption = true
		case optHelp:
			fmt.Fprint(c.stdout(), mktempHelp)
			return exitOK
		case optVersion:
			fmt.Fprintf(c.stdout(), "tempvfs mktemp %s\n", version())
			return exitOK
		}
	}
	if perr != nil {
		c.errorf("%s: %v\n", prog, perr)
		c.tryHelp(prog)
		return exitFailure
	}
	switch len(operands) {
	case 0:
		req.useDestDir = true
		req.template = defaultTemplate
	case 1:
		req.template = operands[0]
	default:
		c.errorf("%s: too many templates\n", prog)
		c.tryHelp(prog)
		return exitFailure
	}

	tmpl, err := c.expandTemplate(req)
	if err != nil {
		c.errorf("%s: %v\n", prog, err)
		return exitFailure
	}
	kind := createFile
	switch {
	case req.dryRun:
		kind = createNothing
	case req.directory:
		kind = createDir
	}
	fsys := c.fs()
	name, err := createTemp(fsys, c.resolve, tmpl, kind, c.rand())
	if err != nil {
		if !req.quiet {
			what := "file"
			if req.directory {
				what = "directory"
			}
			c.errorf("%s: failed to create %s via template %s: %s\n", prog, what, quote(tmpl.text), errText(err))
		}
		return exitFailure
	}
	if _, err := io.WriteString(c.stdout(), name+"\n"); err != nil {
		if kind != createNothing {
			_ = fsys.Remove(c.resolve(name))
		}
		// As in GNU, -q hides the failure to print a name that was
		// created, but not that of a dry run.
		if !req.quiet || kind == createNothing {
			c.errorf("%s: write error: %s\n", prog, errText(err))
		}
		return exitFailure
	}
	return exitOK
}

// template is a full template: text with xCount X's that end suffixLen
// bytes before its end.
type template struct {
	text      string
	xCount    int
	suffixLen int
}

// expandTemplate applies GNU mktemp's rules to turn the template on the
// command line, the suffix and the directory options into a full
// template. Its errors are complete diagnostics.
func (c *CLI) expandTemplate(req mktempRequest) (template, error) {
	text := req.template
	var suffix string
	if req.suffix != nil {
		if !strings.HasSuffix(text, "X") {
			return template{}, fmt.Errorf("with --suffix, template %s must end in X", quote(text))
		}
		suffix = *req.suffix
		text += suffix
	} else if i := strings.LastIndexByte(text, 'X'); i >= 0 {
		suffix = text[i+1:]
	}
	if hasDirSeparator(suffix) {
		return template{}, fmt.Errorf("invalid suffix %s, contains directory separator", quote(suffix))
	}
	stem := text[:len(text)-len(suffix)]
	xCount := len(stem) - len(strings.TrimRight(stem, "X"))
	if xCount < 3 {
		return template{}, fmt.Errorf("too few X's in template %s", quote(text))
	}

	if req.useDestDir {
		dir := req.destDir
		if req.tOption {
			if env, _ := c.getenv("TMPDIR"); env != "" {
				dir = env
			}
			if hasDirSeparator(text) {
				return template{}, fmt.Errorf("invalid template, %s, contains directory separator", quote(text))
			}
		} else {
			if strings.HasPrefix(text, "/") || filepath.IsAbs(text) {
				return template{}, fmt.Errorf("invalid template, %s; with --tmpdir, it may not be absolute", quote(text))
			}
		}
		if dir == "" {
			if env, _ := c.getenv("TMPDIR"); env != "" {
				dir = env
			} else {
				dir = "/tmp"
			}
		}
		text = joinDir(dir, text)
	}
	return template{text: text, xCount: xCount, suffixLen: len(suffix)}, nil
}

// hasDirSeparator reports whether s has more than one path component:
// whether it starts with '/' or has a '/' followed by something else.
// Trailing slashes alone do not count, as in GNU mktemp.
// On Windows a backslash is a separator too.
func hasDirSeparator(s string) bool {
	trimmed := strings.TrimRight(s, separators)
	return (s != "" && strings.ContainsRune(separators, rune(s[0]))) || strings.ContainsAny(trimmed, separators)
}

// separators are the characters that separate path components.
const separators = "/" + string(filepath.Separator)

// joinDir puts dir in front of name as GNU's file_name_concat does: one
// '/' between them, trailing slashes of dir dropped unless dir is all
// slashes, and nothing cleaned otherwise.
func joinDir(dir, name string) string {
	trimmed := strings.TrimRight(dir, "/")
	if trimmed == "" {
		return dir + name // "/" or "//": a root
	}
	return trimmed + "/" + name
}

// createTemp makes an entry of the given kind named after tmpl, retrying
// with new random characters while the name exists, and returns its name.
// resolve maps a name to the one the filesystem is given. Only an error
// matching fs.ErrExist leads to another try.
func createTemp(fsys vfs.Fs, resolve func(string) string, tmpl template, kind createKind, rnd io.Reader) (string, error) {
	name := []byte(tmpl.text)
	end := len(name) - tmpl.suffixLen
	xs := name[end-tmpl.xCount : end]
	next := func() (string, error) {
		if err := randomChars(rnd, xs); err != nil {
			return "", err
		}
		return string(name), nil
	}
	n, err := randname.Try("create", tmpl.text, maxAttempts, next, func(n string) error { return create(fsys, resolve(n), kind) })
	if errors.Is(err, randname.ErrExhausted) {
		return "", &fs.PathError{Op: "create", Path: tmpl.text, Err: syscall.EEXIST}
	}
	return n, err
}

func create(fsys vfs.Fs, name string, kind createKind) error {
	switch kind {
	case createDir:
		return fsys.Mkdir(name, 0o700)
	case createNothing:
		_, err := vfs.Lstat(fsys, name)
		switch {
		case err == nil:
			return &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrExist}
		case errors.Is(err, fs.ErrNotExist):
			return nil
		}
		return err
	}
	f, err := vfs.CreateExclusive(fsys, name, 0o600)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return errors.Join(err, fsys.Remove(name))
	}
	return nil
}

// randomChars fills b with characters from nameChars, each equally likely.
func randomChars(rnd io.Reader, b []byte) error {
	return randname.Fill(b, nameChars, rnd)
}
