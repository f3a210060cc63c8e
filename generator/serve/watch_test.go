package serve

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func watch(t *testing.T, dir string, o WatchOptions) *Watcher {
	t.Helper()
	w, err := Watch(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Error(err)
		}
	})
	return w
}

// next waits for the next Change.
func next(t *testing.T, w *Watcher) Change {
	t.Helper()
	select {
	case ch := <-w.Changes():
		return ch
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported after 5s")
	}
	return Change{}
}

// none checks that no Change comes for a while.
func none(t *testing.T, w *Watcher, d time.Duration) {
	t.Helper()
	select {
	case ch := <-w.Changes():
		t.Fatalf("unexpected change: %q", ch.Paths)
	case <-time.After(d):
	}
}

func wantPaths(t *testing.T, ch Change, want ...string) {
	t.Helper()
	if !slices.Equal(ch.Paths, want) {
		t.Fatalf("changed paths %q, want %q", ch.Paths, want)
	}
}

func TestWatchAtomicSave(t *testing.T) {
	dir := writeSite(t, testSite())
	w := watch(t, dir, WatchOptions{})
	name := filepath.Join(dir, "content/case-studies/alpha.md")
	saveAtomic(t, name, study("Alpha", "Second version."))
	wantPaths(t, next(t, w), "content/case-studies/alpha.md")
	// A second save through the same rename is seen too: the watch is on
	// the folder, not on the replaced file.
	saveAtomic(t, name, study("Alpha", "Third version."))
	wantPaths(t, next(t, w), "content/case-studies/alpha.md")
	// A plain write in place.
	writeFile(t, name, study("Alpha", "Fourth version."))
	wantPaths(t, next(t, w), "content/case-studies/alpha.md")
}

func TestWatchNewFolders(t *testing.T) {
	dir := writeSite(t, testSite())
	w := watch(t, dir, WatchOptions{})
	// A new nested folder inside a watched one.
	if err := os.MkdirAll(filepath.Join(dir, "content/case-studies/gamma/images"), 0o755); err != nil {
		t.Fatal(err)
	}
	if ch := next(t, w); !slices.Contains(ch.Paths, "content/case-studies/gamma") {
		t.Fatalf("changed paths %q, want content/case-studies/gamma among them", ch.Paths)
	}
	writeFile(t, filepath.Join(dir, "content/case-studies/gamma/images/a.png"), "png")
	wantPaths(t, next(t, w), "content/case-studies/gamma/images/a.png")
	// An input folder that did not exist when watching started.
	if err := os.Mkdir(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, next(t, w), "data")
	if err := os.Mkdir(filepath.Join(dir, "data/partners"), 0o755); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, next(t, w), "data/partners")
	writeFile(t, filepath.Join(dir, "data/partners/x.yaml"), "name: X\n")
	wantPaths(t, next(t, w), "data/partners/x.yaml")
	// A folder moved in from elsewhere, with its contents.
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "moved/sub/b.md"), "x")
	if err := os.Rename(filepath.Join(outside, "moved"), filepath.Join(dir, "content/moved")); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, next(t, w), "content/moved")
	writeFile(t, filepath.Join(dir, "content/moved/sub/c.md"), "x")
	wantPaths(t, next(t, w), "content/moved/sub/c.md")
}

func TestWatchDeletes(t *testing.T) {
	dir := writeSite(t, testSite())
	writeFile(t, filepath.Join(dir, "content/case-studies/gamma/index.md"), "x")
	w := watch(t, dir, WatchOptions{})
	if err := os.Remove(filepath.Join(dir, "content/case-studies/beta.md")); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, next(t, w), "content/case-studies/beta.md")
	gamma := filepath.Join(dir, "content/case-studies/gamma")
	if err := os.RemoveAll(gamma); err != nil {
		t.Fatal(err)
	}
	ch := next(t, w)
	if !slices.Contains(ch.Paths, "content/case-studies/gamma") {
		t.Fatalf("changed paths %q, want content/case-studies/gamma among them", ch.Paths)
	}
	if slices.Contains(w.fsw.WatchList(), gamma) {
		t.Error("the removed folder is still in the watch list")
	}
	// The same name again is a new folder, watched afresh.
	writeFile(t, filepath.Join(gamma, "index.md"), "y")
	if ch := next(t, w); !slices.Contains(ch.Paths, "content/case-studies/gamma") {
		t.Fatalf("changed paths %q", ch.Paths)
	}
	writeFile(t, filepath.Join(gamma, "index.md"), "z")
	wantPaths(t, next(t, w), "content/case-studies/gamma/index.md")
	// A folder renamed away is dropped too.
	if err := os.Rename(gamma, filepath.Join(t.TempDir(), "gone")); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, next(t, w), "content/case-studies/gamma")
	if slices.Contains(w.fsw.WatchList(), gamma) {
		t.Error("the renamed folder is still in the watch list")
	}
}

func TestWatchIgnores(t *testing.T) {
	dir := writeSite(t, testSite())
	w := watch(t, dir, WatchOptions{})
	cs := filepath.Join(dir, "content/case-studies")
	for _, name := range []string{".alpha.md.swp", "alpha.md~", "4913", ".#alpha.md", "#alpha.md#", "alpha.md___jb_tmp___"} {
		writeFile(t, filepath.Join(cs, name), "x")
	}
	writeFile(t, filepath.Join(dir, "content/.git/config"), "x")
	writeFile(t, filepath.Join(dir, "public/index.html"), "x")
	writeFile(t, filepath.Join(dir, "README.md"), "x")
	if err := os.Chmod(filepath.Join(cs, "alpha.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	none(t, w, 200*time.Millisecond)
	writeFile(t, filepath.Join(dir, "casebook.toml"), "title = \"Renamed\"\n")
	wantPaths(t, next(t, w), "casebook.toml")
}

// A burst like a git checkout or a search-and-replace over 500 files makes
// one rebuild, or very few: the debounce waits for the folder to settle.
func TestWatchBurst(t *testing.T) {
	dir := writeSite(t, testSite())
	w := watch(t, dir, WatchOptions{})
	cs := filepath.Join(dir, "content/case-studies")
	const n = 500
	for i := range n {
		writeFile(t, filepath.Join(cs, fmt.Sprintf("s%03d.md", i)), "x")
	}
	var changes []Change
	seen := map[string]bool{}
	for len(seen) < n {
		ch := next(t, w)
		changes = append(changes, ch)
		for _, p := range ch.Paths {
			seen[p] = true
		}
	}
	none(t, w, 100*time.Millisecond)
	if len(changes) > 3 {
		t.Errorf("%d files written in a burst made %d changes; want at most 3", n, len(changes))
	}
	for _, ch := range changes {
		t.Logf("change of %d paths, first event %s ago", len(ch.Paths), time.Since(ch.First))
	}
	t.Logf("%d files → %d change(s)", n, len(changes))
}

func TestWatchPolling(t *testing.T) {
	dir := writeSite(t, testSite())
	w := watch(t, dir, WatchOptions{ForcePoll: true, Poll: 20 * time.Millisecond})
	if w.Mode() != "polling every 20ms" {
		t.Errorf("mode %q", w.Mode())
	}
	// Modification times can be coarse: change the size too.
	saveAtomic(t, filepath.Join(dir, "content/case-studies/alpha.md"), study("Alpha", "A longer second version."))
	wantPaths(t, next(t, w), "content/case-studies/alpha.md")
	if err := os.MkdirAll(filepath.Join(dir, "content/new"), 0o755); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, next(t, w), "content/new")
	writeFile(t, filepath.Join(dir, "content/new/x.md"), "x")
	writeFile(t, filepath.Join(dir, "content/.x.md.swp"), "x")
	wantPaths(t, next(t, w), "content/new/x.md")
	if err := os.Remove(filepath.Join(dir, "content/new/x.md")); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, next(t, w), "content/new/x.md")
	none(t, w, 100*time.Millisecond)
}

// A poll that lands between a file's creation and its first write (cp, a
// plain save) must not report the empty file on its own: the rescan a
// quiet period later sees the write, and one change covers both.
func TestWatchPollingWaitsForWrites(t *testing.T) {
	dir := writeSite(t, testSite())
	// A long quiet period, so that a slow machine cannot make the test void.
	w := watch(t, dir, WatchOptions{ForcePoll: true, Poll: 10 * time.Millisecond, Debounce: 800 * time.Millisecond})
	got, stop := make(chan Change, 4), make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() { // reads at once, as the server does
		for {
			select {
			case ch := <-w.Changes():
				got <- ch
			case <-stop:
				return
			}
		}
	}()
	name := filepath.Join(dir, "content/case-studies/new.md")
	writeFile(t, name, "")
	time.Sleep(40 * time.Millisecond) // several polls see the empty file
	writeFile(t, name, study("New", "Written after a pause."))
	select {
	case ch := <-got:
		wantPaths(t, ch, "content/case-studies/new.md")
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported after 5s")
	}
	select {
	case ch := <-got:
		t.Fatalf("a second change %q: the empty file was reported on its own", ch.Paths)
	case <-time.After(1200 * time.Millisecond):
	}
}

// When notifications cannot be had (inotify limits), the watcher polls,
// and says so.
func TestWatchFallsBackToPolling(t *testing.T) {
	dir := writeSite(t, testSite())
	log := &syncBuffer{}
	w := watch(t, dir, WatchOptions{Poll: 20 * time.Millisecond, Log: log, newNotify: func() (*fsnotify.Watcher, error) {
		return nil, errors.New("too many open files")
	}})
	if w.Mode() != "polling every 20ms" || !strings.Contains(log.String(), "cannot watch "+dir+" for changes (too many open files); polling every 20ms instead") {
		t.Fatalf("mode %q, log %q", w.Mode(), log.String())
	}
	writeFile(t, filepath.Join(dir, "casebook.toml"), "title = \"Polled\"\n")
	wantPaths(t, next(t, w), "casebook.toml")
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"alpha.md": false, "style.css": false, "index.md": false, "2024-report.pdf": false,
		".alpha.md.swp": true, ".#alpha.md": true, "alpha.md~": true, "4913": true, "5036": true,
		"#alpha.md#": true, ".DS_Store": true, "x___jb_old___": true, "": true,
	} {
		if got := ignored(name); got != want {
			t.Errorf("ignored(%q) = %v, want %v", name, got, want)
		}
	}
}
