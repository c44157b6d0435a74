// Package suite is the core of tempvfs's conformance checks: the checks
// themselves and the runner that reports on them, without package
// testing or testify, as testing/fstest's TestFS and testing/slogtest's
// TestHandler are the cores of those checkers.
//
// Tests use package conformance, whose Run makes each check a parallel
// subtest of a [testing.T] and whose Check and report types are this
// package's. Programs, such as the tempvfs command's check, call [Check]
// here, and then link no test code: a [Report] says, for each check,
// whether the filesystem kept its promise, and why not, or why the check
// did not apply. The checks, what each promises and how a filesystem is
// made for them are documented in package conformance.
//
// [Cases] lists the checks one by one, and [Case.Run] runs one against a
// filesystem, reporting to a [T]: the part of *testing.T that a check
// uses. Package conformance runs them that way, and so can another
// harness.
//
// # Concurrency
//
// [Check] runs the checks one after another, each in a goroutine of its
// own that it waits for. [Case.Run] runs a check in the calling
// goroutine; several may run at once, each on its own filesystem. Some
// checks use several goroutines on one filesystem (the races, and readers
// during Rename).
package suite
