package osbackend

// Fallback paths that a test cannot reach through the kernel it runs on.
var (
	LinkThenRemove = linkThenRemove
)
