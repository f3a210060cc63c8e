package links

import (
	"strings"
	"testing"

	"casebook/generator/markdown"
	"casebook/generator/output"
)

func TestCheck(t *testing.T) {
	files := []output.File{
		{Path: "index.html", Data: []byte(`<a href="/p/case-studies/a/">a</a><a href="/p/missing/">x</a><link rel="stylesheet" href="/p/assets/s.css"><a href="https://example.org/nope">ext</a><a href="mailto:x@y.z">m</a>`)},
		{Path: "case-studies/a/index.html", Data: []byte(`<h2 id="context">C</h2><a href="../b/#results">b</a><a href="#context">c</a><a href="/p/missing/">x</a><img src="photo.jpg"><a href="/elsewhere/">out</a>`)},
		{Path: "case-studies/a/photo.jpg", Data: []byte("jpg")},
		{Path: "case-studies/b/index.html", Data: []byte(`<h2 id="résultats">R</h2><a href="../a/#nope">x</a>`)},
		{Path: "assets/s.css", Data: []byte("")},
	}
	bodies := []Body{
		{Page: "/p/case-studies/a/", File: "content/case-studies/a.md", Line: 20, Links: []markdown.Link{{Dest: "../b/#results", Line: 3}, {Dest: "#context", Line: 4}}},
		{Page: "/p/case-studies/b/", File: "content/case-studies/b.md", Line: 10, Links: []markdown.Link{{Dest: "../a/#nope", Line: 1}, {Dest: "#r%C3%A9sultats", Line: 2}}},
	}
	var got []string
	for _, d := range Check(files, "/p/", bodies) {
		got = append(got, d.String())
	}
	want := []string{
		`content/case-studies/a.md:22: body: link "../b/#results": page /case-studies/b/ has no anchor #results`,
		`content/case-studies/b.md:10: body: link "../a/#nope": page /case-studies/a/ has no anchor #nope`,
		`theme: link: link "/elsewhere/": points outside the site's base path /p/ (on /p/case-studies/a/)`,
		`theme: link: link "/p/missing/": no such page or file (on /p/ and 1 other pages)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
