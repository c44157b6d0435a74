//go:build !unix || solaris || aix

package osbackend

import "os"

// hardLink makes newname another name of the file oldname names, as
// os.Link does.
func hardLink(oldname, newname string) error {
	return os.Link(oldname, newname)
}
