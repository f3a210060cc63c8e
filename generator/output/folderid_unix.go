//go:build unix

package output

import (
	"fmt"
	"io/fs"
	"syscall"
)

// folderID names the folder fi describes on this machine (device and
// inode): it stays the same when the folder is renamed.
func folderID(fi fs.FileInfo) (string, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%d:%d", st.Dev, st.Ino), true
}
