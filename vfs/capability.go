package vfs

import (
	"reflect"
	"slices"

	"github.com/spf13/afero"
)

// A Capability is one of the optional interfaces that a filesystem may
// implement beyond [Fs]: one of this package's, or one of the three that
// make up [afero.Symlinker].
type Capability struct {
	// Type is the interface type: vfs.LinkFS's, say.
	Type reflect.Type

	// Summary says in a few words what a filesystem that implements the
	// interface can do: "hard link".
	Summary string

	// Helpers are the functions of this package that use the interface
	// when a filesystem has it: "Link".
	Helpers []string

	// Without says what the helpers do for a filesystem without it.
	Without string
}

// Name returns the interface's name as Go code spells it outside its
// package: "vfs.LinkFS", "afero.Lstater".
func (c Capability) Name() string { return c.Type.String() }

// ImplementedBy reports whether fsys implements the capability's
// interface. A nil fsys implements none.
func (c Capability) ImplementedBy(fsys Fs) bool {
	return fsys != nil && reflect.TypeOf(fsys).Implements(c.Type)
}

// capabilities is the list that [Capabilities] returns copies of, in the
// order of the table in the package documentation.
var capabilities = []Capability{
	{reflect.TypeFor[ExclusiveFS](), "exclusive create, no symlink followed", []string{"CreateExclusive"}, "OpenFile with O_CREATE|O_EXCL"},
	{reflect.TypeFor[AnonymousFS](), "anonymous file", []string{"CreateAnonymous"}, "exclusive create, then Remove"},
	{reflect.TypeFor[PublishFS](), "anonymous file given a name later", []string{"CreatePublishable", "Publish"}, "errors.ErrUnsupported"},
	{reflect.TypeFor[LinkFS](), "hard link", []string{"Link"}, "errors.ErrUnsupported"},
	{reflect.TypeFor[RenameNoReplaceFS](), "rename that never replaces", []string{"RenameNoReplace"}, "Link then Remove, else unsupported"},
	{reflect.TypeFor[SyncDirFS](), "durable directory entries", []string{"SyncDir"}, "open the directory and Sync it"},
	{reflect.TypeFor[RemoveTreeFS](), "tree removal that follows no link", []string{"RemoveTree"}, "errors.ErrUnsupported"},
	{reflect.TypeFor[TempDirFS](), "temporary directory candidates", []string{"TempDirs"}, "DefaultTempDirs"},
	{reflect.TypeFor[WorkingDirFS](), "working directory of relative names", []string{"Getwd", "Abs"}, "errors.ErrUnsupported"},
	{reflect.TypeFor[afero.Lstater](), "stat of a symbolic link itself", []string{"Lstat"}, "Stat"},
	{reflect.TypeFor[afero.Linker](), "symbolic link creation", []string{"Symlink"}, "errors.ErrUnsupported"},
	{reflect.TypeFor[afero.LinkReader](), "symbolic link reading", []string{"Readlink"}, "errors.ErrUnsupported"},
}

// Capabilities returns every capability that a filesystem may have, in
// the order of the table in the package documentation: the list that
// code forwarding capabilities (a wrapper of a Fs) or reporting them can
// be checked against, so that a capability added here cannot be missed.
// The result is a fresh slice that the caller may change.
func Capabilities() []Capability {
	cs := slices.Clone(capabilities)
	for i := range cs {
		cs[i].Helpers = slices.Clone(cs[i].Helpers)
	}
	return cs
}
