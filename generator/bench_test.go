package generator

import (
	"context"
	"testing"
	"testing/fstest"

	"casebook/generator/config"
	"casebook/generator/content"
	"casebook/generator/markdown"
	"casebook/generator/output"
	"casebook/generator/render"
	"casebook/generator/site"
	"casebook/internal/corpus"
)

const benchSize = 1000

func loadBench(b *testing.B) (*config.Config, *content.Set, fstest.MapFS) {
	fsys := corpus.Site(benchSize)
	cfg, _ := config.Load(fsys)
	set, diags := content.Load(context.Background(), fsys, content.Options{Tags: content.CoreTags()})
	if diags.Errors() > 0 {
		b.Fatal(diags.Error())
	}
	return cfg, set, fsys
}

func BenchmarkLoad(b *testing.B) {
	fsys := corpus.Site(benchSize)
	b.ReportAllocs()
	for b.Loop() {
		content.Load(context.Background(), fsys, content.Options{Tags: content.CoreTags()})
	}
}

func BenchmarkMarkdown(b *testing.B) {
	_, set, _ := loadBench(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := renderMarkdown(context.Background(), set, nil, markdown.New(), make([]site.Body, len(set.Studies))); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAssemble(b *testing.B) {
	cfg, set, _ := loadBench(b)
	held := make([]site.Body, len(set.Studies))
	pages, _ := renderMarkdown(context.Background(), set, nil, markdown.New(), held)
	bodies := site.Bodies{Held: held}
	b.ReportAllocs()
	for b.Loop() {
		site.Assemble(cfg, set, bodies, pages)
	}
}

func BenchmarkRender(b *testing.B) {
	cfg, set, fsys := loadBench(b)
	held := make([]site.Body, len(set.Studies))
	pages, _ := renderMarkdown(context.Background(), set, nil, markdown.New(), held)
	bodies := site.Bodies{Held: held}
	s := site.Assemble(cfg, set, bodies, pages)
	theme, err := loadTheme(fsys, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := theme.Render(context.Background(), s, render.Options{}, &collector{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	fsys := corpus.Site(benchSize)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(context.Background(), Config{Site: fsys}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	res, err := Build(context.Background(), Config{Site: corpus.Site(benchSize)})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir() + "/public"
	b.ReportAllocs()
	for b.Loop() {
		if err := output.Dir(context.Background(), dir, res.Files); err != nil {
			b.Fatal(err)
		}
	}
}
