package generator_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"casebook/generator"
	"casebook/generator/sitetest"
)

// Builds sharing a Cache give the same files as builds without one, and see
// every edit: a changed body, goal or lesson is rendered afresh.
func TestCacheReuse(t *testing.T) {
	site := sitetest.FS("-- casebook.toml --\ntitle = \"Cache\"\n" +
		"-- content/case-studies/a.md --\n" + study("Alpha", "2024-03-18", twoPartners, "") +
		"-- content/case-studies/b.md --\n" + study("Beta", "2024-03-19", twoPartners, "") +
		"-- content/about.md --\n---\ntitle: About\n---\nAbout *us*.\n")
	cache := generator.NewCache()
	build := func(c *generator.Cache) map[string][]byte {
		t.Helper()
		res, err := generator.Build(context.Background(), generator.Config{Site: site, BaseURL: "https://x.org/", Cache: c})
		if err != nil {
			t.Fatalf("build: %v\n%s", err, res.Diags.Error())
		}
		out := map[string][]byte{}
		for _, f := range res.Files {
			out[f.Path] = f.Data
		}
		return out
	}
	same := func(got, want map[string][]byte) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d files, want %d", len(got), len(want))
		}
		for p, w := range want {
			if !bytes.Equal(got[p], w) {
				t.Errorf("%s differs between a cached and an uncached build", p)
			}
		}
	}
	for range 3 {
		same(build(cache), build(nil))
	}
	edit := func(name, from, to string) {
		t.Helper()
		old := string(site[name].Data)
		if !strings.Contains(old, from) {
			t.Fatalf("%s has no %q", name, from)
		}
		site[name] = &fstest.MapFile{Data: []byte(strings.Replace(old, from, to, 1))}
	}
	edit("content/case-studies/a.md", "Text with a", "Edited text with a")
	edit("content/case-studies/b.md", "Equip *teachers*", "Equip *nurses*")
	edit("content/case-studies/b.md", "Start early.", "Start _very_ early.")
	edit("content/about.md", "About *us*.", "About *them*.")
	got := build(cache)
	same(got, build(nil))
	for file, want := range map[string]string{
		"case-studies/a/index.html": "Edited text with a",
		"case-studies/b/index.html": "<em>nurses</em>",
		"about/index.html":          "<em>them</em>",
	} {
		if !strings.Contains(string(got[file]), want) {
			t.Errorf("%s lacks %q after the edit", file, want)
		}
	}
	if !strings.Contains(string(got["case-studies/b/index.html"]), "<em>very</em>") {
		t.Error("the edited lesson was not rendered afresh")
	}
	// What the rendering depends on besides the source (minification, set
	// in casebook.toml) changes what is cached too.
	for _, minify := range []string{"false", "true", "false"} {
		site["casebook.toml"] = &fstest.MapFile{Data: []byte("title = \"Cache\"\n[build]\nminify = " + minify + "\n")}
		same(build(cache), build(nil))
	}
}
