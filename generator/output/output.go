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
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

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
			return fmt.Errorf("%w %q", ErrDuplicate, f.Path)
		}
	}
	return nil
}

// prefix names the temporary folders of Dir beside the destination.
func prefix(dir string) string { return "." + filepath.Base(dir) + "-" }

// ErrDuplicate is wrapped by the error of a second file at one path.
var ErrDuplicate = errors.New("two outputs want the same path")

// Sink receives a build's files as they are made. Put may be called from
// several goroutines at once.
type Sink interface {
	Put(File) error
}

// Writer is a Sink that writes files into a fresh folder beside the
// destination as they come, and swaps that folder in on Commit. Until then
// the destination is untouched; Abort (or a crash) leaves it as it was, and
// the next Writer for the same destination removes the leftovers.
//
// Put only checks the path and queues the file: a pool of I/O goroutines
// writes it, so that the callers (the render workers) never wait on the
// disk. The queue is bounded, which bounds the memory of files in flight.
// The goroutines belong to the Writer: Commit or Abort ends them, and one
// of the two must be called.
type Writer struct {
	dir, tmp string
	queue    chan File
	wg       sync.WaitGroup

	mu     sync.Mutex
	dirs   map[string]bool // folders made under tmp
	paths  map[string]bool // files accepted, to refuse a second file at one path
	err    error           // the first write error
	closed bool
}

// ioWorkers is how many files are written at once; a slow file system
// gains from more than the number of cores.
const ioWorkers = 8

// NewWriter prepares a fresh folder beside dir.
func NewWriter(dir string) (*Writer, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	cleanLeftovers(parent, prefix(dir))
	tmp, err := os.MkdirTemp(parent, prefix(dir)+"new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	w := &Writer{dir: dir, tmp: tmp, queue: make(chan File, 4*ioWorkers), dirs: map[string]bool{".": true}, paths: map[string]bool{}}
	w.wg.Add(ioWorkers)
	for range ioWorkers {
		go func() {
			defer w.wg.Done()
			for f := range w.queue {
				if err := w.write(f); err != nil {
					w.mu.Lock()
					if w.err == nil {
						w.err = err
					}
					w.mu.Unlock()
				}
			}
		}()
	}
	return w, nil
}

// Put accepts one file for writing. It refuses at once a path that is not
// local or that was already given, and reports the first write error of
// earlier files.
func (w *Writer) Put(f File) error {
	if !fs.ValidPath(f.Path) || f.Path == "." || !filepath.IsLocal(filepath.FromSlash(f.Path)) {
		return fmt.Errorf("output path %q is not a path inside the site", f.Path)
	}
	w.mu.Lock()
	switch {
	case w.closed:
		w.mu.Unlock()
		return errors.New("output: Put after Commit or Abort")
	case w.err != nil:
		err := w.err
		w.mu.Unlock()
		return err
	case w.paths[f.Path]:
		w.mu.Unlock()
		return fmt.Errorf("%w %q", ErrDuplicate, f.Path)
	}
	w.paths[f.Path] = true
	w.mu.Unlock()
	w.queue <- f
	return nil
}

// write makes the file's missing folders, parents first, and writes it.
func (w *Writer) write(f File) error {
	w.mu.Lock()
	var missing []string
	for d := path.Dir(f.Path); !w.dirs[d]; d = path.Dir(d) {
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(filepath.Join(w.tmp, filepath.FromSlash(missing[i])), 0o755); err != nil && !os.IsExist(err) {
			w.mu.Unlock()
			return err
		}
		w.dirs[missing[i]] = true
	}
	w.mu.Unlock()
	return os.WriteFile(filepath.Join(w.tmp, filepath.FromSlash(f.Path)), f.Data, 0o644)
}

// drain stops accepting files and waits for the queued ones to be written.
func (w *Writer) drain() error {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Commit waits for every file to be written, then swaps the written folder
// in place of the destination.
func (w *Writer) Commit() error {
	if err := w.drain(); err != nil {
		removeTree(w.tmp)
		return err
	}
	if err := swap(w.tmp, w.dir, filepath.Dir(w.dir)); err != nil {
		removeTree(w.tmp)
		return err
	}
	return nil
}

// Abort removes the written folder and leaves the destination as it was.
func (w *Writer) Abort() {
	w.drain()
	removeTree(w.tmp)
}

// removeTree removes a folder like os.RemoveAll, deleting its
// grandchildren in parallel: a published site has thousands of page
// folders, and deleting them one by one dominates a build on slow disks.
func removeTree(root string) error {
	top, err := os.ReadDir(root)
	if err != nil {
		return os.RemoveAll(root)
	}
	var g errgroup.Group
	g.SetLimit(ioWorkers)
	for _, e := range top {
		p := filepath.Join(root, e.Name())
		if !e.IsDir() {
			g.Go(func() error { return os.Remove(p) })
			continue
		}
		kids, _ := os.ReadDir(p)
		for _, k := range kids {
			g.Go(func() error { return os.RemoveAll(filepath.Join(p, k.Name())) })
		}
	}
	g.Wait()
	return os.RemoveAll(root)
}

// Dir writes files into dir, replacing what was there only once all are
// written. Files are written in parallel.
func Dir(ctx context.Context, dir string, files []File) error {
	w, err := NewWriter(dir)
	if err != nil {
		return err
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0) * 2)
	for _, f := range files {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return w.Put(f)
		})
	}
	if err := g.Wait(); err != nil {
		w.Abort()
		return err
	}
	return w.Commit()
}

// swap puts tmp in place of dir. Where the system can exchange two paths
// atomically (Linux renameat2), dir is always either the old or the new
// folder; elsewhere the old folder is renamed aside first, leaving dir
// missing for an instant, and a crash there leaves both folders beside it
// for the next build to clean up.
func swap(tmp, dir, parent string) error {
	if _, err := os.Lstat(dir); err == nil {
		if exchange(tmp, dir) == nil {
			return removeTree(tmp) // tmp now holds the old site
		}
		o, err := os.MkdirTemp(parent, prefix(dir)+"old-")
		if err != nil {
			return err
		}
		os.Remove(o)
		if err := os.Rename(dir, o); err != nil {
			return err
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(o, dir)
			return err
		}
		return removeTree(o)
	}
	return os.Rename(tmp, dir)
}

func cleanLeftovers(parent, pre string) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), pre+"new-") || strings.HasPrefix(e.Name(), pre+"old-") {
			removeTree(filepath.Join(parent, e.Name()))
		}
	}
}
