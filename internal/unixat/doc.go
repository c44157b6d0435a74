// Package unixat holds the descriptor-relative operations on Unix that
// osbackend's tree removal and the command's reap share: removing a tree
// and changing a directory's mode without following a symbolic link,
// relative to an open directory, never through a path looked up again.
// Everything but this comment is Unix only.
package unixat
