package tempfile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/internal/testing/capcheck"
	"github.com/tempvfs/tempvfs/membackend"
	"github.com/tempvfs/tempvfs/osbackend"
	"github.com/tempvfs/tempvfs/vfs"
)

// symlinks are afero's three capabilities, which make up afero.Symlinker.
var symlinks = []string{"afero.Lstater", "afero.Linker", "afero.LinkReader"}

// swapHidden is what swapFS hides.
var swapHidden = capcheck.HideAllBut("swapFS offers symbolic links and exclusive creates but not "+
	"vfs.RemoveTreeFS, whatever its base has, so that Dir.Cleanup walks the tree that the attacker "+
	"swaps; the other capabilities go unused", append([]string{"vfs.ExclusiveFS"}, symlinks...)...)

// testFilesystems are the filesystem types of this package's tests, each
// made around a base with every capability, with the capabilities it
// hides on purpose and why.
var testFilesystems = map[string]struct {
	newFS  func() vfs.Fs
	hidden capcheck.Hidden
}{
	"plainFS": {func() vfs.Fs { return &plainFS{membackend.New()} }, capcheck.HideAllBut(
		"plainFS is a filesystem with none of vfs's capabilities, so that tempfile's fallbacks are "+
			"tested; it keeps afero's, for a filesystem with symbolic links must let Lstat see them",
		symlinks...)},
	"bareFS": {func() vfs.Fs { return bareFS{membackend.New()} }, capcheck.HideAllBut(
		"bareFS hides every capability, so that NewPending and CreateAnonymous take their fallbacks")},
	"permFS": {func() vfs.Fs { return &permFS{Fs: membackend.New()} }, capcheck.HideAllBut(
		"permFS enforces permissions in Open, OpenFile and Remove, which a capability would go "+
			"around (vfs.RemoveTreeFS would remove without Remove): Cleanup must walk and remove "+
			"through them", "afero.Lstater")},
	"failingRemoveFS": {func() vfs.Fs { return &failingRemoveFS{Fs: membackend.New()} }, capcheck.HideAllBut(
		"failingRemoveFS refuses some Removes, which vfs.RemoveTreeFS would go around: Cleanup must " +
			"walk and remove through Remove; the other capabilities go unused")},
	"zeroCountFS": {func() vfs.Fs { return &zeroCountFS{Fs: membackend.New()} }, capcheck.HideAllBut(
		"zeroCountFS counts what is written through the files of its OpenFile, which a file from " +
			"CreateExclusive, CreateAnonymous or CreatePublishable would escape; the other " +
			"capabilities go unused")},
	"closeFailFS": {func() vfs.Fs { return &closeFailFS{Fs: membackend.New()} }, capcheck.HideAllBut(
		"closeFailFS's files, whose Close fails, come from its OpenFile, which a capability that "+
			"creates a file would go around; the other capabilities go unused", "vfs.TempDirFS")},
	"writeFailFS": {func() vfs.Fs { return &writeFailFS{Fs: membackend.New()} }, capcheck.HideAllBut(
		"writeFailFS's files, which take no write in its dir, come from its OpenFile, which a "+
			"capability that creates a file would go around; the other capabilities go unused",
		"vfs.TempDirFS")},
	"sillyFS": {func() vfs.Fs { return newSillyFS(0) }, capcheck.HideAllBut(
		"sillyFS hides a removed open file under a .fuse_hidden name in its Open, OpenFile and " +
			"Remove, which vfs.RemoveTreeFS and the capabilities that create files would go " +
			"around: Cleanup must walk and remove through them")},
	"swapFS":         {func() vfs.Fs { return &swapFS{Fs: membackend.New()} }, swapHidden},
	"failingTreeFS":  {func() vfs.Fs { return failingTreeFS{&swapFS{Fs: membackend.New()}} }, swapHidden.Without("vfs.RemoveTreeFS")},
	"devicesFS":      {func() vfs.Fs { return devicesFS{membackend.New()} }, nil},
	"nameRecorder":   {func() vfs.Fs { return &nameRecorder{FS: membackend.New()} }, nil},
	"processFS":      {func() vfs.Fs { return processFS{FS: osbackend.New()} }, nil},
	"uncomparableFS": {func() vfs.Fs { return uncomparableFS{FS: osbackend.New()} }, nil},
}

// Each filesystem type of the tests has every capability of the
// filesystem it wraps, but those it says it hides, so that a capability
// added to vfs's list cannot be missed by one of them.
func TestTestFilesystemsForwardCapabilities(t *testing.T) {
	t.Parallel()
	types, err := capcheck.Types(".")
	require.NoError(t, err)
	var names []string
	for name := range testFilesystems {
		names = append(names, name)
	}
	assert.ElementsMatch(t, types, names, "every filesystem type of the package is in testFilesystems")

	for _, base := range []vfs.Fs{membackend.New(), osbackend.New()} {
		require.NoError(t, capcheck.Check(base, nil), "a base has every capability")
	}
	for name, tf := range testFilesystems {
		assert.NoError(t, capcheck.Check(tf.newFS(), tf.hidden), name)
	}
}
