package suite

import "strings"

// The promises of the vfs contract ("go doc vfs", section "The
// contract"), quoted. A check quotes the sentence it tests, so that a
// failure says which promise broke and where it is written down.
const (
	contractExclusive = "vfs contract: OpenFile with O_CREATE|O_EXCL is atomic: when any number of callers race to create one name, exactly one succeeds and every other gets an error matching fs.ErrExist."
	contractAccess    = "vfs contract: OpenFile honours the access mode: a handle opened O_RDONLY cannot write and one opened O_WRONLY cannot read."
	contractAppend    = "vfs contract: writes through a handle opened with O_APPEND land at the end of the file."
	contractOffset    = "vfs contract: ReadAt and WriteAt neither use nor move the handle's offset."
	contractShortRead = "vfs contract: ReadAt that returns fewer bytes than asked returns a non-nil error (io.EOF at the end of the file)."
	contractMode      = "vfs contract: The permission bits passed to OpenFile and Mkdir are applied, minus the umask, to a newly created entry: a file created with 0600 is not readable by group or others."
	osOpenFilePerm    = "package os: OpenFile: If the file does not exist, and the O_CREATE flag is passed, it is created with mode perm (before umask)."
	contractClosed    = "vfs contract: Every operation on a closed File returns an error; none panics."
	contractErrors    = "vfs contract: Errors that concern a path are *fs.PathError (or *os.LinkError for Rename and links) whose inner error matches, with errors.Is, fs.ErrNotExist, fs.ErrExist, fs.ErrPermission or the syscall.Errno that the operating system would return."
	contractRemove    = "vfs contract: Remove of a non-empty directory fails."
	contractRemoveAll = "vfs contract: RemoveAll of a missing path succeeds."
	contractParent    = "vfs contract: creating an entry whose parent does not exist fails with fs.ErrNotExist."
	contractRename    = "vfs contract: Rename replaces an existing file atomically: a reader opening the target sees either the old file or the new one, never a mix."
	contractUnlink    = "vfs contract: Remove of a file that is open leaves the data readable and writable through the open handle (Windows excepted)."

	// Promises of the standard library that tempvfs relies on.
	osTrunc   = "package os: O_TRUNC truncates a regular writable file when it is opened."
	ioReadEOF = "package io: a Reader at the end of its input returns 0, io.EOF (io.ReadAll relies on it)."
	ioSeek    = "package io: Seeking to an offset before the start of the file is an error."

	badOffset      = "tempvfs: bad input gets a clear error, never a panic: ReadAt and WriteAt at a negative offset fail, as os.File's do."
	osFileTruncate = "package os: File.Truncate changes the size of the file. It does not change the I/O offset."
)

// and joins promises that one check tests together.
func and(promises ...string) string { return strings.Join(promises, " ") }
