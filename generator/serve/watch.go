package serve

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// inputs are the entries of a site folder that a build reads: the config
// file and four folders, watched recursively. Nothing else in the folder
// (public/, .git/, README.md) starts a rebuild. Never modified.
var inputs = []string{"casebook.toml", "content", "data", "static", "themes"}

// maxWait bounds how long a burst that goes on is held back.
const maxWait = time.Second

// Change is one settled burst of changes to a site folder's inputs.
type Change struct {
	Paths    []string  // slash-separated, relative to the folder, sorted, without duplicates
	First    time.Time // when the first event of the burst was seen
	Overflow bool      // events were lost (the kernel queue overflowed): rebuild everything
}

// WatchOptions tune a Watcher.
type WatchOptions struct {
	// Debounce is how long the folder must stay quiet before a burst is
	// reported; 15ms when zero. When polling, the folder is scanned again
	// that long after a change and the burst goes on while that scan finds
	// more. A burst that goes on is reported anyway after a second, so a
	// stream of writes cannot starve builds.
	Debounce time.Duration
	// Poll, when positive, polls the folder at this interval instead of
	// using the operating system's notifications. It is also the interval
	// of the fallback used when notifications are unavailable (500ms when zero).
	Poll time.Duration
	// ForcePoll polls even when notifications are available.
	ForcePoll bool
	// Log receives one line when the watcher falls back to polling, and
	// watch errors; nil discards them.
	Log io.Writer

	newNotify func() (*fsnotify.Watcher, error) // fsnotify.NewWatcher; tests replace it
}

// Watcher reports changes to the inputs of a site folder (casebook.toml,
// content/, data/, static/ and themes/): editors' saves
// (including atomic saves, a write to a temporary file renamed over the
// original), new and deleted files and folders, coalesced into one Change
// per burst. Only modifications count: chmod-only events are ignored, and so
// are hidden files and folders (.x.swp, .#x, .git), backups (x~, #x#) and
// probe files (vim's 4913). New folders are watched as they appear and
// deleted ones dropped.
//
// A Watcher runs one goroutine until Close. Changes is read by one
// goroutine; a Change waits there, merging later events, until it is read.
type Watcher struct {
	dir     string
	o       WatchOptions
	fsw     *fsnotify.Watcher // nil when polling
	watched map[string]bool   // folders added to fsw, absolute; owned by the loop
	changes chan Change
	done    chan struct{}
	wg      sync.WaitGroup
	mode    string
	once    sync.Once
}

// Watch starts watching the site folder dir.
func Watch(dir string, o WatchOptions) (*Watcher, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	if o.Debounce <= 0 {
		o.Debounce = 15 * time.Millisecond
	}
	if o.Poll <= 0 {
		o.Poll = 500 * time.Millisecond
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	w := &Watcher{dir: abs, o: o, watched: map[string]bool{}, changes: make(chan Change), done: make(chan struct{})}
	var snap map[string]stamp
	if !o.ForcePoll {
		if err = w.startNotify(); err != nil {
			fmt.Fprintf(o.Log, "casebook: cannot watch %s for changes (%v); polling every %s instead\n", dir, err, o.Poll)
		}
	}
	if w.fsw == nil {
		w.mode = "polling every " + o.Poll.String()
		snap = w.scan()
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		w.loop(snap)
	}()
	return w, nil
}

// startNotify creates the fsnotify watcher and adds every input folder.
func (w *Watcher) startNotify() error {
	newNotify := w.o.newNotify
	if newNotify == nil {
		newNotify = fsnotify.NewWatcher
	}
	fsw, err := newNotify()
	if err != nil {
		return err
	}
	w.fsw = fsw
	if err := fsw.Add(w.dir); err != nil { // the config file and the input folders appearing
		fsw.Close()
		w.fsw = nil
		return err
	}
	for _, in := range inputs[1:] {
		if err := w.addTree(filepath.Join(w.dir, in)); err != nil {
			fsw.Close()
			w.fsw = nil
			return err
		}
	}
	w.mode = fmt.Sprintf("fsnotify, %d folders", len(w.watched)+1)
	return nil
}

// addTree adds a folder and every folder under it, skipping hidden ones. A
// folder that vanished meanwhile is not an error.
func (w *Watcher) addTree(root string) error {
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && ignored(d.Name()) {
			return filepath.SkipDir
		}
		if w.watched[p] {
			return nil
		}
		if err := w.fsw.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return fmt.Errorf("watching %s: %w", p, err)
		}
		w.watched[p] = true
		return nil
	})
	return err
}

// dropTree forgets a removed or renamed folder and every folder under it.
func (w *Watcher) dropTree(root string) {
	for p := range w.watched {
		if p == root || strings.HasPrefix(p, root+string(filepath.Separator)) {
			delete(w.watched, p)
			_ = w.fsw.Remove(p) // fsnotify has often dropped it already
		}
	}
}

// Changes delivers one Change per settled burst.
func (w *Watcher) Changes() <-chan Change { return w.changes }

// Mode says how the folder is watched, for logs: "fsnotify, 12 folders"
// or "polling every 500ms".
func (w *Watcher) Mode() string { return w.mode }

// Close stops watching and waits for the watcher's goroutine to end.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		w.wg.Wait()
		if w.fsw != nil {
			err = w.fsw.Close()
		}
	})
	return err
}

// loop collects events into a pending set, waits for the trailing quiet
// period, then offers the merged Change on w.changes while collecting more.
func (w *Watcher) loop(snap map[string]stamp) {
	var (
		events  <-chan fsnotify.Event
		errs    <-chan error
		tick    <-chan time.Time
		pending = map[string]bool{}
		first   time.Time
		over    bool
		ready   Change // settled, waiting to be read when out is set
		out     chan<- Change
	)
	if w.fsw != nil {
		events, errs = w.fsw.Events, w.fsw.Errors
	} else {
		t := time.NewTicker(w.o.Poll)
		defer t.Stop()
		tick = t.C
	}
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	defer quiet.Stop()
	note := func(rel string, now time.Time) {
		if len(pending) == 0 && !over {
			first = now
		}
		pending[rel] = true
		wait := w.o.Debounce
		if limit := first.Add(maxWait).Sub(now); limit < wait {
			wait = max(limit, 0)
		}
		quiet.Reset(wait)
	}
	settle := func() {
		if len(pending) == 0 && !over {
			return
		}
		if out == nil {
			ready = Change{First: first}
		}
		paths := append(ready.Paths, slices.Collect(maps.Keys(pending))...)
		slices.Sort(paths)
		ready.Paths = slices.Compact(paths)
		ready.Overflow = ready.Overflow || over
		clear(pending)
		over = false
		out = w.changes
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			if rel, ok := w.handle(ev); ok {
				note(rel, time.Now())
			}
		case err, ok := <-errs:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				over = true
				for _, in := range inputs[1:] {
					_ = w.addTree(filepath.Join(w.dir, in))
				}
				note(".", time.Now())
				continue
			}
			fmt.Fprintf(w.o.Log, "casebook: watching: %v\n", err)
		case now := <-tick:
			next := w.scan()
			for _, rel := range diffStamps(snap, next) {
				note(rel, now)
			}
			snap = next
		case now := <-quiet.C:
			// Polling sees a file between its creation and its first
			// write (cp, a plain save): a change only settles once a
			// second look, a quiet period later, finds nothing new.
			if tick != nil && now.Sub(first) < maxWait {
				next := w.scan()
				changed := diffStamps(snap, next)
				snap = next
				if len(changed) > 0 {
					for _, rel := range changed {
						note(rel, now)
					}
					continue
				}
			}
			settle()
		case out <- ready:
			ready, out = Change{}, nil
		}
	}
}

// handle keeps the watch list in step with an event and reports whether
// the event is a change to an input, with its relative path.
func (w *Watcher) handle(ev fsnotify.Event) (string, bool) {
	if ev.Op == fsnotify.Chmod || ev.Op == 0 {
		return "", false
	}
	rel, ok := w.relevant(ev.Name)
	if !ok {
		return "", false
	}
	if (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) && w.watched[ev.Name] {
		w.dropTree(ev.Name)
	}
	if ev.Has(fsnotify.Create) && rel != inputs[0] {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			if err := w.addTree(ev.Name); err != nil {
				fmt.Fprintf(w.o.Log, "casebook: %v\n", err)
			}
		}
	}
	return rel, true
}

// relevant maps an absolute path to its path relative to the site folder
// when it is (under) an input and no part of it is ignored.
func (w *Watcher) relevant(name string) (string, bool) {
	rel, err := filepath.Rel(w.dir, name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if !slices.Contains(inputs, top) || (top == inputs[0] && rel != top) {
		return "", false
	}
	for part := range strings.SplitSeq(rel, "/") {
		if ignored(part) {
			return "", false
		}
	}
	return rel, true
}

// ignored reports whether a file or folder name is an editor's or a
// system's by-product rather than input: hidden names (.x.swp, .#x,
// .DS_Store, .git), backups (x~, #x#), JetBrains' safe-write files and
// probe files made of digits only (vim writes 4913 to test a folder).
func ignored(name string) bool {
	switch {
	case name == "":
		return true
	case strings.HasPrefix(name, "."), strings.HasSuffix(name, "~"):
		return true
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	case strings.Trim(name, "0123456789") == "":
		return true
	}
	return false
}

// stamp is what polling compares: a file changed when one of these did.
type stamp struct {
	size int64
	mod  time.Time
	mode fs.FileMode
}

// scan stamps every input file, keyed by relative path.
func (w *Watcher) scan() map[string]stamp {
	out := map[string]stamp{}
	for _, in := range inputs {
		root := filepath.Join(w.dir, in)
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if p != root && ignored(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(w.dir, p)
			mode := info.Mode().Type()
			if d.IsDir() {
				out[filepath.ToSlash(rel)] = stamp{mode: mode}
				return nil
			}
			out[filepath.ToSlash(rel)] = stamp{size: info.Size(), mod: info.ModTime(), mode: mode}
			return nil
		})
	}
	return out
}

// diffStamps lists the paths added, removed or changed between two scans.
func diffStamps(a, b map[string]stamp) []string {
	var out []string
	for p, s := range b {
		if t, ok := a[p]; !ok || !t.mod.Equal(s.mod) || t.size != s.size || t.mode != s.mode {
			out = append(out, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			out = append(out, p)
		}
	}
	return out
}
