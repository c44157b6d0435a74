package tempfile

// ChunkSize is the unit of a spooled file's memory.
const ChunkSize = chunkSize
