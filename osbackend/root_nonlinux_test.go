//go:build !linux

package osbackend_test

import "errors"

// exchange would swap a and b atomically; only Linux can.
func exchange(a, b string) error { return errors.ErrUnsupported }
