package portal

import (
	"bytes"
	"compress/gzip"
	"regexp"
	"strings"
	"testing"
)

// maxCaseStudyWeight is the budget of a case-study page: its HTML, its
// stylesheet and its icon, gzip-compressed, as a reader on a slow
// connection downloads them the first time. The page has no script, font
// or image of its own (a case study's own photo aside, which is lazy).
const maxCaseStudyWeight = 30 * 1024

func gzipped(t *testing.T, data []byte) int {
	t.Helper()
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Len()
}

var (
	stylesheet = regexp.MustCompile(`<link rel="stylesheet" href="/(assets/[^"]+\.css)">`)
	icon       = regexp.MustCompile(`<link rel="icon" href="/(assets/[^"]+)"`)
	// The header search box's script loads on every page (its styles are in
	// style.css); it counts in the weight.
	searchAssets = regexp.MustCompile(`<script src="/(assets/search\.[0-9a-f]+\.js)" async></script>`)
	subresource  = regexp.MustCompile(`<(?:script|img|iframe|video|audio|source)\b[^>]*\bsrc="|<link rel="(?:preload|modulepreload|font)"|@import|@font-face|url\(`)
)

// TestPageWeight measures every case-study page of the sample portal and
// fails when one weighs more than maxCaseStudyWeight with its stylesheet;
// it also checks that the page needs nothing else to download.
func TestPageWeight(t *testing.T) {
	files := sample(t)
	heaviest, name := 0, ""
	n := 0
	for p, data := range files {
		if !strings.HasPrefix(p, "case-studies/") || strings.Count(p, "/") != 2 || strings.HasPrefix(p, "case-studies/page/") || !strings.HasSuffix(p, "/index.html") {
			continue
		}
		n++
		m := stylesheet.FindSubmatch(data)
		if m == nil {
			t.Fatalf("%s links no stylesheet", p)
		}
		css, ok := files[string(m[1])]
		if !ok {
			t.Fatalf("%s links %s, which was not built", p, m[1])
		}
		search := 0
		for _, m := range searchAssets.FindAllSubmatch(data, -1) {
			search += gzipped(t, files[string(m[1])])
		}
		if sub := subresource.Find(append(searchAssets.ReplaceAll(bytes.Clone(data), nil), css...)); sub != nil {
			t.Errorf("%s loads more than its HTML, CSS and search box: %s", p, sub)
		}
		html, style, ico := gzipped(t, data), gzipped(t, css), 0
		if m := icon.FindSubmatch(data); m != nil {
			ico = gzipped(t, files[string(m[1])])
		}
		if w := html + style + ico + search; w > heaviest {
			heaviest, name = w, p
		}
		if w := html + style + ico + search; w > maxCaseStudyWeight {
			t.Errorf("%s weighs %d bytes gzipped (HTML %d, CSS %d, icon %d, search box %d), over the budget of %d", p, w, html, style, ico, search, maxCaseStudyWeight)
		}
	}
	if n == 0 {
		t.Fatal("no case-study page measured")
	}
	t.Logf("heaviest of %d case-study pages: %s, %.1f KB gzipped with its CSS, icon and search box (budget %d KB)", n, name, float64(heaviest)/1024, maxCaseStudyWeight/1024)
	t.Logf("home page: %.1f KB gzipped, HTML only", float64(gzipped(t, files["index.html"]))/1024)
}

var internalLink = regexp.MustCompile(`(?:href|src)="(/[^"#?]*)`)

// TestInternalLinks checks that every link and source of every page that
// stays inside the portal leads to a file the build made.
func TestInternalLinks(t *testing.T) {
	files := sample(t)
	for p, data := range files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		for _, m := range internalLink.FindAllSubmatch(data, -1) {
			target := strings.TrimPrefix(string(m[1]), "/")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if _, ok := files[target]; !ok {
				t.Errorf("%s links %s, which the portal does not have", p, m[1])
			}
		}
	}
}
