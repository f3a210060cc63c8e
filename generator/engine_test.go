package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"testing"

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
			for _, compiled := range []bool{true, false} {
				var c collector
				if _, err := theme.Render(context.Background(), s, render.Options{Drafts: true, Compiled: compiled, Interpret: !compiled}, &c); err != nil {
					t.Fatalf("compiled %v: %v", compiled, err)
				}
				files[compiled] = map[string][]byte{}
				for _, f := range c.files {
					files[compiled][f.Path] = bytes.Clone(f.Data)
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
		})
	}
}
