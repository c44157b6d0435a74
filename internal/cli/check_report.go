package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// checkReport is what check finds; it is printed as a table or as JSON.
// The JSON field names are documented in checkHelp and are stable.
type checkReport struct {
	Dir          string              `json:"dir"`
	OK           bool                `json:"ok"`
	Quick        bool                `json:"quick"`
	Safety       safetyReport        `json:"safety"`
	Filesystem   filesystemReport    `json:"filesystem"`
	Capabilities []capability        `json:"capabilities"`
	Conformance  *conformanceSummary `json:"conformance"`
	CreateTime   *createTimeReport   `json:"create_time"`
}

type safetyReport struct {
	Safe bool `json:"safe"`
	// Reason says why DIR is safe ("owned by you, mode 0700") or, when
	// it is not, sums up its problems ("a symbolic link").
	Reason        string   `json:"reason"`
	Mode          string   `json:"mode"`
	Perm          string   `json:"perm"`
	Symlink       bool     `json:"symlink"`
	WorldWritable bool     `json:"world_writable"`
	GroupWritable bool     `json:"group_writable"`
	Sticky        bool     `json:"sticky"`
	OwnerUID      *int     `json:"owner_uid"`
	Problems      []string `json:"problems"`
	Warnings      []string `json:"warnings"`
}

type filesystemReport struct {
	Type  string `json:"type"`
	Magic string `json:"magic"`
}

type createTimeReport struct {
	Creates        int   `json:"creates"`
	OsbackendNs    int64 `json:"osbackend_ns"`
	OSCreateTempNs int64 `json:"os_createtemp_ns"`
}

// writeText prints the report as the table that check prints by
// default.
func (r *checkReport) writeText(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Directory\t%s\n", r.Dir)
	owner := "unknown"
	if r.Safety.OwnerUID != nil {
		owner = fmt.Sprint(*r.Safety.OwnerUID)
	}
	fmt.Fprintf(tw, "  mode\t%s (%s), owner uid %s\n", r.Safety.Mode, r.Safety.Perm, owner)
	fmt.Fprintf(tw, "  symbolic link\t%s\n", yesNo(r.Safety.Symlink))
	fmt.Fprintf(tw, "  world-writable\t%s\n", yesNo(r.Safety.WorldWritable))
	fmt.Fprintf(tw, "  group-writable\t%s\n", yesNo(r.Safety.GroupWritable))
	fmt.Fprintf(tw, "  sticky\t%s\n", yesNo(r.Safety.Sticky))
	fmt.Fprintf(tw, "  safe\t%s (%s)\n", yesNo(r.Safety.Safe), r.Safety.Reason)
	for _, p := range r.Safety.Problems {
		fmt.Fprintf(tw, "  unsafe:\t%s\n", p)
	}
	for _, p := range r.Safety.Warnings {
		fmt.Fprintf(tw, "  warning:\t%s\n", p)
	}
	fmt.Fprintf(tw, "\nFilesystem\t%s", r.Filesystem.Type)
	if r.Filesystem.Magic != "" {
		fmt.Fprintf(tw, " (statfs magic %s)", r.Filesystem.Magic)
	}
	fmt.Fprintf(tw, "\n\nCapabilities\n")
	for _, c := range r.Capabilities {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", capLabels[c.Name], c.Status, c.Detail)
	}
	if t := r.CreateTime; t != nil {
		fmt.Fprintf(tw, "\nCreate time\tmedian of %d\n", t.Creates)
		fmt.Fprintf(tw, "  osbackend exclusive create\t%s\n", formatNs(t.OsbackendNs))
		fmt.Fprintf(tw, "  os.CreateTemp\t%s\n", formatNs(t.OSCreateTempNs))
	}
	if s := r.Conformance; s != nil {
		fmt.Fprintf(tw, "\nConformance\t%d passed, %d failed, %d skipped\n", s.Passed, s.Failed, s.Skipped)
		for _, g := range s.Groups {
			fmt.Fprintf(tw, "  %s\t%d passed, %d failed, %d skipped\n", g.Group, g.Passed, g.Failed, g.Skipped)
		}
	} else if r.Quick {
		fmt.Fprintf(tw, "\nConformance\tnot run (--quick)\n")
	} else {
		fmt.Fprintf(tw, "\nConformance\tnot run: no directory can be made in %s\n", r.Dir)
	}
	tw.Flush()
	if s := r.Conformance; s != nil {
		for _, f := range s.Failures {
			fmt.Fprintf(w, "\nFAIL %s: %s\n    %s\n", f.Check, f.Promise, strings.ReplaceAll(f.Message, "\n", "\n    "))
		}
		if len(s.Skips) > 0 {
			fmt.Fprintln(w)
		}
		for _, f := range s.Skips {
			fmt.Fprintf(w, "skip %s: %s\n", f.Check, f.Message)
		}
	}
	verdict := "ok"
	if !r.OK {
		var why []string
		if !r.Safety.Safe {
			why = append(why, "the directory is unsafe or unusable")
		}
		if r.Conformance != nil && r.Conformance.Failed > 0 {
			why = append(why, "conformance checks failed")
		}
		verdict = "not ok: " + strings.Join(why, "; ")
	}
	fmt.Fprintf(w, "\nResult: %s\n", verdict)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// formatNs renders a duration in nanoseconds, or "failed" for -1.
func formatNs(ns int64) string {
	if ns < 0 {
		return "failed"
	}
	return time.Duration(ns).Round(100 * time.Nanosecond).String()
}
