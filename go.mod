module github.com/tempvfs/tempvfs

go 1.24.0

require (
	github.com/spf13/afero v1.15.0
	golang.org/x/sys v0.41.0
)

require golang.org/x/text v0.28.0 // indirect
