// Package wine tells tests whether they run under Wine, so that a test
// that cannot pass there only because of a defect of Wine's can skip,
// saying which. It is for tests only.
package wine

// Version returns Wine's version and true when the process runs under
// Wine (ntdll exports wine_get_version), and "", false otherwise, and
// always on other systems than Windows.
func Version() (string, bool) { return version() }
