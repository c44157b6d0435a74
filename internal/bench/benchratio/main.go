// Command benchratio runs Go benchmarks in interleaved rounds and prints,
// for each benchmark, its median time and the median over rounds of its
// ratio to a baseline benchmark of the same group. On a shared, noisy
// machine a ratio measured within one round is steadier than the ratio of
// two medians measured minutes apart.
//
// Usage:
//
//	go run ./internal/bench/benchratio [-rounds 8] [-benchtime 200ms] [-base floor] -bench REGEXP PKG...
//
// Benchmarks are grouped by their name up to the last "/": in the group
// BenchmarkX/tmpfs, the sub-benchmark named -base (default "floor"; the
// peers are named as benchstat's -col takes them, such as impl=os) is the
// baseline of every other one. A group without it is printed without
// ratios. The variants that -cpu makes are kept apart: each is compared
// with the baseline run at the same GOMAXPROCS, and the suffix (-1, -2)
// is shown when there is more than one. Times, B/op and allocs/op are
// medians over the rounds.
//
// Where no per-round ratio is wanted, benchstat does the job:
//
//	go test -run '^$' -bench . -count 8 ./PKG > new.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl new.txt
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// result is one benchmark line of one round.
type result struct {
	name   string
	ns     float64
	bytes  float64
	allocs float64
	procs  string // the -N suffix's N: GOMAXPROCS; "" without one
}

var lineRE = regexp.MustCompile(`^(Benchmark\S+?)(?:-(\d+))?\s+\d+\s+([0-9.]+) ns/op(.*)$`)

// parse reads the benchmark lines of go test's output.
func parse(r io.Reader) []result {
	var out []result
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := lineRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		ns, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			continue
		}
		res := result{name: m[1], ns: ns, bytes: -1, allocs: -1, procs: m[2]}
		fields := strings.Fields(m[4])
		for i := 0; i+1 < len(fields); i++ {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			switch fields[i+1] {
			case "B/op":
				res.bytes = v
			case "allocs/op":
				res.allocs = v
			}
		}
		out = append(out, res)
	}
	return out
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func group(name string) (string, string) {
	i := strings.LastIndex(name, "/")
	if i < 0 {
		return name, ""
	}
	return name[:i], name[i+1:]
}

// key identifies a benchmark with its GOMAXPROCS.
type key struct{ name, procs string }

// summarize writes one table row per benchmark and GOMAXPROCS, in
// first-seen order.
func summarize(w io.Writer, rounds [][]result, base string) {
	var order []key
	ns, bytes, allocs, ratios := map[key][]float64{}, map[key][]float64{}, map[key][]float64{}, map[key][]float64{}
	procs := map[string]bool{}
	for _, round := range rounds {
		byKey := map[key]float64{}
		for _, r := range round {
			k := key{r.name, r.procs}
			procs[r.procs] = true
			byKey[k] = r.ns
			if _, seen := ns[k]; !seen {
				order = append(order, k)
			}
			ns[k] = append(ns[k], r.ns)
			if r.bytes >= 0 {
				bytes[k] = append(bytes[k], r.bytes)
			}
			if r.allocs >= 0 {
				allocs[k] = append(allocs[k], r.allocs)
			}
		}
		for _, r := range round {
			g, _ := group(r.name)
			if b, ok := byKey[key{g + "/" + base, r.procs}]; ok && b > 0 {
				k := key{r.name, r.procs}
				ratios[k] = append(ratios[k], r.ns/b)
			}
		}
	}
	fmt.Fprintf(w, "| benchmark | median | ×%s (median of per-round ratios) | B/op | allocs/op |\n|---|---|---|---|---|\n", base)
	for _, k := range order {
		ratio := "–"
		if rs := ratios[k]; len(rs) > 0 {
			ratio = fmt.Sprintf("×%.2f", median(rs))
		}
		name := strings.TrimPrefix(k.name, "Benchmark")
		if len(procs) > 1 && k.procs != "" {
			name += "-" + k.procs
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", name,
			formatNs(median(ns[k])), ratio, formatMedian(bytes[k]), formatMedian(allocs[k]))
	}
}

// formatMedian formats the median of vs, or "–" for none.
func formatMedian(vs []float64) string {
	if len(vs) == 0 {
		return "–"
	}
	return strconv.FormatFloat(median(vs), 'f', -1, 64)
}

func formatNs(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	default:
		return fmt.Sprintf("%.1f ns", ns)
	}
}

func main() {
	rounds := flag.Int("rounds", 8, "interleaved rounds")
	benchtime := flag.String("benchtime", "200ms", "go test -benchtime")
	bench := flag.String("bench", ".", "go test -bench")
	cpu := flag.String("cpu", "", "go test -cpu")
	base := flag.String("base", "floor", "the sub-benchmark every other one in its group is divided by")
	raw := flag.String("raw", "", "also append go test's raw output to this file")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: benchratio [flags] -bench REGEXP PKG...")
		os.Exit(2)
	}
	var all [][]result
	for i := range *rounds {
		args := []string{"test", "-run", "^$", "-bench", *bench, "-benchtime", *benchtime, "-benchmem", "-count", "1"}
		if *cpu != "" {
			args = append(args, "-cpu", *cpu)
		}
		args = append(args, flag.Args()...)
		var out bytes.Buffer
		cmd := exec.Command("go", args...)
		cmd.Stdout, cmd.Stderr = &out, os.Stderr
		if err := cmd.Run(); err != nil {
			os.Stderr.Write(out.Bytes())
			fmt.Fprintf(os.Stderr, "round %d: %v\n", i+1, err)
			os.Exit(1)
		}
		if *raw != "" {
			if f, err := os.OpenFile(*raw, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
				f.Write(out.Bytes())
				f.Close()
			}
		}
		all = append(all, parse(&out))
		fmt.Fprintf(os.Stderr, "round %d/%d done\n", i+1, *rounds)
	}
	summarize(os.Stdout, all, *base)
}
