package markdown_test

import (
	"bytes"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casebook/generator/content"
	"casebook/generator/markdown"
	"casebook/generator/render"
)

// minified is what the theme's minifier makes of b.
func minified(t testing.TB, b []byte) []byte {
	t.Helper()
	out, err := render.NewMinifier(true).Bytes("text/html", bytes.Clone(b)) // it reads b in place, and may change it
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkCompact renders src without compacting and checks that compacting
// the HTML removes only what the minifier removes too.
func checkCompact(t *testing.T, r *markdown.Renderer, src []byte) (raw, compacted []byte) {
	t.Helper()
	res, err := r.Render(src)
	if err != nil {
		t.Fatal(err)
	}
	raw = []byte(res.HTML)
	if bytes.Contains(raw, []byte("&amp;<!--")) {
		// The minifier, removing the comment, joins "&" to the text
		// after it: "&amp;<!-- … -->#0" becomes the entity "&#0".
		// compact keeps "&amp;". The comparison would fail on the
		// minifier's error.
		return raw, markdown.Compact(bytes.Clone(raw))
	}
	compacted = markdown.Compact(bytes.Clone(raw))
	if len(compacted) > len(raw) {
		t.Fatalf("compact made %q longer: %q", raw, compacted)
	}
	// The minifier writes some entities shorter, depending on what
	// follows them ("&amp;0" as "&0"): compare the text they stand for.
	if a, b := minified(t, raw), minified(t, compacted); html.UnescapeString(string(a)) != html.UnescapeString(string(b)) {
		t.Fatalf("compact removed what shows:\nsource %q\nraw %q\ncompacted %q\nminified raw %q\nminified compacted %q", src, raw, compacted, a, b)
	}
	if again := markdown.Compact(bytes.Clone(compacted)); !bytes.Equal(again, compacted) {
		t.Fatalf("compact is not idempotent: %q then %q", compacted, again)
	}
	return raw, compacted
}

var compactSeeds = []string{
	"# a\n\npara *em* [x](y)\nsoft break\n\n- a\n- b\n\n1. c\n\n   loose\n\n> quote\n\n---\n\n```\ncode\n\n  kept\n```\n",
	"| a | b |\n|:-|-:|\n| 1 | 2 |\n\n- [x] done\n- [ ] not\n\nNote[^1].\n\n[^1]: A footnote.\n",
	"text <b>raw</b> html\n\n<div>\nblock\n</div>\n\n    indented\n    code\n",
	"[a](x)\n*b*\n`c`\n![i](i.png)  \nhard break\\\nother\n",
	"- a\n  - b\n    > c\n\n<!-- comment -->\n\nend",
}

func TestCompactAsMinifier(t *testing.T) {
	r := markdown.New()
	for _, s := range compactSeeds {
		checkCompact(t, r, []byte(s))
	}
}

// TestCompactOnContent compacts the sample's bodies and generated ones,
// and checks they come out within a few bytes of the minifier's output.
func TestCompactOnContent(t *testing.T) {
	files, err := filepath.Glob("../../content/case-studies/*.md")
	if err != nil || len(files) < 10 {
		t.Fatalf("sample content: %d files, %v", len(files), err)
	}
	r := markdown.New()
	var rawSize, compactSize, minSize int
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		blk, d := content.Split(f, src)
		if d != nil {
			t.Fatal(d)
		}
		raw, c := checkCompact(t, r, blk.Body)
		rawSize, compactSize, minSize = rawSize+len(raw), compactSize+len(c), minSize+len(minified(t, raw))
	}
	t.Logf("%d bodies: goldmark %d bytes, compacted %d, minified %d", len(files), rawSize, compactSize, minSize)
	if compactSize > minSize+minSize/200 || compactSize >= rawSize {
		t.Errorf("compacted %d bytes, minified %d, raw %d: compact should come within 0.5%% of the minifier", compactSize, minSize, rawSize)
	}
}

func FuzzCompact(f *testing.F) {
	for _, s := range compactSeeds {
		f.Add(s)
	}
	r := markdown.New()
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Count(s, "\n") > 200 {
			return
		}
		checkCompact(t, r, []byte(s))
	})
}

func BenchmarkCompact(b *testing.B) {
	res, err := markdown.New().Render([]byte(strings.Repeat(compactSeeds[0]+compactSeeds[1], 50)))
	if err != nil {
		b.Fatal(err)
	}
	raw := []byte(res.HTML)
	buf := make([]byte, len(raw))
	b.Run("compact", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			copy(buf, raw)
			markdown.Compact(buf)
		}
	})
	b.Run("minifier", func(b *testing.B) {
		m := render.NewMinifier(true)
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := m.Bytes("text/html", raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}
