// Package themes holds the built-in default theme, embedded in the binary
// so that casebook works anywhere. A site overrides it file by file with
// its own themes/<name>/ folder (see render.Overlay).
package themes

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var files embed.FS

// Default returns the default theme: templates/ and assets/ at its root.
func Default() fs.FS {
	sub, err := fs.Sub(files, "default")
	if err != nil {
		panic(err) // the embedded folder is fixed at compile time
	}
	return sub
}
