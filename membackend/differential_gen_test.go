//go:build linux

package membackend_test

import (
	"bufio"
	"io/fs"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// decodeOps turns bytes into operations, five bytes each.
func decodeOps(data []byte) []diffOp {
	var ops []diffOp
	for len(data) >= 5 {
		ops = append(ops, diffOp{data[0], data[1], data[2], data[3], data[4]})
		data = data[5:]
	}
	return ops
}

// randomOps returns n operations of the base variant from a seeded
// generator, weighted towards building a tree first.
func randomOps(seed uint64, n int) []diffOp { return randomKinds(seed, n, opCount) }

// randomKinds is randomOps for a variant that runs kinds operations.
func randomKinds(seed uint64, n int, kinds byte) []diffOp {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := func() byte { return byte(r.UintN(256)) }
	ops := []diffOp{
		{opMkdir, 2, 0, 2, 0},     // d
		{opWriteFile, 0, 0, 2, 0}, // a
		{opWriteFile, 3, 0, 3, 0}, // d/a
		{opSymlink, 0, 11, 0, 0},  // l -> a
	}
	for range n {
		ops = append(ops, diffOp{byte(r.UintN(uint(kinds))), b(), b(), b(), b()})
	}
	return ops
}

// processUmask reads the umask from /proc without changing it.
func processUmask(t testing.TB) fs.FileMode {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0o022
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Umask:"); ok {
			m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32)
			require.NoError(t, err)
			return fs.FileMode(m)
		}
	}
	return 0o022
}
