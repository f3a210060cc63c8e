package portal

import (
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"casebook/generator"
	"casebook/generator/output"
	"casebook/generator/render"
	"casebook/internal/browser"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// root is the repository, whose content/ and casebook.toml are the sample portal.
const root = "../.."

// perPage is the list size the tests build with, smaller than the sample's
// own, so that list and term pages carry pagers.
const perPage = "per_page = 6"

// built is the sample portal, built once for all the tests of the package.
var built = sync.OnceValues(func() (map[string][]byte, error) {
	site := os.DirFS(root)
	cfg, err := fs.ReadFile(site, "casebook.toml")
	if err != nil {
		return nil, err
	}
	conf := string(cfg)
	if i := strings.Index(conf, "per_page"); i >= 0 {
		end := strings.IndexByte(conf[i:], '\n')
		if end < 0 {
			end = len(conf) - i
		}
		conf = conf[:i] + perPage + conf[i+end:]
	} else {
		conf += "\n[build]\n" + perPage + "\n"
	}
	over := fstest.MapFS{"casebook.toml": {Data: []byte(conf)}}
	res, err := generator.Build(context.Background(), generator.Config{Site: render.Overlay(over, site), BaseURL: "https://cases.example.org/"})
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	return files, nil
})

// sample returns the built sample portal, by path.
func sample(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := built()
	if err != nil {
		t.Fatalf("building the sample portal: %v", err)
	}
	return files
}

// serve serves the sample portal on a loopback port for the test's lifetime
// and returns its root URL, without the trailing slash.
func serve(t testing.TB) string {
	t.Helper()
	files := sample(t)
	var list []output.File
	for p, d := range files {
		list = append(list, output.File{Path: p, Data: d})
	}
	srv := httptest.NewServer(output.NewMem(list))
	t.Cleanup(srv.Close)
	return srv.URL
}

// page is one page of the portal to test.
type page struct {
	Name string // what kind of page it is
	Path string // URL path
}

// pages returns one page of every kind of the portal, found in the built
// files rather than named by hand, so that the test follows the content.
func pages(t testing.TB) []page {
	t.Helper()
	files := sample(t)
	first := func(dir string) string {
		var found []string
		for p := range files {
			if rest, ok := strings.CutPrefix(p, dir); ok && strings.Count(rest, "/") == 1 && strings.HasSuffix(rest, "/index.html") && !strings.HasPrefix(rest, "page/") {
				found = append(found, "/"+path.Dir(p)+"/")
			}
		}
		if len(found) == 0 {
			t.Fatalf("the sample portal has no page under /%s", dir)
		}
		slices.Sort(found)
		return found[0]
	}
	ps := []page{
		{"home", "/"},
		{"list", "/case-studies/"},
		{"list, page 2", "/case-studies/page/2/"},
		{"case study", caseStudy},
		{"case study", first("case-studies/")},
		{"themes", "/tags/"},
		{"theme", "/tags/innovation/"},
		{"sectors", "/sectors/"},
		{"sector", "/sectors/government/"},
		{"SDGs", "/sdgs/"},
		{"SDG", first("sdgs/")},
		{"regions", "/regions/"},
		{"region", first("regions/")},
		{"partners", "/partners/"},
		{"partner", first("partners/")},
		{"plain page", "/about/"},
		{"search", "/search/"},
		{"404", "/no-such-page/"},
	}
	for _, p := range ps {
		if p.Name == "404" {
			continue
		}
		if _, ok := files[strings.TrimPrefix(p.Path, "/")+"index.html"]; !ok {
			t.Fatalf("the sample portal has no %s page at %s", p.Name, p.Path)
		}
	}
	return ps
}

// caseStudy is the case study the tests look at most closely: it has every
// part of the page (grouped lessons, outcomes with and without figures,
// many sources).
const caseStudy = "/case-studies/barcelona-superblocks/"

// newTab starts Chromium with a window of width × height, or skips the test
// as internal/browser says.
func newTab(t *testing.T, width, height int) context.Context {
	t.Helper()
	ctx := browser.New(t, width, height)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// scheme emulates prefers-color-scheme ("light" or "dark") for the pages
// loaded after it.
func scheme(t *testing.T, ctx context.Context, s string) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page and returns its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.60q: %v", js, err)
	}
	return v
}

// servePage serves one HTML document on a loopback port and returns its URL,
// for tests that check the checks on a page known to be broken.
func servePage(t testing.TB, html string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, html)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
