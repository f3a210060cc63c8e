package markdown

import (
	"html/template"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unsafe"
)

// spaceAtEnd is space before a line break.
var spaceAtEnd = regexp.MustCompile(`[ \t\r]+(<br>|\n| $)`)

var spaces = regexp.MustCompile(`[ \t\r]+`)

var linkifySeeds = []string{
	"see http://example.org and www.example.org, or ftp://x.org.",
	"*http://x.org* _www.y.org_ ~https://z.org~ (http://a.org)",
	"[label http://x.org](http://y.org) ![www.i.org](www.j.org) `http://code`",
	"[broken](https://a b c) and [ok](https://d.org)\nhttp://line.start",
	"mail me at someone@example.org or *a@b.co*",
	"www..org http: HTTP://UPPER.org wwww.x.org https:/ /x",
	"| a | b |\n|---|---|\n| http://cell.org | www.cell.org |\n",
	"> quote www.q.org\n\n- item https://l.org\n\n[^1]: note http://f.org\n\nref[^1]",
	"a\\\nhttp://after.hard.break  \nwww.after.two.spaces",
}

// TestLinkifyShortcut renders bodies with and without the parse that skips
// autolinks when it can, and requires the same result.
func TestLinkifyShortcut(t *testing.T) {
	srcs := append(linkifySeeds, sampleBodies(t)...)
	r := New(WithCompactHTML())
	short := 0
	for _, s := range srcs {
		sameAsFull(t, r, s)
		if doc := r.noLinks.Parse(textReader(s)); !linkable(doc, []byte(s)) && !hasAt(s) {
			short++
		}
	}
	// The sample's bodies link with [text](url), which the shortcut takes.
	if short < len(srcs)/2 {
		t.Errorf("only %d of %d sources took the shortcut", short, len(srcs))
	}
}

// sampleBodies returns the bodies of the sample portal's pages.
func sampleBodies(t testing.TB) []string {
	t.Helper()
	var bodies []string
	files, _ := filepath.Glob("../../content/case-studies/*.md")
	files2, _ := filepath.Glob("../../content/*.md")
	for _, f := range append(files, files2...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// The body: what follows the front matter's closing "---".
		_, body, ok := strings.Cut(strings.TrimPrefix(string(b), "---\n"), "\n---\n")
		if !ok {
			t.Fatalf("%s: no front matter", f)
		}
		bodies = append(bodies, body)
	}
	if len(bodies) < 10 {
		t.Fatalf("only %d sample bodies", len(bodies))
	}
	return bodies
}

func templateHTML(b []byte) template.HTML { return template.HTML(b) }

func sameAsFull(t *testing.T, r *Renderer, s string) {
	t.Helper()
	got, err := r.renderBody([]byte(s), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	want, err := r.renderBody([]byte(s), nil, true)
	if err != nil {
		t.Fatal(err)
	}
	// With autolinks, goldmark cuts the text at every space and trims only
	// the last piece of a line: "a   \nb" keeps a space before its <br>,
	// which the parse without them trims as CommonMark says. Space at the
	// end of a line shows as nothing, so it is left out of the comparison.
	for _, r := range []*Result{&got, &want} {
		r.HTML = template.HTML(spaceAtEnd.ReplaceAllString(string(r.HTML), "$1"))
		r.Text = spaces.ReplaceAllString(spaceAtEnd.ReplaceAllString(r.Text, "$1"), " ") // a break is a space in Text
		for i := range r.Headings {
			r.Headings[i].Text = spaces.ReplaceAllString(r.Headings[i].Text, " ") // and in a heading's
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("source %q:\nshortcut %#v\nfull     %#v", s, got, want)
	}
}

func FuzzLinkifyShortcut(f *testing.F) {
	for _, s := range linkifySeeds {
		f.Add(s)
	}
	r := New(WithCompactHTML())
	f.Fuzz(func(t *testing.T, s string) { sameAsFull(t, r, s) })
}

func TestURLStart(t *testing.T) {
	for s, want := range map[string]bool{
		"a http://x": true, "https:": true, "xftp:y": true, "www.x": true, "a: b: c": false,
		"HTTP://x": false, "http": false, "ht:tp:": false, "w ww.": false, "": false, ":http:": true,
	} {
		if got := urlStart([]byte(s), true); got != want {
			t.Errorf("urlStart(%q) = %v, want %v", s, got, want)
		}
	}
	if urlStart([]byte("www.x"), false) {
		t.Error(`urlStart("www.x", false) = true`)
	}
}

// TestResultHoldsNoSource renders bodies and then overwrites their source:
// the results must not change, since a build reads the next body into the
// same buffer while the page of this one is made.
func TestResultHoldsNoSource(t *testing.T) {
	r := New(WithCompactHTML())
	for _, s := range append(linkifySeeds, compactSeedsInternal...) {
		src := []byte(s)
		got, err := r.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		want, err := r.Render([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		for i := range src {
			src[i] = 'x'
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: the result changed with its source:\n%#v\n%#v", s, got, want)
		}
	}
}

// TestHeadingsHoldNoText: a page keeps its headings (for its table of
// contents) and drops its plain text once it is indexed; a heading's text
// must not be a piece of the whole text, which it would keep alive.
func TestHeadingsHoldNoText(t *testing.T) {
	r := New(WithCompactHTML())
	for _, s := range append(fastSeeds, compactSeedsInternal...) {
		res, err := r.Render([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		text := uintptr(unsafe.Pointer(unsafe.StringData(res.Text)))
		for _, h := range res.Headings {
			if p := uintptr(unsafe.Pointer(unsafe.StringData(h.Text))); p >= text && p < text+uintptr(len(res.Text)) {
				t.Errorf("%q: heading %q is a piece of the body's text", s, h.Text)
			}
		}
	}
}

var compactSeedsInternal = []string{
	"# Title *em*\n\n## Second `code`\n\n[link](https://x.org/a) ![img](i.png \"t\")\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: A footnote.\n",
	"- [x] task\n\n> quote \"typographer\" -- dash...\n\n```go\ncode\n```\n",
}
