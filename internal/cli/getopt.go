package cli

import (
	"fmt"
	"strings"
)

// argKind says whether an option takes an argument.
type argKind int

const (
	noArg       argKind = iota // --name
	requiredArg                // --name=VALUE, --name VALUE, -xVALUE, -x VALUE
	optionalArg                // --name or --name=VALUE (never the next word)
)

// option describes one command-line option. An option has a long name, a
// short letter, or both; id is what the parser reports when it is seen.
type option struct {
	id    string
	long  string // without the leading "--"; "" if none
	short byte   // 0 if none
	arg   argKind
}

// parsedOption is one option occurrence, in command-line order.
type parsedOption struct {
	id       string
	value    string
	hasValue bool
}

// getopt parses command lines the way GNU getopt_long does: short options
// may be bundled (-dq) and take their argument attached (-pDIR) or as the
// next word (-p DIR); long options take theirs after "=" or, when the
// argument is required, as the next word; a long option may be abbreviated
// to any prefix that is unambiguous; "--" ends the options; "-" alone is an
// operand.
type getopt struct {
	options []option
	// permute lets options follow operands, as GNU does by default; when
	// false, the first operand ends the options (POSIX, and what a command
	// that runs another command needs).
	permute bool
}

// usageError is a malformed command line. Its text is the diagnostic
// without the program name.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// parse returns the options in the order they appear and the operands. If
// the command line is malformed it returns the options before the error,
// so that a --help seen earlier can still take effect as it does in GNU
// programs, together with a *usageError worded like glibc's.
func (g getopt) parse(args []string) ([]parsedOption, []string, error) {
	var (
		opts     []parsedOption
		operands []string
	)
	for i := 0; i < len(args); i++ {
		arg := args[i]
		switch {
		case arg == "--":
			return opts, append(operands, args[i+1:]...), nil
		case strings.HasPrefix(arg, "--"):
			p, consumed, err := g.parseLong(arg, args[i+1:])
			if err != nil {
				return opts, operands, err
			}
			opts = append(opts, p)
			i += consumed
		case len(arg) > 1 && arg[0] == '-':
			ps, consumed, err := g.parseShort(arg, args[i+1:])
			opts = append(opts, ps...)
			if err != nil {
				return opts, operands, err
			}
			i += consumed
		default:
			if !g.permute {
				return opts, append(operands, args[i:]...), nil
			}
			operands = append(operands, arg)
		}
	}
	return opts, operands, nil
}

// parseLong parses arg, which starts with "--", taking its argument from
// rest when needed; consumed is how many words of rest it used.
func (g getopt) parseLong(arg string, rest []string) (p parsedOption, consumed int, err error) {
	name, value, hasValue := strings.Cut(arg[2:], "=")
	o, err := g.lookupLong(arg, name)
	if err != nil {
		return p, 0, err
	}
	p = parsedOption{id: o.id, value: value, hasValue: hasValue}
	switch o.arg {
	case noArg:
		if hasValue {
			return p, 0, usagef("option '--%s' doesn't allow an argument", o.long)
		}
	case requiredArg:
		if !hasValue {
			if len(rest) == 0 {
				return p, 0, usagef("option '--%s' requires an argument", o.long)
			}
			p.value, p.hasValue, consumed = rest[0], true, 1
		}
	}
	return p, consumed, nil
}

// lookupLong finds the option whose long name is name or, failing that,
// the only one that name abbreviates.
func (g getopt) lookupLong(arg, name string) (*option, error) {
	var matches []*option
	for i := range g.options {
		o := &g.options[i]
		if o.long == "" {
			continue
		}
		if o.long == name {
			return o, nil
		}
		if strings.HasPrefix(o.long, name) {
			matches = append(matches, o)
		}
	}
	switch len(matches) {
	case 0:
		return nil, usagef("unrecognized option '%s'", arg)
	case 1:
		return matches[0], nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "option '%s' is ambiguous; possibilities:", arg)
	for _, o := range matches {
		fmt.Fprintf(&b, " '--%s'", o.long)
	}
	return nil, &usageError{msg: b.String()}
}

// parseShort parses a bundle of short options such as "-dq" or "-pDIR".
func (g getopt) parseShort(arg string, rest []string) ([]parsedOption, int, error) {
	var opts []parsedOption
	for j := 1; j < len(arg); j++ {
		c := arg[j]
		o := g.lookupShort(c)
		if o == nil {
			return opts, 0, usagef("invalid option -- '%c'", c)
		}
		if o.arg == noArg {
			opts = append(opts, parsedOption{id: o.id})
			continue
		}
		if j+1 < len(arg) {
			return append(opts, parsedOption{id: o.id, value: arg[j+1:], hasValue: true}), 0, nil
		}
		if o.arg == optionalArg {
			return append(opts, parsedOption{id: o.id}), 0, nil
		}
		if len(rest) == 0 {
			return opts, 0, usagef("option requires an argument -- '%c'", c)
		}
		return append(opts, parsedOption{id: o.id, value: rest[0], hasValue: true}), 1, nil
	}
	return opts, 0, nil
}

func (g getopt) lookupShort(c byte) *option {
	for i := range g.options {
		if g.options[i].short == c && c != 0 {
			return &g.options[i]
		}
	}
	return nil
}
