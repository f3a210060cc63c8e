package content

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden diagnostics in testdata/broken.txtar")

// TestGolden checks the exact diagnostics, positions and hints for a wide
// table of broken files: every rule, and every kind of malformed input.
// Each NAME.md in testdata/broken.txtar is followed by NAME.golden.
func TestGolden(t *testing.T) {
	const file = "testdata/broken.txtar"
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Tags: CoreTags(), Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	for i := 0; i+1 < len(a.Files); i += 2 {
		src, gold := &a.Files[i], &a.Files[i+1]
		name := strings.TrimSuffix(src.Name, ".md")
		if gold.Name != name+".golden" {
			t.Fatalf("%s is not followed by %s.golden", src.Name, name)
		}
		var got bytes.Buffer
		start := time.Now()
		_, diags := ParseCaseStudy("content/case-studies/"+src.Name, src.Data, opt)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
		diags.Sort()
		diags.Format(&got)
		if *update {
			gold.Data = got.Bytes()
			continue
		}
		if got.String() != string(gold.Data) {
			t.Errorf("%s:\n--- got\n%s--- want\n%s", name, got.String(), gold.Data)
		}
		if len(diags) == 0 {
			t.Errorf("%s: a broken file passed", name)
		}
	}
	if *update {
		if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
