package cli

import (
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// FuzzMktempTemplate feeds mktemp arbitrary templates and suffixes, with a
// random source that always yields 'a', and checks what it prints against
// the template rules: on success, the template (with --suffix appended)
// with its last run of X's, at least 3 long and in the last component,
// replaced by 'a's; on failure, one diagnostic line and nothing else.
func FuzzMktempTemplate(f *testing.F) {
	for _, seed := range []struct {
		tmpl, suffix string
		useSuffix    bool
	}{
		{"fooXXX", "", false}, {"fooXXXbar", "", false}, {"a/bXXX", "", false}, {"XXXa/b", "", false},
		{"fooXXX", ".txt", true}, {"fooXXX", "a/b", true}, {"foo", "x", true}, {"XXX/", "", false},
		{"fooXXXb/", "", false}, {"XXXXXX", "XX", true}, {"", "", false}, {"/XXX", "", false},
		{"\xffXXX\n", "", false}, {"X/XXX", "/", true},
	} {
		f.Add(seed.tmpl, seed.suffix, seed.useSuffix)
	}
	f.Fuzz(func(t *testing.T, tmpl, suffix string, useSuffix bool) {
		args := []string{"mktemp", "-u"}
		if useSuffix {
			args = append(args, "--suffix="+suffix)
		}
		args = append(args, "--", tmpl)
		code, stdout, stderr := runCLI(&CLI{FS: afero.NewMemMapFs(), Rand: constRand(0)}, args...)

		text := tmpl
		if useSuffix {
			text += suffix
		}
		want, ok := expectedName(tmpl, text, useSuffix)
		if !ok {
			if code != 1 || stdout != "" || !strings.HasPrefix(stderr, "tempvfs mktemp: ") || strings.Count(stderr, "\n") != 1 {
				t.Fatalf("%q: status %d, stdout %q, stderr %q; want one diagnostic and status 1", args, code, stdout, stderr)
			}
			return
		}
		if code != 0 || stdout != want+"\n" || stderr != "" {
			t.Fatalf("%q: status %d, stdout %q, stderr %q; want %q", args, code, stdout, stderr, want)
		}
	})
}

// expectedName applies the template rules to text, the template with any
// --suffix appended, independently of the code under test: it reports
// whether the template is valid and what name it gives when every random
// character is 'a'.
func expectedName(tmpl, text string, useSuffix bool) (string, bool) {
	var end int // the X run ends here
	switch {
	case useSuffix && !strings.HasSuffix(tmpl, "X"):
		return "", false
	case useSuffix:
		end = len(tmpl)
	default:
		end = strings.LastIndex(text, "X") + 1
	}
	start := end
	for start > 0 && text[start-1] == 'X' {
		start--
	}
	suffix := text[end:]
	// The suffix may end in slashes, but may not start with one or hold
	// one before anything else.
	if strings.HasPrefix(suffix, "/") || strings.Contains(strings.TrimRight(suffix, "/"), "/") {
		return "", false
	}
	if end-start < 3 {
		return "", false
	}
	return text[:start] + strings.Repeat("a", end-start) + suffix, true
}
