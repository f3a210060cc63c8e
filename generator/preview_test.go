package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unsafe"

	"casebook/generator/render"
	"casebook/generator/site"

	"casebook/internal/corpus"
)

// A Preview serves exactly the files Build writes, byte for byte, and
// nothing else; it makes the feeds and the search index only when one of
// their files is asked for.
func TestPreviewServesWhatBuildWrites(t *testing.T) {
	for name, site := range map[string]fs.FS{"corpus": corpus.Site(60), "sample": os.DirFS("..")} {
		t.Run(name, func(t *testing.T) {
			c := Config{Site: site, Drafts: true, BaseURL: "http://127.0.0.1:1313/", Cache: NewCache()}
			res, err := Build(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			pv, pres, err := NewPreview(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			if pres.Pages != res.Pages || pv.Studies() != res.Studies {
				t.Errorf("preview: %d pages, %d studies; build: %d, %d", pres.Pages, pv.Studies(), res.Pages, res.Studies)
			}
			for _, g := range pv.groups {
				if g.files != nil {
					t.Fatal("a group of files was made before it was asked for")
				}
			}
			for _, f := range res.Files {
				data, ok, err := pv.Open(f.Path)
				if err != nil || !ok {
					t.Fatalf("%s: ok %v, err %v", f.Path, ok, err)
				}
				if !bytes.Equal(data, f.Data) {
					t.Errorf("%s differs from the build's", f.Path)
				}
			}
			for _, p := range []string{"nope.html", "case-studies/nope/index.html", "search/nope.bin", "data/nope.json", "tags/nope/feed.xml", "../casebook.toml"} {
				if _, ok, err := pv.Open(p); ok || err != nil {
					t.Errorf("%s: ok %v, err %v", p, ok, err)
				}
			}
			if name, _, ok, _ := pv.Lookup("/case-studies/"); !ok || name != "case-studies/index.html" {
				t.Errorf("Lookup(/case-studies/) = %q, %v", name, ok)
			}
			if name, _, ok, _ := pv.Lookup("/search"); !ok || name != "search/index.html" {
				t.Errorf("Lookup(/search) = %q, %v", name, ok)
			}
		})
	}
}

// Rebuilds with a Cache parse and render only what changed: the parse of
// an unchanged file, and its rendered Markdown, are the very same values.
func TestCacheReusesParsesAndRenderings(t *testing.T) {
	dir := t.TempDir()
	for name, f := range corpus.Site(20) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := Config{Site: os.DirFS(dir), Drafts: true, Cache: NewCache()}
	prep := func() map[string]*site.Study {
		t.Helper()
		p, err := prepare(context.Background(), c, newRun(), false)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]*site.Study{}
		for _, st := range p.site.Studies {
			out[st.File] = st
		}
		return out
	}
	html := func(st *site.Study) string {
		body, err := st.Rendered()
		if err != nil {
			t.Fatal(err)
		}
		return string(body.HTML)
	}
	same := func(a, b *site.Study) bool {
		return a.CaseStudy == b.CaseStudy && unsafe.StringData(html(a)) == unsafe.StringData(html(b))
	}
	first := prep()
	if len(first) != 20 {
		t.Fatalf("%d studies", len(first))
	}
	second := prep()
	var edited string
	for file, st := range first {
		if !same(st, second[file]) {
			t.Errorf("%s was parsed or rendered again though it did not change", file)
		}
		edited = file
	}
	name := filepath.Join(dir, filepath.FromSlash(edited))
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, append(src, "\nAn *edit*.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	third := prep()
	for file, st := range second {
		if got := same(st, third[file]); got != (file != edited) {
			t.Errorf("%s: reused %v after an edit of %s", file, got, edited)
		}
	}
	if got := html(third[edited]); !strings.Contains(got, "<em>edit</em>") {
		t.Errorf("the edit is not in the rendering: %s", got)
	}
}

// The loaded theme is reused while its files and casebook.toml stay the
// same, and loaded again when either changes.
func TestCacheReusesTheme(t *testing.T) {
	dir := t.TempDir()
	files := corpus.Site(5)
	files["casebook.toml"].Data = append(files["casebook.toml"].Data, "\ntheme = \"mine\"\n"...)
	files["themes/mine/assets/extra.css"] = &fstest.MapFile{Data: []byte(".x { color: red }\n")}
	for name, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := Config{Site: os.DirFS(dir), Cache: NewCache()}
	theme := func() *render.Theme {
		t.Helper()
		p, err := prepare(context.Background(), c, newRun(), false)
		if err != nil {
			t.Fatal(err)
		}
		return p.theme
	}
	first := theme()
	if theme() != first {
		t.Fatal("the theme was loaded again though nothing changed")
	}
	if err := os.WriteFile(filepath.Join(dir, "themes/mine/assets/extra.css"), []byte(".x { color: blue }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	second := theme()
	if second == first {
		t.Fatal("a theme file changed and the old theme was kept")
	}
	if err := os.WriteFile(filepath.Join(dir, "casebook.toml"), append(files["casebook.toml"].Data, "description = \"Other\"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if theme() == second {
		t.Fatal("casebook.toml changed and the old theme was kept")
	}
}
