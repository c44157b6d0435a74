package wine_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tempvfs/tempvfs/internal/testing/wine"
)

// Version says so under Wine, and nowhere else but on Windows can it.
func TestVersion(t *testing.T) {
	t.Parallel()
	v, ok := wine.Version()
	if runtime.GOOS != "windows" {
		assert.False(t, ok)
		assert.Empty(t, v)
		return
	}
	if ok {
		assert.NotEmpty(t, v)
		t.Logf("Wine %s", v)
	}
}
