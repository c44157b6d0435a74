package cli

import (
	"os"
	"testing"
)

// reexecEnv, when set to "1" in the environment, makes the test binary
// run the tempvfs command line in its arguments instead of the tests, so
// that tests can send signals to a separate tempvfs process.
const reexecEnv = "TEMPVFS_CLI_TEST_REEXEC"

func TestMain(m *testing.M) {
	if os.Getenv(reexecEnv) == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
