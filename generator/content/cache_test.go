package content

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A Cache hands over the parse of unchanged files, parses changed ones
// again, reports the errors of unchanged broken files every time, and
// forgets what Forget names even when size and time stayed the same.
func TestCache(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/case-studies/a.md", valid)
	write("content/case-studies/b/index.md", strings.Replace(valid, "Connected classrooms", "Bundled", 1))
	write("content/case-studies/broken.md", "---\ntitle: [\n---\n")
	write("content/about.md", "---\ntitle: About\n---\nAbout us.\n")
	site := os.DirFS(dir)
	cache := NewCache()
	opt := Options{Tags: CoreTags(), Cache: cache, Drafts: true}
	load := func() (map[string]*CaseStudy, *Set, int) {
		t.Helper()
		set, diags := Load(context.Background(), site, opt)
		by := map[string]*CaseStudy{}
		for _, cs := range set.Studies {
			by[cs.File] = cs
		}
		return by, set, diags.Errors()
	}
	first, set1, errs1 := load()
	if len(first) != 2 || errs1 != 1 {
		t.Fatalf("first load: %d studies, %d errors", len(first), errs1)
	}
	second, set2, errs2 := load()
	if errs2 != errs1 {
		t.Errorf("the broken file's error was not reported again: %d errors", errs2)
	}
	for f, cs := range first {
		if second[f] != cs {
			t.Errorf("%s was parsed again though it did not change", f)
		}
	}
	if set1.Pages[0] != set2.Pages[0] {
		t.Error("the plain page was parsed again though it did not change")
	}

	// A change of size is seen without being told.
	write("content/case-studies/a.md", strings.Replace(valid, "Connected classrooms", "Connected schools", 1))
	third, _, _ := load()
	if third["content/case-studies/a.md"] == first["content/case-studies/a.md"] || !strings.HasPrefix(third["content/case-studies/a.md"].Title, "Connected schools") {
		t.Errorf("a.md was not parsed again after a change: %q", third["content/case-studies/a.md"].Title)
	}
	if third["content/case-studies/b/index.md"] != first["content/case-studies/b/index.md"] {
		t.Error("b/index.md was parsed again though it did not change")
	}

	// A change that keeps size and time needs Forget (on a folder here).
	name := filepath.Join(dir, "content/case-studies/b/index.md")
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	write("content/case-studies/b/index.md", strings.Replace(valid, "Connected classrooms", "Bundlex", 1))
	if err := os.Chtimes(name, time.Time{}, st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := load(); got["content/case-studies/b/index.md"] != first["content/case-studies/b/index.md"] {
		t.Fatal("same size and time: the cache should not have noticed (the test is void)")
	}
	cache.Forget("content/case-studies/b")
	if got, _, _ := load(); !strings.HasPrefix(got["content/case-studies/b/index.md"].Title, "Bundlex") {
		t.Errorf("after Forget: %q", got["content/case-studies/b/index.md"].Title)
	}

	// Another tag vocabulary parses everything again; deleted files leave.
	opt.Tags = append(CoreTags(), "climate")
	if got, _, _ := load(); got["content/case-studies/a.md"] == third["content/case-studies/a.md"] {
		t.Error("a change of vocabulary kept the old parse")
	}
	if err := os.Remove(filepath.Join(dir, "content/case-studies/broken.md")); err != nil {
		t.Fatal(err)
	}
	if _, _, errs := load(); errs != 0 {
		t.Errorf("%d errors after the broken file was deleted", errs)
	}
	if _, ok := cache.files["content/case-studies/broken.md"]; ok {
		t.Error("the deleted file is still cached")
	}
}
