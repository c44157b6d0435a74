package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `goos: linux
BenchmarkX/tmpfs/floor-2         	    7844	     10000 ns/op	     147 B/op	       3 allocs/op
BenchmarkX/tmpfs/mine-2          	   10000	     11000 ns/op	     263 B/op	       6 allocs/op
BenchmarkY/alone                 	   10000	       250.5 ns/op
PASS
`

func TestParse(t *testing.T) {
	t.Parallel()
	got := parse(strings.NewReader(sample))
	require.Len(t, got, 3)
	assert.Equal(t, result{"BenchmarkX/tmpfs/floor", 10000, 147, 3, "2"}, got[0])
	assert.Equal(t, result{"BenchmarkY/alone", 250.5, -1, -1, ""}, got[2])
}

func TestSummarizeUsesPerRoundRatios(t *testing.T) {
	t.Parallel()
	round := func(floor, mine float64) []result {
		return []result{{"BenchmarkX/tmpfs/floor", floor, 0, 0, ""}, {"BenchmarkX/tmpfs/mine", mine, 0, 0, ""}}
	}
	// The machine slows down between rounds; the ratio within each round
	// stays 1.1 while the ratio of the medians would not.
	rounds := [][]result{round(100, 110), round(1000, 1100), round(200, 220)}
	var b strings.Builder
	summarize(&b, rounds, "floor")
	assert.Contains(t, b.String(), "| X/tmpfs/mine | 220.0 ns | ×1.10 |")
	assert.Contains(t, b.String(), "| X/tmpfs/floor | 200.0 ns | ×1.00 |")
}

func TestMedian(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 2.0, median([]float64{3, 1, 2}))
	assert.Equal(t, 2.5, median([]float64{4, 1, 2, 3}))
	assert.Equal(t, 0.0, median(nil))
}

// The variants of -cpu are kept apart, each against its own baseline, and
// B/op is the median over the rounds, not the last round's.
func TestSummarizeKeepsCPUVariantsApart(t *testing.T) {
	t.Parallel()
	round := func(b1, m1, b2, m2, bytes float64) []result {
		return []result{
			{"BenchmarkP/impl=os", b1, 100, 1, "1"}, {"BenchmarkP/impl=tempvfs", m1, bytes, 2, "1"},
			{"BenchmarkP/impl=os", b2, 100, 1, "2"}, {"BenchmarkP/impl=tempvfs", m2, bytes, 2, "2"},
		}
	}
	rounds := [][]result{round(100, 120, 50, 100, 10), round(100, 120, 50, 100, 30), round(100, 120, 50, 100, 20)}
	var b strings.Builder
	summarize(&b, rounds, "impl=os")
	out := b.String()
	assert.Contains(t, out, "| P/impl=tempvfs-1 | 120.0 ns | ×1.20 | 20 | 2 |")
	assert.Contains(t, out, "| P/impl=tempvfs-2 | 100.0 ns | ×2.00 | 20 | 2 |")
}
