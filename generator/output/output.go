// Package output turns a set of built files into a published folder or an
// in-memory site.
//
// A File is a slash-separated site path without the leading slash
// ("case-studies/x/index.html") and its bytes. A Writer writes a build into
// a folder beside the destination and swaps it in only when every file is
// written, so a failed or interrupted build leaves the previous site as it
// was. The site it replaces is kept beside the destination as
// .<name>-prev and becomes the next build's folder: its files are
// overwritten in place and what the new build does not write is pruned,
// because on most file systems creating files and folders costs many times
// more than rewriting them. Deleting .<name>-prev is always safe. Mem serves
// a set from memory, for the preview server.
package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
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
	// Release, when set, is called by a sink that has no more use for
	// Data (a Writer, once the file is written), so that its maker can
	// reuse the buffer; a sink that keeps Data never calls it.
	Release func()
	// Stream, when set, makes the file's bytes instead of Data, which is
	// nil: a sink calls it once, with a writer to the file (a Writer) or
	// to memory (see Materialize). A large file (a data export) is then
	// never whole in memory. Its errors are the sink's write errors.
	Stream func(io.Writer) error
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
	reuse    bool      // tmp is the previous build's folder, overwritten in place
	old      *manifest // tmp's, when reused and it has one (see manifest)
	queue    chan File
	wg       sync.WaitGroup

	mu       sync.Mutex
	dirs     map[string]bool  // folders made under tmp
	paths    map[string]bool  // files accepted, to refuse a second file at one path
	next     map[string]entry // the files written, for the new folder's manifest
	nextDirs map[string]int64 // and its folders, filled by prune
	err      error            // the first write error
	closed   bool
}

// ioWorkers is how many files are written at once; a slow file system
// gains from more than the number of cores.
const ioWorkers = 8

// NewWriter prepares the folder the build writes into: the previous
// build's folder, kept beside dir as .<name>-prev, when there is one (its
// files are overwritten in place, which on most file systems costs a
// fraction of creating them), or else a fresh folder.
func NewWriter(dir string) (*Writer, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	cleanLeftovers(parent, prefix(dir))
	tmp, reuse := prevDir(dir), true
	if st, err := os.Lstat(tmp); err != nil || !st.IsDir() {
		os.RemoveAll(tmp)
		reuse = false
		if tmp, err = os.MkdirTemp(parent, prefix(dir)+"new-"); err != nil {
			return nil, err
		}
		if err := os.Chmod(tmp, 0o755); err != nil {
			os.RemoveAll(tmp)
			return nil, err
		}
	}
	w := &Writer{dir: dir, tmp: tmp, reuse: reuse, queue: make(chan File, 4*ioWorkers), dirs: map[string]bool{".": true}, paths: map[string]bool{}, next: map[string]entry{}}
	if reuse {
		w.old = readManifest(tmp)
	}
	if w.old == nil {
		w.old = &manifest{}
	}
	w.wg.Add(ioWorkers)
	for range ioWorkers {
		go func() {
			defer w.wg.Done()
			for f := range w.queue {
				err := w.write(f)
				if f.Release != nil {
					f.Release()
				}
				if err != nil {
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

// prevDir is where the previous build's folder is kept beside dir.
func prevDir(dir string) string { return filepath.Join(filepath.Dir(dir), prefix(dir)+"prev") }

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

// write makes the file's missing folders, parents first, and writes it. In
// a reused folder a path may hold a file where a folder is now wanted, or
// the other way round: what is in the way is removed.
func (w *Writer) write(f File) error {
	p := filepath.Join(w.tmp, filepath.FromSlash(f.Path))
	if f.Stream != nil {
		if err := w.mkdirs(path.Dir(f.Path)); err != nil {
			return err
		}
		err := overwrite(p, f.Stream)
		if w.cleared(p, err) {
			err = overwrite(p, f.Stream)
		}
		if err == nil {
			w.record(f.Path, entry{size: -1}) // listed, never taken as unchanged
		}
		return err
	}
	sum := checksum(f.Data)
	size := int64(len(f.Data))
	if w.reuse {
		// Most files of a rebuild are what the folder already holds. The
		// manifest says so from a stat; without it, reading and comparing
		// costs a fraction of truncating and writing. Either way the file
		// keeps its modification time, for deploy tools.
		if e, ok := w.old.file(f.Path); ok && e.size == size && e.sum == sum {
			if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() && st.Size() == size && st.ModTime().UnixNano() == e.mtime {
				w.record(f.Path, e)
				return nil
			}
		}
		switch s, mtime := same(p, f.Data); s {
		case equal:
			w.record(f.Path, entry{size: size, mtime: mtime, sum: sum})
			return nil
		case differs: // the file is there, so is its folder
			if mtime, err := writeFile(p, f.Data); err == nil {
				w.record(f.Path, entry{size: size, mtime: mtime, sum: sum})
				return nil
			}
		}
	}
	if err := w.mkdirs(path.Dir(f.Path)); err != nil {
		return err
	}
	mtime, err := writeFile(p, f.Data)
	if w.cleared(p, err) {
		mtime, err = writeFile(p, f.Data)
	}
	if err == nil {
		w.record(f.Path, entry{size: size, mtime: mtime, sum: sum})
	}
	return err
}

// cleared reports whether writing the file at p failed with err because
// a reused folder held something else than a file there, now removed, so
// that the write can be tried again.
func (w *Writer) cleared(p string, err error) bool {
	if err == nil || !w.reuse {
		return false
	}
	if st, serr := os.Lstat(p); serr != nil || st.Mode().IsRegular() {
		return false
	}
	removeTree(p)
	return true
}

// record notes a file of this build for the folder's next manifest.
func (w *Writer) record(p string, e entry) {
	w.mu.Lock()
	w.next[p] = e
	w.mu.Unlock()
}

// writeFile writes data to the file at p, as os.WriteFile does, and
// returns the file's modification time in Unix nanoseconds.
func writeFile(p string, data []byte) (int64, error) {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	_, err = f.Write(data)
	var mtime int64
	if err == nil {
		var st fs.FileInfo
		if st, err = f.Stat(); err == nil {
			mtime = st.ModTime().UnixNano()
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return mtime, err
}

// mkdirs makes a folder of tmp and its missing parents, parents first.
// The folders made are remembered; the making is not under the lock, and
// two goroutines making one folder both succeed.
func (w *Writer) mkdirs(dir string) error {
	w.mu.Lock()
	var missing []string
	for d := dir; !w.dirs[d]; d = path.Dir(d) {
		missing = append(missing, d)
	}
	w.mu.Unlock()
	for i := len(missing) - 1; i >= 0; i-- {
		p := filepath.Join(w.tmp, filepath.FromSlash(missing[i]))
		err := os.Mkdir(p, 0o755)
		if os.IsExist(err) {
			if st, serr := os.Lstat(p); serr == nil && !st.IsDir() {
				os.Remove(p)
				err = os.Mkdir(p, 0o755)
			} else {
				err = nil
			}
		}
		if err != nil {
			return err
		}
		w.mu.Lock()
		w.dirs[missing[i]] = true
		w.mu.Unlock()
	}
	return nil
}

type sameness int

const (
	absent  sameness = iota // no regular file there (or it cannot be read)
	differs                 // a regular file with other bytes
	equal                   // a regular file with these very bytes
)

// readBufs are the buffers same reads files into, for files under
// maxPooled bytes (pages; the odd large file gets a buffer of its own).
const maxPooled = 256 << 10

var readBufs = sync.Pool{New: func() any { return new([]byte) }}

// same compares the file at p with data, and returns its modification
// time in Unix nanoseconds when it is equal.
func same(p string, data []byte) (sameness, int64) {
	fd, err := os.Open(p)
	if err != nil {
		return absent, 0
	}
	defer fd.Close()
	var buf []byte
	if len(data) < maxPooled {
		bp := readBufs.Get().(*[]byte)
		defer readBufs.Put(bp)
		if cap(*bp) < len(data)+1 {
			*bp = make([]byte, len(data)+1, maxPooled)
		}
		buf = (*bp)[:len(data)+1]
	} else {
		buf = make([]byte, len(data)+1)
	}
	n, err := io.ReadFull(fd, buf)
	switch {
	case err != nil && err != io.ErrUnexpectedEOF && err != io.EOF:
		return absent, 0 // a folder, or unreadable: the slow path sorts it out
	case n == len(data) && bytes.Equal(buf[:n], data):
		st, err := fd.Stat()
		if err != nil {
			return absent, 0
		}
		return equal, st.ModTime().UnixNano()
	}
	return differs, 0
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

// Commit waits for every file to be written, removes from a reused folder
// what this build did not write, and swaps the folder in place of the
// destination. The site it replaces is kept as the next build's folder.
func (w *Writer) Commit() error {
	if err := w.drain(); err != nil {
		w.discard()
		return err
	}
	if w.reuse {
		if err := w.prune(); err != nil {
			w.discard()
			return err
		}
	} else {
		w.stampDirs()
	}
	if err := swap(w.tmp, w.dir); err != nil {
		w.discard()
		return err
	}
	// The site replaced is now the kept folder, and its manifest goes with
	// it; the new site's is written. A manifest that fails to move or be
	// written costs the next build time, not correctness.
	if os.Rename(manifestPath(w.dir), manifestPath(prevDir(w.dir))) != nil {
		os.Remove(manifestPath(prevDir(w.dir)))
	}
	writeManifest(w.dir, w.next, w.nextDirs)
	return nil
}

// Abort stops the build's writing and leaves the destination as it was.
func (w *Writer) Abort() {
	w.drain()
	w.discard()
}

// discard removes a fresh folder; a reused one is kept for the next build,
// which overwrites and prunes it whatever state it is in.
func (w *Writer) discard() {
	if !w.reuse {
		removeTree(w.tmp)
	}
}

// prune removes the files and folders of a reused folder that this build
// did not write. Folders are read in parallel, unsorted: at 10,000 studies
// (16,600 folders) the end of a build went from 185-285 to 116-153 ms.
func (w *Writer) prune() error {
	// The folders to keep hold a file of this build: not only those it
	// made, since files already in place are written without making theirs.
	keep := map[string]bool{".": true}
	for p := range w.paths {
		for d := path.Dir(p); !keep[d]; d = path.Dir(d) {
			keep[d] = true
		}
	}
	listed := w.old.children()
	var mu sync.Mutex
	w.nextDirs = make(map[string]int64, len(keep))
	var g errgroup.Group
	g.SetLimit(ioWorkers)
	var walk func(rel string) error
	walk = func(rel string) error {
		dir := filepath.Join(w.tmp, filepath.FromSlash(rel))
		entries, mtime, err := w.list(rel, dir, listed)
		if err != nil {
			return err
		}
		removed := false
		for _, e := range entries {
			r := path.Join(rel, e.name)
			switch {
			case e.dir && !keep[r]:
				if err := removeTree(filepath.Join(dir, e.name)); err != nil {
					return err
				}
				removed = true
			case e.dir:
				// A full pool walks the folder here rather than wait.
				if !g.TryGo(func() error { return walk(r) }) {
					if err := walk(r); err != nil {
						return err
					}
				}
			case !w.paths[r]:
				if err := os.Remove(filepath.Join(dir, e.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				removed = true
			}
		}
		if removed {
			st, err := os.Lstat(dir)
			if err != nil {
				return err
			}
			mtime = st.ModTime().UnixNano()
		}
		mu.Lock()
		w.nextDirs[rel] = mtime
		mu.Unlock()
		return nil
	}
	err := walk(".")
	return errors.Join(err, g.Wait())
}

// stampDirs notes the times of a fresh folder's folders, all made by this
// build, for its manifest (prune does it in a reused folder).
func (w *Writer) stampDirs() {
	w.nextDirs = make(map[string]int64, len(w.dirs))
	for d := range w.dirs {
		if st, err := os.Lstat(filepath.Join(w.tmp, filepath.FromSlash(d))); err == nil {
			w.nextDirs[d] = st.ModTime().UnixNano()
		}
	}
}

// dirEntry is a name in a folder, and whether it is a folder.
type dirEntry struct {
	name string
	dir  bool
}

// list returns what the folder rel (at dir) holds and its modification
// time. A folder the manifest lists, whose time is the manifest's, holds
// what the manifest says: it is not read. Its time must have nanoseconds,
// since a coarser clock could miss a file added in the same second, and
// the top folder is always read.
func (w *Writer) list(rel, dir string, listed map[string][]dirEntry) ([]dirEntry, int64, error) {
	// listed is nil when the manifest's listing cannot be trusted (see
	// manifest.children): every folder is read.
	if t, ok := w.old.dir(rel); ok && listed != nil && rel != "." && t%1e9 != 0 {
		if st, err := os.Lstat(dir); err == nil && st.IsDir() && st.ModTime().UnixNano() == t {
			return listed[rel], t, nil
		}
	}
	f, err := os.Open(dir)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	des, err := f.ReadDir(-1) // unsorted, unlike os.ReadDir
	if err != nil {
		return nil, 0, err
	}
	entries := make([]dirEntry, len(des))
	for i, e := range des {
		entries[i] = dirEntry{e.Name(), e.IsDir()}
	}
	return entries, st.ModTime().UnixNano(), nil
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

// swap puts tmp in place of dir and keeps the site it replaces as the
// previous build's folder. Where the system can exchange two paths
// atomically (Linux renameat2), dir is always either the old or the new
// site; elsewhere the old site is renamed aside first, leaving dir missing
// for an instant.
func swap(tmp, dir string) error {
	prev := prevDir(dir)
	if _, err := os.Lstat(dir); err != nil {
		return os.Rename(tmp, dir)
	}
	if exchange(tmp, dir) == nil {
		if tmp != prev { // a fresh folder: the old site is now at tmp
			return os.Rename(tmp, prev)
		}
		return nil
	}
	if tmp == prev {
		aside, err := os.MkdirTemp(filepath.Dir(dir), prefix(dir)+"new-")
		if err != nil {
			return err
		}
		os.Remove(aside)
		if err := os.Rename(tmp, aside); err != nil {
			return err
		}
		tmp = aside
	}
	if err := os.Rename(dir, prev); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(prev, dir)
		return err
	}
	return nil
}

func cleanLeftovers(parent, pre string) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), pre+"new-") {
			removeTree(filepath.Join(parent, e.Name()))
		}
	}
}
