//go:build linux

package membackend_test

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// workdirVariant runs every operation on names relative to the working
// directory, which starts at each side's root, and changes it: the OS side
// with os.Chdir, so no run of it may be parallel with another test.
var workdirVariant = &diffVariant{
	names: diffNames, targets: diffTargets, data: diffData, kinds: opCountWD, relative: true,
}

// TestDifferentialWorkingDir is TestDifferential on relative names after
// a Chdir, with Chdir and Getwd among the operations: a working directory
// that is renamed, moved, removed or reached through a symbolic link must
// resolve names, and be reported, as the process's is. It is not
// parallel: the process has one working directory. Run as root, it runs
// again as uid 65534, where Chdir also needs search permission.
func TestDifferentialWorkingDir(t *testing.T) {
	if os.Geteuid() == 0 && os.Getenv(nonRootEnv) == "" {
		t.Run("as nobody", func(t *testing.T) { runAsNobody(t, "TestDifferentialWorkingDir") })
	}
	scripts := map[string][]diffOp{
		"relative names": {
			{opMkdir, 2, 0, 2, 0}, {opWriteFile, 3, 0, 2, 0}, {opGetwd, 0, 0, 0, 0},
			{opChdir, 2, 0, 0, 0}, {opGetwd, 0, 0, 0, 0}, {opStat, 0, 0, 0, 0},
			{opReadFile, 0, 0, 0, 0}, {opMkdir, 2, 0, 2, 0}, {opCreate, 1, 0, 0, 0},
			{opRename, 0, 6, 0, 0}, {opLink, 6, 0, 0, 0}, {opSymlink, 0, 11, 0, 0},
			{opReadDir, 15, 0, 0, 0}, {opChdir, 10, 0, 0, 0}, {opGetwd, 0, 0, 0, 0},
			{opRemoveAll, 2, 0, 0, 0}, {opCreateAnonymous, 15, 0, 0, 0},
		},
		"chdir errors": {
			{opWriteFile, 0, 0, 2, 0}, {opChdir, 0, 0, 0, 0}, {opChdir, 7, 0, 0, 0},
			{opChdir, 13, 0, 0, 0}, {opChdir, 1, 0, 0, 0}, {opMkdir, 2, 0, 4, 0},
			{opChdir, 2, 0, 0, 0}, {opGetwd, 0, 0, 0, 0}, {opChmod, 15, 0, 2, 0},
			{opChdir, 11, 0, 0, 0}, {opChdirAbs, 13, 0, 0, 0}, {opChdirAbs, 15, 0, 0, 0},
		},
		"moved": {
			{opMkdir, 2, 0, 2, 0}, {opMkdir, 5, 0, 2, 0}, {opChdir, 5, 0, 0, 0},
			{opWriteFile, 0, 0, 2, 0}, {opGetwd, 0, 0, 0, 0}, {opChdirAbs, 2, 0, 0, 0},
			{opGetwd, 0, 0, 0, 0}, {opChdir, 0, 0, 0, 0}, {opChdir, 6, 0, 0, 0},
			{opRenameAbs, 2, 6, 0, 0}, {opGetwd, 0, 0, 0, 0}, {opStat, 0, 0, 0, 0},
			{opRenameAbs, 6, 2, 0, 0}, {opGetwd, 0, 0, 0, 0}, {opMkdir, 2, 0, 2, 0},
			{opRenameAbs, 6, 3, 0, 0}, {opGetwd, 0, 0, 0, 0}, {opReadDir, 15, 0, 0, 0},
		},
		"removed": {
			{opMkdir, 2, 0, 2, 0}, {opChdir, 2, 0, 0, 0}, {opOpenFile, 15, 0, 0, 0},
			{opRemoveAbs, 2, 0, 0, 0}, {opGetwd, 0, 0, 0, 0}, {opStat, 15, 0, 0, 0},
			{opFStat, 0, 0, 0, 0}, {opCreate, 0, 0, 0, 0}, {opMkdir, 1, 0, 2, 0},
			{opStat, 0, 0, 0, 0}, {opReadDir, 15, 0, 0, 0}, {opSymlink, 0, 11, 0, 0},
			{opCreateAnonymous, 15, 0, 0, 0}, {opCreateExclusive, 0, 0, 0, 0},
			{opRemove, 15, 0, 0, 0}, {opRemoveAll, 1, 0, 0, 0}, {opChdir, 15, 0, 0, 0},
			{opGetwd, 0, 0, 0, 0}, {opMkdir, 2, 0, 2, 0}, {opChdirAbs, 2, 0, 0, 0},
			{opGetwd, 0, 0, 0, 0},
		},
		"through a symbolic link": {
			{opMkdir, 2, 0, 2, 0}, {opSymlink, 0, 11, 1, 0}, {opChdir, 11, 0, 0, 0},
			{opGetwd, 0, 0, 0, 0}, {opWriteFile, 0, 0, 3, 0}, {opChdirAbs, 11, 0, 0, 0},
			{opGetwd, 0, 0, 0, 0}, {opReadFile, 0, 0, 0, 0},
		},
	}
	for name, ops := range scripts {
		t.Run(name, func(t *testing.T) { runVariant(t, workdirVariant, ops) })
	}
	for i := range uint64(*diffSeeds) {
		seed := *diffFirstSeed + i
		t.Run(fmt.Sprintf("random/%d", seed), func(t *testing.T) {
			runVariant(t, workdirVariant, randomKinds(seed, *diffOps, opCountWD))
		})
	}
}

// FuzzDifferentialWorkingDir is FuzzDifferential on relative names, with
// Chdir and Getwd among the operations.
func FuzzDifferentialWorkingDir(f *testing.F) {
	for seed := range uint64(4) {
		var b bytes.Buffer
		for _, o := range randomKinds(seed, 20, opCountWD) {
			b.Write([]byte{o.kind, o.a, o.b, o.c, o.d})
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ops := decodeOps(data)
		if len(ops) > 200 {
			ops = ops[:200]
		}
		runVariant(t, workdirVariant, ops)
	})
}
