package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"casebook/generator/config"
	"casebook/generator/content"
	"casebook/generator/markdown"
	"casebook/generator/render"
	"casebook/generator/site"
	"casebook/internal/corpus"
)

// TestCompiledPagesAsHTMLTemplate renders the sample portal and a
// generated one with every page compiled (a page the engine would leave to
// html/template fails the test) and with html/template alone, and requires
// the same files, byte for byte.
func TestCompiledPagesAsHTMLTemplate(t *testing.T) {
	for name, fsys := range map[string]fs.FS{"sample": os.DirFS(".."), "corpus": corpus.Site(300)} {
		t.Run(name, func(t *testing.T) {
			compareRenders(t, fsys, true)
		})
	}
}

// TestUncoveredTemplatesFallBack overrides the term page with a template
// the engine does not compile (printf) and the partner page with one whose
// every execution it leaves to html/template (a range over a number): the
// pages come out as html/template writes them.
func TestUncoveredTemplatesFallBack(t *testing.T) {
	fsys := corpus.Site(60)
	fsys["casebook.toml"].Data = append(bytes.Clone(fsys["casebook.toml"].Data), "\ntheme = \"mine\"\n"...)
	fsys["themes/mine/templates/term.html"] = &fstest.MapFile{Data: []byte(`{{template "base" .}}{{define "main"}}<h1>{{printf "%s (%d)" .Title (len .Term.Studies)}}</h1>{{end}}`)}
	fsys["themes/mine/templates/partner.html"] = &fstest.MapFile{Data: []byte(`{{template "base" .}}{{define "main"}}<h1>{{.Title}}</h1>{{range $i := 3}}{{$i}};{{end}}{{end}}`)}
	files := compareRenders(t, fsys, false)
	n := 0
	for p, data := range files {
		if strings.HasPrefix(p, "partners/") && strings.Count(p, "/") == 2 {
			n++
			if !bytes.Contains(data, []byte("0;1;2;")) {
				t.Fatalf("%s: %.300s", p, data)
			}
		}
	}
	if n == 0 {
		t.Fatal("no partner page")
	}
}

// compareRenders renders a site with the compiled templates, falling back
// to html/template or (compiled) not, and with html/template alone, and
// requires the same files; it returns them.
func compareRenders(t *testing.T, fsys fs.FS, compiled bool) map[string][]byte {
	t.Helper()
	cfg, diags := config.Load(fsys)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	set, diags := content.Load(context.Background(), fsys, content.Options{Tags: content.CoreTags(), Drafts: true})
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	held := make([]site.Body, len(set.Studies))
	pages, err := renderMarkdown(context.Background(), set, nil, markdown.New(), held)
	if err != nil {
		t.Fatal(err)
	}
	s := site.Assemble(cfg, set, site.Bodies{Held: held}, pages)
	theme, err := loadTheme(fsys, cfg)
	if err != nil {
		t.Fatal(err)
	}
	files := map[bool]map[string][]byte{}
	for _, interpret := range []bool{false, true} {
		var c collector
		if _, err := theme.Render(context.Background(), s, render.Options{Drafts: true, Compiled: compiled && !interpret, Interpret: interpret}, &c); err != nil {
			t.Fatalf("interpreted %v: %v", interpret, err)
		}
		files[!interpret] = map[string][]byte{}
		for _, f := range c.files {
			files[!interpret][f.Path] = bytes.Clone(f.Data)
		}
	}
	if len(files[true]) != len(files[false]) || len(files[true]) < 50 {
		t.Fatalf("%d files compiled, %d interpreted", len(files[true]), len(files[false]))
	}
	for p, want := range files[false] {
		if got := files[true][p]; !bytes.Equal(got, want) {
			t.Errorf("%s differs:\n%.300s\nhtml/template:\n%.300s", p, got, want)
		}
	}
	return files[false]
}
