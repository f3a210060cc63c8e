package search

import (
	"io/fs"
	"testing"

	"casebook/generator/render"
	"casebook/themes"
)

// TestScriptBudget keeps the client script, minified as the build serves
// it, under 8 KB gzipped (issue 5).
func TestScriptBudget(t *testing.T) {
	js, err := fs.ReadFile(themes.Default(), "assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	min, err := render.NewMinifier(true).Bytes("application/javascript", js)
	if err != nil {
		t.Fatal(err)
	}
	z, err := gzipBytes(min, 9)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("search.js: %d bytes, %d minified, %d gzipped", len(js), len(min), len(z))
	if len(z) > 8<<10 {
		t.Errorf("search.js is %d bytes gzipped, over the budget of 8 KB", len(z))
	}
}
