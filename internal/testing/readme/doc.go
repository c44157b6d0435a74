// Package readme holds no code: its test builds the quick start of the
// repository's README.md, so the example there always compiles.
package readme
