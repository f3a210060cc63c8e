package markdown

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestRender(t *testing.T) {
	src := "# Résultats clés\n\nSome *text* and \"quotes\" -- with a [link](../other/#x).\n\n## Résultats clés\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) ~~old~~ https://example.org\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\nNote[^1].\n\n[^1]: A footnote.\n"
	res, err := New().Render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	h := string(res.HTML)
	for _, want := range []string{
		`<h2 id="résultats-clés">Résultats clés</h2>`,
		`<h2 id="résultats-clés-1">`,
		"&ldquo;quotes&rdquo; &ndash; with",
		`<del>old</del>`,
		`<a href="https://example.org">https://example.org</a>`,
		"<table>",
		`<input checked="" disabled="" type="checkbox"`,
		`class="footnotes"`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %q in\n%s", want, h)
		}
	}
	for _, bad := range []string{"<script", "javascript:", "<h1"} {
		if strings.Contains(h, bad) {
			t.Errorf("output holds %q:\n%s", bad, h)
		}
	}
	if len(res.Headings) != 2 || res.Headings[0].Text != "Résultats clés" || res.Headings[1].ID != "résultats-clés-1" {
		t.Errorf("headings %+v", res.Headings)
	}
	if len(res.Links) != 2 || res.Links[0].Dest != "../other/#x" || res.Links[0].Line != 3 || res.Links[1].Line != 9 {
		t.Errorf("links %+v", res.Links)
	}
	if !strings.Contains(res.Text, "Some text and “quotes” – with a link.") || strings.Contains(res.Text, "*") {
		t.Errorf("text %q", res.Text)
	}
}

func TestInline(t *testing.T) {
	r := New()
	if got := r.Inline("Equip *teachers* & <b>x</b>"); got != "Equip <em>teachers</em> &amp; <!-- raw HTML omitted -->x<!-- raw HTML omitted -->" {
		t.Errorf("Inline = %q", got)
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"# a\n\n## a", "[x](javascript:y)", "<img src=x onerror=alert(1)>", "| a |\n|---|\n", "> - [ ] *a*"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, s string) {
		res, err := r.Render([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		h := strings.ToLower(string(res.HTML))
		if strings.Contains(h, "<script") || strings.Contains(h, "href=\"javascript:") || strings.Contains(h, "<h1") {
			t.Fatalf("unsafe output for %q: %s", s, h)
		}
		seen := map[string]bool{}
		for _, hd := range res.Headings {
			if seen[hd.ID] || hd.ID == "" {
				t.Fatalf("heading IDs not unique and non-empty: %+v", res.Headings)
			}
			seen[hd.ID] = true
		}
	})
}

// TestPathologicalInputIsBounded renders inputs known to make Markdown
// parsers slow or deep: nested lists and quotes, emphasis and link storms.
func TestPathologicalInputIsBounded(t *testing.T) {
	r := New()
	for name, src := range map[string]string{
		"nested lists":   strings.Repeat("- ", 5000) + "x\n",
		"nested quotes":  strings.Repeat(">", 20000) + " x\n",
		"emphasis storm": strings.Repeat("*a **b ", 20000) + "\n",
		"open brackets":  strings.Repeat("[", 50000) + "x" + strings.Repeat("](", 10000) + "\n",
		"backticks":      strings.Repeat("`a``b", 20000) + "\n",
		"long line":      strings.Repeat("word ", 400000) + "\n",
		"many headings":  strings.Repeat("## Same\n\n", 20000),
	} {
		start := time.Now()
		res, err := r.Render([]byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if d := time.Since(start); d > 15*time.Second { // generous: a blow-up takes minutes, and -race on a busy machine is slow
			t.Errorf("%s: took %v", name, d)
		}
		if name == "many headings" && (len(res.Headings) != 20000 || res.Headings[19999].ID != "same-19999") {
			t.Errorf("heading IDs: %d, last %q", len(res.Headings), res.Headings[len(res.Headings)-1].ID)
		}
	}
}

// TestRenderIn renders every sample body in one Scratch, compact and not,
// and checks each against Render; after the first bodies, the scratch's
// memory serves the next: rendering the fast path's bodies in it allocates
// less than a fifth of what Render allocates for them.
func TestRenderIn(t *testing.T) {
	for _, r := range []*Renderer{New(), New(WithCompactHTML())} {
		var sc Scratch
		bodies := sampleBodies(t)
		for _, b := range bodies {
			want, err := r.Render([]byte(b))
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.RenderIn(&sc, []byte(b))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("RenderIn of %.40q:\n%#v\nRender:\n%#v", b, got, want)
			}
		}
		var fast [][]byte
		for _, b := range bodies {
			if _, _, ok := renderFast([]byte(b), nil); ok {
				fast = append(fast, []byte(b))
			}
		}
		fresh := allocated(func() {
			for _, b := range fast {
				r.Render(b)
			}
		})
		scratch := allocated(func() {
			for _, b := range fast {
				r.RenderIn(&sc, b)
			}
		})
		t.Logf("%d of %d bodies: %d bytes in a Scratch, %d afresh", len(fast), len(bodies), scratch, fresh)
		if len(fast) < len(bodies)/2 || scratch*5 > fresh {
			t.Errorf("rendering %d of %d sample bodies the fast way in a Scratch allocated %d bytes, against %d made afresh", len(fast), len(bodies), scratch, fresh)
		}
	}
}

// allocated returns the bytes f allocated, by the runtime's count: f's
// own, since no test of this package runs in parallel.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
