package output

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDirSwapsAndCleans(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	ctx := context.Background()
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			return "<" + err.Error() + ">"
		}
		return string(b)
	}
	if err := Dir(ctx, dir, []File{{Path: "index.html", Data: []byte("one")}, {Path: "a/b/c.txt", Data: []byte("c")}}); err != nil {
		t.Fatal(err)
	}
	// A leftover of an interrupted build is removed by the next one.
	os.MkdirAll(filepath.Join(root, ".public-new-123"), 0o755)
	if err := Dir(ctx, dir, []File{{Path: "index.html", Data: []byte("two")}}); err != nil {
		t.Fatal(err)
	}
	if read("index.html") != "two" {
		t.Errorf("index.html = %q", read("index.html"))
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Errorf("stale folder kept: %v", err)
	}
	// The third build reuses the first one's folder, kept as .public-prev:
	// it prunes what is no longer there, and a file where a folder is now
	// wanted gives way.
	if err := Dir(ctx, dir, []File{{Path: "index.html", Data: []byte("three")}, {Path: "a/b/c.txt/inside", Data: []byte("e")}}); err != nil {
		t.Fatal(err)
	}
	if read("index.html") != "three" || read("a/b/c.txt/inside") != "e" {
		t.Errorf("third build: %q, %q", read("index.html"), read("a/b/c.txt/inside"))
	}
	if got := names(t, root); got != ".public-prev .public-prev.files .public.files public" {
		t.Errorf("beside public: %s, want only .public-prev and the two folders' manifests", got)
	}
	if b, _ := os.ReadFile(filepath.Join(root, ".public-prev", "index.html")); string(b) != "two" {
		t.Errorf("the kept folder is not the previous site: %q", b)
	}
}

// names lists the names in dir.
func names(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return strings.Join(out, " ")
}

func TestDirFailureKeepsOld(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	Dir(context.Background(), dir, []File{{Path: "index.html", Data: []byte("old")}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Dir(ctx, dir, []File{{Path: "index.html", Data: []byte("new")}}); err == nil {
		t.Fatal("a cancelled build succeeded")
	}
	got, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if string(got) != "old" {
		t.Errorf("index.html = %q, want the old site", got)
	}
}

func TestSort(t *testing.T) {
	if err := Sort([]File{{Path: "b"}, {Path: "a"}, {Path: "b"}}); err == nil || !strings.Contains(err.Error(), `"b"`) {
		t.Errorf("duplicate not reported: %v", err)
	}
	for _, p := range []string{"../x", "/abs", "a/../../x", ""} {
		if err := Sort([]File{{Path: p}}); err == nil {
			t.Errorf("path %q accepted", p)
		}
	}
}

func TestMem(t *testing.T) {
	m := NewMem([]File{{Path: "index.html", Data: []byte("home")}, {Path: "x/index.html", Data: []byte("x")}, {Path: "404.html", Data: []byte("missing")}, {Path: "a.css", Data: []byte("b{}")}})
	for _, tc := range []struct {
		path, body, ctype string
		code              int
	}{
		{"/", "home", "text/html; charset=utf-8", 200},
		{"/x/", "x", "text/html; charset=utf-8", 200},
		{"/x", "x", "text/html; charset=utf-8", 200},
		{"/a.css", "b{}", "text/css; charset=utf-8", 200},
		{"/../../etc/passwd", "missing", "text/html; charset=utf-8", 404},
		{"/%2e%2e/%2e%2e/etc/passwd", "missing", "text/html; charset=utf-8", 404},
	} {
		w := httptest.NewRecorder()
		m.ServeHTTP(w, httptest.NewRequest("GET", tc.path, nil))
		if w.Code != tc.code || w.Body.String() != tc.body || w.Header().Get("Content-Type") != tc.ctype || w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d %q %q", tc.path, w.Code, w.Body.String(), w.Header().Get("Content-Type"))
		}
	}
}

func TestWriterStreams(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	Dir(context.Background(), dir, []File{{Path: "index.html", Data: []byte("old")}})
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 50)
	for i := range 50 {
		go func() {
			done <- w.Put(File{Path: filepath.ToSlash(filepath.Join("a", "b", string(rune('a'+i%26)), "p"+string(rune('a'+i/26)), "index.html")), Data: []byte("x")})
		}()
	}
	for range 50 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Put(File{Path: "a/b/a/pa/index.html"}); err == nil {
		t.Error("a second file at one path was accepted")
	}
	if err := w.Put(File{Path: "../escape"}); err == nil {
		t.Error("a path outside the folder was accepted")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(got) != "old" {
		t.Error("the destination changed before Commit")
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a/b/z/pa/index.html")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); !os.IsNotExist(err) {
		t.Error("the old site's files survived the swap")
	}
	w2, _ := NewWriter(dir)
	w2.Put(File{Path: "x.html"})
	w2.Abort()
	if got := names(t, root); got != ".public-prev .public-prev.files .public.files public" {
		t.Errorf("Abort left %s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.html")); !os.IsNotExist(err) {
		t.Error("an aborted build reached public/")
	}
}

// TestWriterReleases checks that a Writer gives each buffer back once its
// file is written, and only then: the maker overwrites it at once.
func TestWriterReleases(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	released := map[string]int{}
	for i := range 200 {
		name := fmt.Sprintf("p%d/index.html", i)
		data := []byte(strings.Repeat(name, 100))
		err := w.Put(File{Path: name, Data: data, Release: func() {
			mu.Lock()
			released[name]++
			mu.Unlock()
			clear(data) // as a reused buffer would be
		}})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		name := fmt.Sprintf("p%d/index.html", i)
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != strings.Repeat(name, 100) {
			t.Fatalf("%s: %.40q…, want its own bytes: the buffer was given back before it was written", name, got)
		}
		if released[name] != 1 {
			t.Errorf("%s: released %d times", name, released[name])
		}
	}
}

// A reused folder keeps the files that did not change as they are (their
// modification times too) and rewrites every other one, whatever its
// length or what a killed build left in it.
func TestDirReuseKeepsUnchangedFiles(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	ctx := context.Background()
	files := func(changed string) []File {
		return []File{
			{Path: "same.html", Data: []byte("unchanged")},
			{Path: "same-length.html", Data: []byte("version " + changed)},
			{Path: "longer.html", Data: []byte("v" + strings.Repeat(changed, 3))},
			{Path: "empty.txt"},
			{Path: "deep/er/page.html", Data: []byte("deep " + changed)},
		}
	}
	for range 2 {
		if err := Dir(ctx, dir, files("A")); err != nil {
			t.Fatal(err)
		}
	}
	// The kept folder is what the third build reuses: age its files, and
	// leave in it what a killed build might have.
	prev := filepath.Join(root, ".public-prev")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	filepath.WalkDir(prev, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	if err := os.WriteFile(filepath.Join(prev, "deep/er/page.html"), []byte("dee"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(filepath.Join(prev, "deep/er/page.html"), old, old)
	if err := Dir(ctx, dir, files("B")); err != nil {
		t.Fatal(err)
	}
	for _, f := range files("B") {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		got, err := os.ReadFile(p)
		if err != nil || string(got) != string(f.Data) {
			t.Errorf("%s = %q, %v; want %q", f.Path, got, err, f.Data)
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if kept := st.ModTime().Equal(old); kept != (f.Path == "same.html" || f.Path == "empty.txt") {
			t.Errorf("%s: modification time kept %v", f.Path, kept)
		}
	}
}

// TestPruneWideTree reuses a folder of many nested folders, more than the
// pool of walkers, and requires that exactly this build's files are left.
func TestPruneWideTree(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	ctx := context.Background()
	var old, cur []File
	want := map[string]bool{}
	for i := range 60 {
		for j := range 3 {
			p := fmt.Sprintf("s%d/p%d/index.html", i, j)
			old = append(old, File{Path: p, Data: []byte("old")})
			old = append(old, File{Path: fmt.Sprintf("s%d/p%d/stale/deep/x.txt", i, j), Data: []byte("stale")})
			if (i+j)%2 == 0 {
				cur = append(cur, File{Path: p, Data: []byte("new")})
				want[p] = true
			}
		}
		old = append(old, File{Path: fmt.Sprintf("s%d/stale.txt", i), Data: []byte("stale")})
	}
	// Two builds of the old site leave it both in public and in
	// .public-prev, which the third build reuses.
	for range 2 {
		if err := Dir(ctx, dir, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := Dir(ctx, dir, cur); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case !d.IsDir():
			got[rel] = true
		case rel != ".":
			if entries, _ := os.ReadDir(p); len(entries) == 0 {
				t.Errorf("empty folder %s kept", rel)
			}
		}
		return nil
	})
	if !maps.Equal(got, want) {
		t.Errorf("%d files left, want %d", len(got), len(want))
		for p := range got {
			if !want[p] {
				t.Errorf("stale %s kept", p)
			}
		}
	}
}
