package output

import (
	"context"
	"io"
	"os"
	"path"
	"path/filepath"
	"testing"
)

// tamper replaces the bytes of the file at p with others of the same size
// and, with keepTime, sets its modification time back as it was: the
// change a manifest cannot see.
func tamper(t *testing.T, p string, keepTime bool) {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = 'x'
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if keepTime {
		if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
			t.Fatal(err)
		}
	}
}

// TestManifestSparesReading builds three times, the third into the first
// build's folder: a file whose stat matches the manifest is not read (a
// change that kept size and time to the nanosecond goes unseen, which
// shows it), one whose time moved is read and rewritten, and a manifest
// that names another folder, holds a path out of its folder, or is
// damaged, is not used at all.
func TestManifestSparesReading(t *testing.T) {
	files := []File{
		{Path: "kept.html", Data: []byte("the same bytes every build")},
		{Path: "edited.html", Data: []byte("edited by hand between builds")},
		{Path: "deep/page.html", Data: []byte("deep page")},
	}
	prepare := func(t *testing.T) (dir, prev string) {
		root := t.TempDir()
		dir = filepath.Join(root, "public")
		for range 2 {
			if err := Dir(context.Background(), dir, files); err != nil {
				t.Fatal(err)
			}
		}
		prev = filepath.Join(root, ".public-prev")
		if m := readManifest(prev); m == nil || len(m.files) != len(files) {
			t.Fatalf("the kept folder's manifest: %+v", m)
		}
		tamper(t, filepath.Join(prev, "kept.html"), true)
		tamper(t, filepath.Join(prev, "edited.html"), false)
		return dir, prev
	}
	check := func(t *testing.T, dir string, keptRead bool) {
		t.Helper()
		for _, f := range files {
			got, err := os.ReadFile(filepath.Join(dir, f.Path))
			want := string(f.Data)
			if f.Path == "kept.html" && !keptRead {
				want = "xxxxxxxxxxxxxxxxxxxxxxxxxx" // not read, so not repaired
			}
			if err != nil || string(got) != want {
				t.Errorf("%s = %q, %v; want %q", f.Path, got, err, want)
			}
		}
		if m := readManifest(dir); m == nil || len(m.files) != len(files) {
			t.Errorf("the new site's manifest: %+v", m)
		}
	}

	t.Run("used", func(t *testing.T) {
		dir, _ := prepare(t)
		if err := Dir(context.Background(), dir, files); err != nil {
			t.Fatal(err)
		}
		check(t, dir, false)
	})
	// A manifest that must not be used: the build reads every file.
	read := func(t *testing.T, p string) []byte {
		t.Helper()
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for name, edit := range map[string]func(t *testing.T, dir, prev string) []byte{
		"another folder's": func(t *testing.T, dir, _ string) []byte { return read(t, manifestPath(dir)) },
		"leading outside": func(t *testing.T, _, prev string) []byte {
			return append(read(t, manifestPath(prev)), "d 1795512823716716691 deep/..\n"...)
		},
		"damaged": func(t *testing.T, _, prev string) []byte {
			return append(read(t, manifestPath(prev)), "12 not-a-number\n"...)
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir, prev := prepare(t)
			if err := os.WriteFile(manifestPath(prev), edit(t, dir, prev), 0o644); err != nil {
				t.Fatal(err)
			}
			if readManifest(prev) != nil {
				t.Fatal("the manifest was taken")
			}
			if err := Dir(context.Background(), dir, files); err != nil {
				t.Fatal(err)
			}
			check(t, dir, true)
		})
	}
}

// TestManifestSparesListing builds three times, the third into the first
// build's folder, after files were added to two of its folders by hand:
// the folder whose time moved is read and pruned; the one whose time was
// set back, to the nanosecond, is taken as the manifest lists it, which
// shows it is not read.
func TestManifestSparesListing(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	files := []File{
		{Path: "a/index.html", Data: []byte("a")},
		{Path: "b/index.html", Data: []byte("b")},
		{Path: "c/d/index.html", Data: []byte("d")},
		{Path: "data/export.csv", Stream: func(w io.Writer) error { _, err := io.WriteString(w, "x,y"); return err }},
	}
	for range 2 {
		if err := Dir(context.Background(), dir, files); err != nil {
			t.Fatal(err)
		}
	}
	prev := filepath.Join(root, ".public-prev")
	m := readManifest(prev)
	if m == nil || len(m.dirs) != 6 || len(m.files) != 4 {
		t.Fatalf("the kept folder's manifest: %+v", m)
	}
	add := func(rel string, keepTime bool) {
		d := filepath.Join(prev, filepath.FromSlash(path.Dir(rel)))
		st, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(prev, filepath.FromSlash(rel)), []byte("by hand"), 0o644); err != nil {
			t.Fatal(err)
		}
		if keepTime {
			os.Chtimes(d, st.ModTime(), st.ModTime())
		}
	}
	add("a/stray.html", false)
	add("c/d/hidden.html", true)
	// The export is no longer made: it must go although its folder is not read.
	if err := Dir(context.Background(), dir, files[:3]); err != nil {
		t.Fatal(err)
	}
	exists := func(rel string) bool {
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel)))
		return err == nil
	}
	if exists("a/stray.html") {
		t.Error("a/stray.html, added where the folder's time moved, was not pruned")
	}
	if !exists("c/d/hidden.html") {
		t.Error("c/d/hidden.html was pruned: its folder was read despite the manifest")
	}
	if exists("data/export.csv") || exists("data") {
		t.Error("the export this build no longer makes was kept")
	}
	for _, f := range files[:3] {
		if !exists(f.Path) {
			t.Errorf("%s is missing", f.Path)
		}
	}
}

// TestManifestChildrenReadAgain: a manifest lists folders from its file,
// read again when the folder is pruned, and not if the file changed since.
func TestManifestChildrenReadAgain(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	files := []File{{Path: "index.html", Data: []byte("i")}, {Path: "a/b/index.html", Data: []byte("b")}}
	for range 2 {
		if err := Dir(context.Background(), dir, files); err != nil {
			t.Fatal(err)
		}
	}
	m := readManifest(filepath.Join(root, ".public-prev"))
	if m == nil {
		t.Fatal("no manifest for the kept folder")
	}
	if e, ok := m.file("a/b/index.html"); !ok || e.size != 1 {
		t.Errorf("entry of a/b/index.html: %+v, %v", e, ok)
	}
	if _, ok := m.file("a/index.html"); ok {
		t.Error("an entry for a file never written")
	}
	got := m.children()
	if len(got["a/b"]) != 1 || got["a/b"][0].name != "index.html" || len(got["a"]) != 1 || !got["a"][0].dir {
		t.Errorf("children: %+v", got)
	}
	data, err := os.ReadFile(m.path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(m.path, append(data, "1 2 3 a/c.html\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := m.children(); got != nil {
		t.Errorf("children of a manifest changed since it was read: %+v", got)
	}
}

// TestManifestChangedDuringBuild: when the kept folder's manifest changes
// after the Writer read it, its listing is not used and every folder is
// read: a file added by hand where the manifest would have said nothing
// is, its folder's time set back, is pruned all the same.
func TestManifestChangedDuringBuild(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	files := []File{{Path: "index.html", Data: []byte("i")}, {Path: "c/d/index.html", Data: []byte("d")}}
	for range 2 {
		if err := Dir(context.Background(), dir, files); err != nil {
			t.Fatal(err)
		}
	}
	prev := filepath.Join(root, ".public-prev")
	d := filepath.Join(prev, "c", "d")
	st, err := os.Stat(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, "hidden.html"), []byte("by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(d, st.ModTime(), st.ModTime())
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The manifest changes once the Writer has read it.
	f, err := os.OpenFile(manifestPath(prev), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("1 2 3 x.html\n")
	f.Close()
	for _, file := range files {
		if err := w.Put(file); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "c", "d", "hidden.html")); err == nil {
		t.Error("c/d/hidden.html was kept: the changed manifest's listing was taken for the folder's")
	}
	if _, err := os.Stat(filepath.Join(dir, "c", "d", "index.html")); err != nil {
		t.Errorf("c/d/index.html: %v", err)
	}
}
