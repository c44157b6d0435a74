package suite

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tempvfs/tempvfs/vfs"
)

func TestCases(t *testing.T) {
	t.Parallel()
	cases := Cases()
	all := allCases()
	require.Len(t, cases, len(all))
	for i, c := range cases {
		assert.Equal(t, all[i].id(), c.Name())
		assert.Equal(t, all[i].group, c.Group())
		assert.Equal(t, all[i].promise, c.Promise())
		assert.True(t, strings.HasPrefix(c.Name(), c.Group()+"/"), c.Name())
	}
}

// otherT is a T other than the recorder of Check, as a *testing.T is.
type otherT struct{ *recorder }

// runT runs c against fsys and dir with a T that records, in a goroutine
// of its own as FailNow and Skipf need, and returns the record.
func runT(c Case, fsys vfs.Fs, dir string) *recorder {
	rec := &recorder{name: c.Name()}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Run(otherT{rec}, fsys, dir)
	}()
	<-done
	rec.runCleanups()
	return rec
}

func caseNamed(t *testing.T, name string) Case {
	t.Helper()
	for _, c := range Cases() {
		if c.Name() == name {
			return c
		}
	}
	t.Fatalf("no check named %s", name)
	return Case{}
}

func TestCaseRun(t *testing.T) {
	t.Parallel()
	mem := func() vfs.Fs {
		fsys := afero.NewMemMapFs()
		require.NoError(t, fsys.MkdirAll("/d", 0o700))
		return fsys
	}

	rec := runT(caseNamed(t, "Mkdir/Existing"), mem(), "/d")
	assert.False(t, rec.failed, "%q", rec.msgs)
	assert.False(t, rec.skipped)

	// A failure ends with the promise, which a testing.T has nowhere else
	// to show.
	c := caseNamed(t, "Mkdir/MissingParent")
	rec = runT(c, mem(), "/d")
	require.True(t, rec.failed)
	require.NotEmpty(t, rec.msgs)
	assert.Equal(t, "broken promise: "+c.Promise(), rec.msgs[len(rec.msgs)-1])

	rec = runT(caseNamed(t, "Symlink/ExclusiveDangling"), mem(), "/d")
	assert.True(t, rec.skipped)
	assert.Contains(t, rec.skipReason, "does not implement")

	rec = runT(c, nil, "/d")
	assert.True(t, rec.failed, "a nil filesystem fails the check")
	assert.Equal(t, []string{(&fs.PathError{Op: "check", Path: "/d", Err: vfs.ErrNilFS}).Error()}, rec.msgs)
}
