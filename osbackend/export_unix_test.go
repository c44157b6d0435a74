//go:build unix

package osbackend

var CreateUnlinked = createUnlinked
