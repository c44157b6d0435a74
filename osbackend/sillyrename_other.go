//go:build unix && !linux

package osbackend

// sillyRenames cannot tell here which filesystems keep a removed open
// file under a hidden name: "".
func sillyRenames(int) string { return "" }
