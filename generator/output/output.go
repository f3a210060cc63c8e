// Package output turns a set of built files into a published folder or an
// in-memory site.
//
// A File is a slash-separated site path without the leading slash
// ("case-studies/x/index.html") and its bytes. Dir writes a whole set into a
// fresh folder beside the destination and swaps it in only when every file
// is written, so a failed or interrupted build leaves the previous site as
// it was; leftovers of an interrupted build are removed by the next one.
// Mem serves a set from memory, for the preview server.
package output

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
)

// File is one output file.
type File struct {
	Path string // slash-separated, relative: "index.html", "assets/style.1a2b3c4d.css"
	Data []byte
}

// Sort orders files by path and reports the first path that appears twice
// or that is not a valid, local path.
func Sort(files []File) error {
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	for i, f := range files {
		if !fs.ValidPath(f.Path) || f.Path == "." || !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return fmt.Errorf("output path %q is not a path inside the site", f.Path)
		}
		if i > 0 && files[i-1].Path == f.Path {
			return fmt.Errorf("two outputs want the same path %q", f.Path)
		}
	}
	return nil
}

// prefix names the temporary folders of Dir beside the destination.
func prefix(dir string) string { return "." + filepath.Base(dir) + "-" }

// Dir writes files into dir, replacing what was there only once all are
// written. Files are written in parallel.
func Dir(ctx context.Context, dir string, files []File) error {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	cleanLeftovers(parent, prefix(dir))
	tmp, err := os.MkdirTemp(parent, prefix(dir)+"new-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeAll(ctx, tmp, files); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := swap(tmp, dir, parent); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return nil
}

// swap puts tmp in place of dir: the old folder is renamed aside, the new
// one renamed in, then the old one removed. Between the two renames the
// destination is missing for an instant; a crash there leaves both folders
// beside it, and the next build removes them.
func swap(tmp, dir, parent string) error {
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		o, err := os.MkdirTemp(parent, prefix(dir)+"old-")
		if err != nil {
			return err
		}
		os.Remove(o)
		if err := os.Rename(dir, o); err != nil {
			return err
		}
		old = o
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

func cleanLeftovers(parent, pre string) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), pre+"new-") || strings.HasPrefix(e.Name(), pre+"old-") {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

func writeAll(ctx context.Context, root string, files []File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		for d := path.Dir(f.Path); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	sorted := make([]string, 0, len(dirs))
	for d := range dirs {
		sorted = append(sorted, d)
	}
	slices.Sort(sorted) // parents before children
	for _, d := range sorted {
		if err := os.Mkdir(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil && !os.IsExist(err) {
			return err
		}
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0) * 2)
	for _, f := range files {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(root, filepath.FromSlash(f.Path)), f.Data, 0o644)
		})
	}
	return g.Wait()
}
