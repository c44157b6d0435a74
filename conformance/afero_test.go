package conformance_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/conformance"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// go generate rewrites testdata/afero.golden, testdata/afero.md and the
// table in the repository's README.md.
//go:generate go test -run TestAferoResults -update .

var update = flag.Bool("update", false, "rewrite testdata/afero.golden, testdata/afero.md and README.md's table from this run")

// aferoBackends are afero's own filesystems and, beside BasePathFs(OsFs)
// for comparison, osbackend.OpenRoot, which confines to a directory where
// BasePathFs only prefixes names. They are not expected to keep every
// promise: their results are recorded in testdata/afero.golden, and
// TestAferoResults fails when a result changes.
func aferoBackends(t *testing.T) []struct {
	name  string
	newFS conformance.Factory
} {
	root := t.TempDir()
	osTemp := func(newFS func(dir string) (vfs.Fs, string)) conformance.Factory {
		return func() (vfs.Fs, string, func(), error) {
			dir, err := os.MkdirTemp(root, "")
			if err != nil {
				return nil, "", nil, err
			}
			fsys, d := newFS(dir)
			return fsys, d, func() { os.RemoveAll(dir) }, nil
		}
	}
	inMemory := func(newFS func() vfs.Fs, dir string) conformance.Factory {
		return func() (vfs.Fs, string, func(), error) {
			fsys := newFS()
			return fsys, dir, nil, fsys.MkdirAll(dir, 0o700)
		}
	}
	return []struct {
		name  string
		newFS conformance.Factory
	}{
		{"OsFs", osTemp(func(dir string) (vfs.Fs, string) { return afero.NewOsFs(), dir })},
		{"MemMapFs", inMemory(afero.NewMemMapFs, "/tmp/conformance")},
		{"BasePathFs(OsFs)", osTemp(func(dir string) (vfs.Fs, string) {
			return afero.NewBasePathFs(afero.NewOsFs(), dir), string(filepath.Separator)
		})},
		{"osbackend.OpenRoot", func() (vfs.Fs, string, func(), error) {
			dir, err := os.MkdirTemp(root, "")
			if err != nil {
				return nil, "", nil, err
			}
			r, err := osbackend.OpenRoot(dir)
			if err != nil {
				os.RemoveAll(dir)
				return nil, "", nil, err
			}
			return r, string(filepath.Separator), func() { r.Close(); os.RemoveAll(dir) }, nil
		}},
		{"BasePathFs(MemMapFs)", inMemory(func() vfs.Fs {
			base := afero.NewMemMapFs()
			_ = base.MkdirAll("/base", 0o700)
			return afero.NewBasePathFs(base, "/base")
		}, "/")},
		{"CopyOnWriteFs(OsFs,MemMapFs)", osTemp(func(dir string) (vfs.Fs, string) {
			return afero.NewCopyOnWriteFs(afero.NewOsFs(), afero.NewMemMapFs()), dir
		})},
	}
}

// onOS are the backends of aferoBackends on the operating system's
// filesystem, whose recorded results are Linux's.
var onOS = map[string]bool{"OsFs": true, "BasePathFs(OsFs)": true, "osbackend.OpenRoot": true, "CopyOnWriteFs(OsFs,MemMapFs)": true}

// A golden line is "backend check status", where status is pass, fail or
// skip, or alternatives such as "pass|fail" for a check that catches a
// race only when the race happens during the run.
type golden map[string]map[string]string // backend -> check -> status

const goldenFile = "testdata/afero.golden"

func readGolden(t *testing.T) (golden, []string) {
	f, err := os.Open(goldenFile)
	require.NoError(t, err)
	defer f.Close()
	g := golden{}
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		require.Len(t, fields, 3, "%s: bad line %q", goldenFile, line)
		if g[fields[0]] == nil {
			g[fields[0]] = map[string]string{}
			order = append(order, fields[0])
		}
		g[fields[0]][fields[1]] = fields[2]
	}
	require.NoError(t, sc.Err())
	return g, order
}

// allows reports whether the recorded status admits got. As root, the
// operating system does not enforce permission bits, and no afero
// filesystem does so itself: the Permission checks skip.
func allows(want string, check string, got conformance.Status) bool {
	if os.Geteuid() == 0 && strings.HasPrefix(check, "Permission/") {
		return got == conformance.Skip
	}
	for _, w := range strings.Split(want, "|") {
		if conformance.Status(w) == got {
			return true
		}
	}
	return false
}

func TestAferoResults(t *testing.T) {
	t.Parallel()
	var reports []conformance.Report
	for _, b := range aferoBackends(t) {
		reports = append(reports, conformance.Check(b.name, b.newFS))
	}
	if *update {
		writeGolden(t, reports)
	}
	g, order := readGolden(t)
	var names []string
	for _, r := range reports {
		names = append(names, r.Backend)
		want := g[r.Backend]
		require.NotNil(t, want, "%s has no results in %s", r.Backend, goldenFile)
		if runtime.GOOS == "windows" && onOS[r.Backend] {
			t.Logf("%s: the results recorded are Linux's; on Windows a filesystem of the operating system's keeps other promises (no Unix modes, sharing violations)", r.Backend)
			continue
		}
		seen := map[string]bool{}
		for _, res := range r.Results {
			seen[res.Check] = true
			w, ok := want[res.Check]
			if !assert.True(t, ok, "%s %s: no recorded result (run go test -run TestAferoResults -update)", r.Backend, res.Check) {
				continue
			}
			assert.True(t, allows(w, res.Check, res.Status), "%s %s: recorded %s, now %s: %s", r.Backend, res.Check, w, res.Status, res.Message)
		}
		for check := range want {
			assert.True(t, seen[check], "%s %s: recorded, but there is no such check", r.Backend, check)
		}
	}
	assert.Equal(t, names, order, "the backends in %s", goldenFile)

	// The table for the README comes from the recorded results, in which
	// a result that varies counts as a failure.
	md, err := os.ReadFile("testdata/afero.md")
	require.NoError(t, err)
	assert.Equal(t, aferoTable(g, order), string(md), "testdata/afero.md is out of date (run go test -run TestAferoResults -update)")
}

func writeGolden(t *testing.T, reports []conformance.Report) {
	old := golden{}
	if _, err := os.Stat(goldenFile); err == nil {
		old, _ = readGolden(t)
	}
	var b strings.Builder
	b.WriteString("# Results of the conformance checks on afero's filesystems (and osbackend.OpenRoot), checked by TestAferoResults.\n")
	b.WriteString("# Regenerate with: go generate ./conformance (which also writes afero.md, the README's table).\n")
	b.WriteString("# \"pass|fail\" marks a check that catches a race only when the race happens during the run;\n")
	b.WriteString("# the Permission checks are recorded as a non-root user sees them (as root they skip).\n")
	for _, r := range reports {
		for _, res := range r.Results {
			status := string(res.Status)
			if prev, ok := old[r.Backend][res.Check]; ok && (strings.Contains(prev, "|") || strings.HasPrefix(res.Check, "Permission/") && os.Geteuid() == 0) {
				status = prev // keep what a single run cannot decide
			}
			fmt.Fprintf(&b, "%s %s %s\n", r.Backend, res.Check, status)
		}
	}
	require.NoError(t, os.WriteFile(goldenFile, []byte(b.String()), 0o644))
	g, order := readGolden(t)
	table := aferoTable(g, order)
	require.NoError(t, os.WriteFile("testdata/afero.md", []byte(table), 0o644))
	readme, err := os.ReadFile(readmeFile)
	require.NoError(t, err)
	updated, err := replaceTable(string(readme), table)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(readmeFile, []byte(updated), 0o644))
}

// The README's table of afero's results lies between these markers, each
// on a line of its own; go generate rewrites what is between them.
const (
	readmeFile  = "../README.md"
	readmeBegin = "<!-- BEGIN conformance table -->\n"
	readmeEnd   = "<!-- END conformance table -->"
)

// replaceTable returns readme with the text between the markers replaced
// by table.
func replaceTable(readme, table string) (string, error) {
	begin := strings.Index(readme, readmeBegin)
	end := strings.Index(readme, readmeEnd)
	if begin < 0 || end < begin+len(readmeBegin) || strings.Count(readme, readmeBegin) != 1 || strings.Count(readme, readmeEnd) != 1 {
		return "", fmt.Errorf("%s: want one line %q followed by one line %q", readmeFile, strings.TrimSpace(readmeBegin), readmeEnd)
	}
	return readme[:begin+len(readmeBegin)] + table + readme[end:], nil
}

// TestREADMETable fails when the README's table differs from the one the
// recorded results produce, so that the README says what the checks find.
func TestREADMETable(t *testing.T) {
	t.Parallel()
	if *update {
		t.Skip("TestAferoResults rewrites the table")
	}
	g, order := readGolden(t)
	readme, err := os.ReadFile(readmeFile)
	require.NoError(t, err)
	want, err := replaceTable(string(readme), aferoTable(g, order))
	require.NoError(t, err)
	assert.Equal(t, want, string(readme), "README.md's conformance table is out of date (run go generate ./conformance)")
}

func TestReplaceTable(t *testing.T) {
	t.Parallel()
	const table = "| a |\n|---|\n| b |\n"
	for _, tc := range []struct{ name, readme, want string }{
		{"empty region", "x\n" + readmeBegin + readmeEnd + "\ny\n", "x\n" + readmeBegin + table + readmeEnd + "\ny\n"},
		{"old table", readmeBegin + "| old |\n" + readmeEnd, readmeBegin + table + readmeEnd},
		{"no markers", "x\n", ""},
		{"end before begin", readmeEnd + "\n" + readmeBegin, ""},
		{"two regions", readmeBegin + readmeEnd + "\n" + readmeBegin + readmeEnd, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := replaceTable(tc.readme, table)
			if tc.want == "" {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// aferoTable renders the recorded results as conformance.Markdown does.
func aferoTable(g golden, order []string) string {
	var reports []conformance.Report
	for _, backend := range order {
		r := conformance.Report{Backend: backend}
		var checks []string
		for check := range g[backend] {
			checks = append(checks, check)
		}
		sort.Strings(checks)
		for _, check := range checks {
			status := conformance.Status(g[backend][check])
			if strings.Contains(string(status), string(conformance.Fail)) {
				status = conformance.Fail
			}
			group, _, _ := strings.Cut(check, "/")
			r.Results = append(r.Results, conformance.Result{Group: group, Check: check, Status: status})
		}
		reports = append(reports, r)
	}
	return conformance.Markdown(reports...)
}
