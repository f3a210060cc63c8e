package markdown

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// fastSeeds are bodies in the fast path's subset and at its edges.
var fastSeeds = []string{
	"## Context\n\nA partnership *of* **three** [funders](https://example.org/a) and the city.\nIt's the \"first\" one -- or --- so... they say.\n\n- one\n- two *items*\n\n| Measure | Before | After |\n|---|---:|:-:|\n| gec dri | 70 | 128 |\n| tub | 23 | 121 |\n",
	"# Title\n\ntext",
	"## Résultats clés\n\nL’accès à l’eau, 50% (2019), $5 + 3 = 8 / 2; où? oui! #1\n",
	"## Dup\n\n## Dup\n\n## Dup 1\n",
	"a\nb\nc\n\n\n\nd",
	"*a* and *b c* and **d e**, *f*. (*g*) [h i](/j) [k](#l) [m](n.html) [o](https://p.org/q?r=1&s=2)",
	"x\n- a\n",
	"- a\n\n- b\n",
	"- a\nb\n",
	"- a\n\nb\n",
	"| a |\n|:--|\n| *b* [c](/d) |\n",
	"| a | b |\n|---|---|\n| c |\n",
	"| a | b |\n|---|---|\n",
	"\"open \"nested\" close\"",
	"He said \"yes.\" Then \"no\", and (\"maybe\").",
	"'90s rock 'n' roll, the Smiths' and don't",
	"a--b---c----d.....e..f",
	"*a*b *a **b** c* ***x*** * a *",
	"2019. A year\n\n1) one\n\n3.5 million",
	"[a](https://x.org \"t\") [b](<c>) [c]: /d\n\n[c]",
	"see http://x.org www.y.org a@b.org",
	"tab\there\r\n",
	"trailing  \nspace",
	"\u00a0nbsp\u00a0 \u3000",
	"## A #\n\n##\n\n####### seven\n",
	"text\n## heading\n",
	"text\n===\n",
	"![i](/x.png) a!b",
	"www...a and www..b and xwww...c",
	"- [X](A)\n- [ ] b\n- [x](/y) c\n- [link](/l) d\n",
	"AT&T, PG&E, Bill & Melinda, &amp; &#1; &x; && &",
	"users' views, Nations' own, **Farmers' Federation**, end'\nx' y\n'a' b'",
	"> A quote *with* [a link](/x)\n> on two lines.\n\n> \n\n> a\n>\n> b\n\n> c\nlazy\n\n> > d\n\n> - e\n",
	"> one\n\n> two [l](/l)\n",
}

// agree renders src both ways; when the fast path takes it, the results
// must be goldmark's. It reports whether the fast path took it. The fast
// path renders in a Scratch that held another body, as a build's do.
func agree(t *testing.T, r *Renderer, src string) bool {
	t.Helper()
	var sc Scratch
	renderFast([]byte(fastSeeds[0]), &sc)
	got, html, ok := renderFast([]byte(src), &sc)
	if !ok {
		return false
	}
	got.HTML = templateHTML(html)
	want, err := r.renderBody([]byte(src), nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("source %q:\nfast     %#v\ngoldmark %#v", src, got, want)
	}
	if got, want := r.inline(src), r.inlineGoldmark(src); got != want {
		t.Fatalf("field %q:\nfast     %q\ngoldmark %q", src, got, want)
	}
	return true
}

func TestFastAgrees(t *testing.T) {
	r := New()
	for _, s := range fastSeeds {
		agree(t, r, s)
	}
	if !agree(t, r, fastSeeds[0]) || !agree(t, r, fastSeeds[2]) {
		t.Error("the fast path does not take the bodies it was written for")
	}
	// The sample portal's bodies are real prose, written without the fast
	// path in mind: it should take most of them.
	samples, taken := sampleBodies(t), 0
	for _, s := range samples {
		if agree(t, r, s) {
			taken++
		}
	}
	t.Logf("the fast path took %d of %d sample bodies", taken, len(samples))
	if taken < len(samples)*4/5 {
		t.Errorf("the fast path took only %d of %d sample bodies", taken, len(samples))
	}
	rng := rand.New(rand.NewPCG(7, 11))
	const n = 20000
	taken = 0
	for range n {
		if agree(t, r, randomBody(rng)) {
			taken++
		}
	}
	t.Logf("the fast path took %d of %d random bodies", taken, n)
	if taken < n/10 {
		t.Errorf("the fast path took only %d of %d random bodies: the comparison is too thin", taken, n)
	}
}

// TestFastTakesGeneratedBodies: bodies like the generated corpus's, with
// the punctuation of real prose, go the fast way.
func TestFastTakesGeneratedBodies(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	r := New()
	for range 200 {
		var b strings.Builder
		for range 6 {
			b.WriteString("## " + sentence(rng, 3, false) + "\n\n")
			for range 3 {
				b.WriteString(sentence(rng, 40, true) + ".\n\n")
			}
			b.WriteString("- " + sentence(rng, 8, true) + "\n- " + sentence(rng, 5, true) + "\n\n")
		}
		b.WriteString("| Measure | Before | After |\n|---|---:|---:|\n| a b | 70 | 128 |\n")
		if !agree(t, r, b.String()) {
			t.Fatalf("not taken: %q", b.String())
		}
	}
}

// sentence makes k words; rich adds emphasis, links and punctuation.
func sentence(rng *rand.Rand, k int, rich bool) string {
	words := strings.Fields("partnership community water health equity inclusion city's rights digital jobs schools farmers the of and to in a")
	var b strings.Builder
	for i := range k {
		if i > 0 {
			b.WriteByte(' ')
		}
		w := words[rng.IntN(len(words))]
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		if rich && i > 0 {
			switch rng.IntN(12) {
			case 0:
				w = "*" + w + "*"
			case 1:
				w = "**" + w + "**"
			case 2:
				w = "[" + w + "](https://example.org/" + w[:1] + ")"
			case 3:
				w += ","
			case 4:
				w = "\"" + w + "\""
			case 5:
				w += " --"
			}
		}
		b.WriteString(w)
	}
	return b.String()
}

// randomBody makes a body from pieces of the subset and, now and then,
// pieces just outside it.
func randomBody(rng *rand.Rand) string {
	starts := []string{"", "", "", "", "", "", "## ", "# ", "- ", "- ", "> ", "> ", "(", "\"", "*", "**", "[", "2019 ", "3.5 "}
	edgeStarts := []string{"| ", "1. ", " ", "* ", "> > ", ">", "---", "===", "#", "######## ", "+ ", "2) "}
	pieces := []string{"word", "Word", "été", "日本", "42", " ", " ", " ", ",", ".", "...", "..", "-", "--", "---", "s", "w's", "\"w\"", "\"w x.\"",
		"[w](https://x.org/a)", "[w x](/p)", "[w's](#a)", "*w*", "**w x**", "(", ")", ":", "!", "#", "%", ";", "?", "$", "=", "+", "/", "’", "&", "s' ", "AT&T"}
	edges := []string{"'", "\"", "*", "**", "***", "[", "]", "[w](javascript:x)", "[w](a:b)", "http:", "www.", "![w](x)", "_", "|", " |", "| ", "  ",
		"%2", "&#", "<", "\t", "\\", "`", "~", "@", "\u00a0", "[^1]", "[w]: /x", "<b>", "&amp;"}
	piece := func() string {
		if rng.IntN(25) == 0 {
			return edges[rng.IntN(len(edges))]
		}
		return pieces[rng.IntN(len(pieces))]
	}
	var b strings.Builder
	for range 1 + rng.IntN(8) {
		switch rng.IntN(8) {
		case 0, 1:
			b.WriteString("\n") // a blank line
			continue
		case 2: // a table
			cols := 1 + rng.IntN(3)
			for r := range 2 + rng.IntN(3) {
				b.WriteString("|")
				for range cols {
					if r == 1 {
						b.WriteString([]string{"---|", ":--|", "--:|", ":-:|", " --- |", "-|"}[rng.IntN(6)])
					} else {
						b.WriteString(" " + piece() + " |")
					}
				}
				b.WriteString("\n")
			}
			continue
		}
		if rng.IntN(10) == 0 {
			b.WriteString(edgeStarts[rng.IntN(len(edgeStarts))])
		} else {
			b.WriteString(starts[rng.IntN(len(starts))])
		}
		for k := rng.IntN(12); k >= 0; k-- {
			if rng.IntN(2) == 0 {
				b.WriteString(piece())
			} else {
				b.WriteString(pieces[rng.IntN(5)])
			}
			if rng.IntN(4) > 0 {
				b.WriteString(" ")
			}
		}
		b.WriteString(pieces[rng.IntN(3)])
		if rng.IntN(8) > 0 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

func FuzzFast(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, s string) { agree(t, r, s) })
}

// BenchmarkBody renders the sample portal's bodies the fast way and with
// goldmark.
func BenchmarkBody(b *testing.B) {
	var srcs [][]byte
	size := 0
	for _, s := range sampleBodies(b) {
		if _, _, ok := renderFast([]byte(s), nil); ok {
			srcs = append(srcs, []byte(s))
			size += len(s)
		}
	}
	r := New(WithCompactHTML())
	var sc Scratch
	for _, mode := range []string{"fast", "scratch", "goldmark"} {
		b.Run(mode, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			s := map[string]*Scratch{"scratch": &sc}[mode]
			for b.Loop() {
				for _, src := range srcs {
					if _, err := r.renderBody(src, s, mode == "goldmark"); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
