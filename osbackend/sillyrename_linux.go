package osbackend

import "golang.org/x/sys/unix"

// Magic numbers of statfs(2)'s f_type for the filesystems that keep a
// removed file that is still open under a hidden name until it is closed
// (NFS's .nfsXXXX "silly rename", FUSE's .fuse_hiddenXXXX as sshfs does
// it, SMB's) rather than freeing the name.
const (
	nfsMagic  = 0x6969
	fuseMagic = 0x65735546
	smbMagic  = 0x517b
	cifsMagic = 0xff534d42
	smb2Magic = 0xfe534d42
)

// sillyRenames returns the name of the filesystem that the descriptor fd
// is on if it is one that keeps a removed open file under a hidden name,
// and "" otherwise or when it cannot tell.
func sillyRenames(fd int) string {
	var st unix.Statfs_t
	for {
		err := unix.Fstatfs(fd, &st)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return ""
		}
		break
	}
	switch uint32(st.Type) {
	case nfsMagic:
		return "NFS"
	case fuseMagic:
		return "FUSE"
	case smbMagic, cifsMagic, smb2Magic:
		return "SMB"
	}
	return ""
}
