// Package randname makes every random name in tempvfs and holds its one
// retry loop: the names of tempfile, the scratch names of vfs's and
// osbackend's fallbacks, and the names of the command's mktemp.
//
// A name's random part is drawn from an alphabet with each character
// equally likely: bytes from the source that would make some characters
// more likely than others are dropped. The source is crypto/rand unless
// the caller gives another.
package randname

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// Alphabets.
const (
	// Base32 is lowercase RFC 4648 base32: 5 bits a character, distinct
	// on case-insensitive filesystems. tempfile's names use it.
	Base32 = "abcdefghijklmnopqrstuvwxyz234567"
	// Alnum is what GNU mktemp puts in place of X's: 62 characters,
	// about 5.95 bits each.
	Alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// MaxTries is how many names Try tries before it gives up: Python's
// tempfile.TMP_MAX and Go's os.CreateTemp use the same.
const MaxTries = 10000

// Fill fills b with characters of alphabet (at most 256 of them, each
// equally likely), read from src, or from crypto/rand if src is nil. It
// fails only if src does.
func Fill(b []byte, alphabet string, src io.Reader) error {
	if len(alphabet) == 0 || len(alphabet) > 256 {
		return fmt.Errorf("randname: alphabet of %d characters: %w", len(alphabet), fs.ErrInvalid)
	}
	if src == nil {
		src = rand.Reader
	}
	// Bytes at or above the largest multiple of the alphabet's size that
	// fits in a byte are dropped, so that no character is more likely.
	limit := 256 - 256%len(alphabet)
	if 256%len(alphabet) == 0 {
		// A power of two: every byte counts, its low bits pick.
		var buf [64]byte
		for i := 0; i < len(b); {
			n := min(len(b)-i, len(buf))
			if _, err := io.ReadFull(src, buf[:n]); err != nil {
				return fmt.Errorf("reading random bytes: %w", err)
			}
			for _, r := range buf[:n] {
				b[i] = alphabet[int(r)%len(alphabet)]
				i++
			}
		}
		return nil
	}
	var buf [64]byte
	for i := 0; i < len(b); {
		// A few more bytes than the characters still wanted, for those
		// that are dropped.
		need := len(b) - i
		n := min(need+need/8+1, len(buf))
		if _, err := io.ReadFull(src, buf[:n]); err != nil {
			return fmt.Errorf("reading random bytes: %w", err)
		}
		for _, r := range buf[:n] {
			if int(r) >= limit {
				continue
			}
			b[i] = alphabet[int(r)%len(alphabet)]
			if i++; i == len(b) {
				break
			}
		}
	}
	return nil
}

// String returns n characters of alphabet from crypto/rand.
func String(n int, alphabet string) string {
	b := make([]byte, n)
	if err := Fill(b, alphabet, nil); err != nil {
		panic(err) // crypto/rand does not fail, and the alphabets are constants
	}
	return string(b)
}

// ErrExhausted is the error, wrapped with fs.ErrExist, of a Try whose
// every name existed.
var ErrExhausted = errors.New("no free name")

// Try calls next for a fresh name and create with it, up to tries times
// ([MaxTries] for tempfile), until create succeeds (Try returns the name),
// fails with an error that does not match [fs.ErrExist] (Try returns it),
// or every name is taken: then the error is an [*fs.PathError] with op
// and pattern, matching [fs.ErrExist] and [ErrExhausted]. An error from
// next ends it at once.
func Try(op, pattern string, tries int, next func() (string, error), create func(name string) error) (string, error) {
	for range tries {
		name, err := next()
		if err != nil {
			return "", err
		}
		err = create(name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", &fs.PathError{Op: op, Path: pattern, Err: fmt.Errorf("%w after %d tries: %w", ErrExhausted, tries, fs.ErrExist)}
}
