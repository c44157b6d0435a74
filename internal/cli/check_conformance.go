package cli

import (
	"slices"

	"github.com/tempvfs/tempvfs/conformance/suite"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/tempfile"
	"github.com/tempvfs/tempvfs/vfs"
)

type conformanceSummary struct {
	Passed   int            `json:"passed"`
	Failed   int            `json:"failed"`
	Skipped  int            `json:"skipped"`
	Groups   []groupSummary `json:"groups"`
	Failures []suite.Result `json:"failures"`
	Skips    []suite.Result `json:"skips"`
}

type groupSummary struct {
	Group   string `json:"group"`
	Passed  int    `json:"passed"`
	Failed  int    `json:"failed"`
	Skipped int    `json:"skipped"`
}

// runConformance runs the conformance checks (package suite, which,
// unlike package conformance, imports no package testing) with the
// operating system's filesystem, each in a new directory inside dir.
func runConformance(dir string) *conformanceSummary {
	fsys := osbackend.New()
	rep := suite.Check("osbackend in "+dir, func() (vfs.Fs, string, func(), error) {
		d, err := tempfile.NewDir(fsys, tempfile.WithDir(dir), tempfile.WithPrefix(checkDirPrefix))
		if err != nil {
			return nil, "", nil, err
		}
		return fsys, d.Path(), func() { _ = d.Cleanup() }, nil
	})
	s := &conformanceSummary{Groups: []groupSummary{}, Failures: []suite.Result{}, Skips: []suite.Result{}}
	for _, res := range rep.Results {
		i := slices.IndexFunc(s.Groups, func(g groupSummary) bool { return g.Group == res.Group })
		if i < 0 {
			s.Groups = append(s.Groups, groupSummary{Group: res.Group})
			i = len(s.Groups) - 1
		}
		g := &s.Groups[i]
		switch res.Status {
		case suite.Pass:
			s.Passed++
			g.Passed++
		case suite.Skip:
			s.Skipped++
			g.Skipped++
			s.Skips = append(s.Skips, res)
		default:
			s.Failed++
			g.Failed++
			s.Failures = append(s.Failures, res)
		}
	}
	return s
}
