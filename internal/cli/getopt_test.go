package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGetopt(t *testing.T) {
	t.Parallel()
	options := []option{
		{id: "a", short: 'a', long: "all"},
		{id: "b", short: 'b'},
		{id: "f", short: 'f', long: "file", arg: requiredArg},
		{id: "o", long: "out", arg: optionalArg},
		{id: "k", long: "keep"},
		{id: "kc", long: "keep-cwd"},
		{id: "v", long: "verbose"},
		{id: "ve", long: "version"},
	}
	opt := func(id string) parsedOption { return parsedOption{id: id} }
	val := func(id, v string) parsedOption { return parsedOption{id: id, value: v, hasValue: true} }
	tests := []struct {
		name     string
		args     []string
		noPerm   bool
		opts     []parsedOption
		operands []string
		err      string
	}{
		{name: "empty"},
		{name: "operands only", args: []string{"x", "y"}, operands: []string{"x", "y"}},
		{name: "bundled shorts", args: []string{"-ab"}, opts: []parsedOption{opt("a"), opt("b")}},
		{name: "attached argument", args: []string{"-fNAME"}, opts: []parsedOption{val("f", "NAME")}},
		{name: "bundle ending in attached argument", args: []string{"-abfNAME"}, opts: []parsedOption{opt("a"), opt("b"), val("f", "NAME")}},
		{name: "argument in next word", args: []string{"-f", "NAME", "x"}, opts: []parsedOption{val("f", "NAME")}, operands: []string{"x"}},
		{name: "argument that looks like an option", args: []string{"-f", "-a"}, opts: []parsedOption{val("f", "-a")}},
		{name: "empty argument", args: []string{"-f", ""}, opts: []parsedOption{val("f", "")}},
		{name: "long", args: []string{"--all"}, opts: []parsedOption{opt("a")}},
		{name: "long with =", args: []string{"--file=N"}, opts: []parsedOption{val("f", "N")}},
		{name: "long with = empty", args: []string{"--file="}, opts: []parsedOption{val("f", "")}},
		{name: "long required in next word", args: []string{"--file", "N"}, opts: []parsedOption{val("f", "N")}},
		{name: "long optional without value", args: []string{"--out", "x"}, opts: []parsedOption{opt("o")}, operands: []string{"x"}},
		{name: "long optional with value", args: []string{"--out=D"}, opts: []parsedOption{val("o", "D")}},
		{name: "unambiguous prefix", args: []string{"--fi=N", "--al"}, opts: []parsedOption{val("f", "N"), opt("a")}},
		{name: "exact name beats longer ones", args: []string{"--keep"}, opts: []parsedOption{opt("k")}},
		{name: "prefix of the longer name", args: []string{"--keep-"}, opts: []parsedOption{opt("kc")}},
		{name: "ambiguous prefix", args: []string{"--kee"}, err: "option '--kee' is ambiguous; possibilities: '--keep' '--keep-cwd'"},
		{name: "ambiguous with value", args: []string{"--ver=1"}, err: "option '--ver=1' is ambiguous; possibilities: '--verbose' '--version'"},
		{name: "unrecognized", args: []string{"--nope=1"}, err: "unrecognized option '--nope=1'"},
		{name: "argument not allowed", args: []string{"--al=1"}, err: "option '--all' doesn't allow an argument"},
		{name: "argument missing", args: []string{"--file"}, err: "option '--file' requires an argument"},
		{name: "short argument missing", args: []string{"-af"}, opts: []parsedOption{opt("a")}, err: "option requires an argument -- 'f'"},
		{name: "invalid short", args: []string{"-az"}, opts: []parsedOption{opt("a")}, err: "invalid option -- 'z'"},
		{name: "options before an error are returned", args: []string{"-a", "--nope"}, opts: []parsedOption{opt("a")}, err: "unrecognized option '--nope'"},
		{name: "double dash ends options", args: []string{"-a", "--", "-b", "--"}, opts: []parsedOption{opt("a")}, operands: []string{"-b", "--"}},
		{name: "single dash is an operand", args: []string{"-", "-a"}, opts: []parsedOption{opt("a")}, operands: []string{"-"}},
		{name: "permutation", args: []string{"x", "-a", "y", "-b"}, opts: []parsedOption{opt("a"), opt("b")}, operands: []string{"x", "y"}},
		{name: "no permutation", args: []string{"-a", "x", "-b"}, noPerm: true, opts: []parsedOption{opt("a")}, operands: []string{"x", "-b"}},
		{name: "no permutation after double dash", args: []string{"--", "-a"}, noPerm: true, operands: []string{"-a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts, operands, err := getopt{options: options, permute: !tt.noPerm}.parse(tt.args)
			assert.Equal(t, tt.opts, opts, "options")
			if tt.err != "" {
				var ue *usageError
				if assert.ErrorAs(t, err, &ue) {
					assert.Equal(t, tt.err, ue.Error())
				}
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, tt.operands, operands, "operands")
		})
	}
}
