package search_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"casebook/generator"
	"casebook/generator/output"
	"casebook/internal/browser"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser tests run the real script in headless Chromium on the sample
// portal (../../content), built in memory.

var sample = sync.OnceValues(func() ([]output.File, error) {
	res, err := generator.Build(context.Background(), generator.Config{Site: os.DirFS("../.."), BaseURL: "https://cases.example.org/"})
	if err != nil {
		return nil, err
	}
	return res.Files, nil
})

// servePortal serves the sample portal and returns its root URL.
func servePortal(t *testing.T) string {
	t.Helper()
	files, err := sample()
	if err != nil {
		t.Fatalf("building the sample portal: %v", err)
	}
	srv := httptest.NewServer(output.NewMem(files))
	t.Cleanup(srv.Close)
	return srv.URL
}

func run[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", js, err)
	}
	return v
}

// waitFor waits until the JavaScript condition holds.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	js := `new Promise((ok, fail) => { const end = Date.now() + 10000; const f = () => { try { if (` + cond + `) return ok(true) } catch (e) {} if (Date.now() > end) return fail(new Error("timed out")); setTimeout(f, 20) }; f() })`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("waiting for %s: %v", cond, err)
	}
}

// scriptPage opens the sample portal's search page in Chromium and waits
// for the script, for tests of its functions (casebookSearch).
func scriptPage(t *testing.T) context.Context {
	t.Helper()
	ctx := browser.New(t, 0, 0)
	browser.Open(t, ctx, servePortal(t)+"/search/")
	waitFor(t, ctx, `window.casebookSearch`)
	return ctx
}

// TestNormalizeJS runs the golden normalisation vectors through the script.
func TestNormalizeJS(t *testing.T) {
	ctx := scriptPage(t)
	data, err := os.ReadFile("testdata/normalize.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct {
		In    string   `json:"in"`
		Words []string `json:"words"`
	}
	json.Unmarshal(data, &vs)
	waitFor(t, ctx, `window.casebookSearch`)
	for _, v := range vs {
		in, _ := json.Marshal(v.In)
		got := run[[]string](t, ctx, `casebookSearch.words(`+string(in)+`)`)
		if strings.Join(got, "|") != strings.Join(v.Words, "|") {
			t.Errorf("words(%q) in JavaScript: %q, want %q", v.In, got, v.Words)
		}
	}
}

const (
	status  = `document.getElementById("search-status").textContent`
	titles  = `[...document.querySelectorAll("#search-results h3 a")].map(a => a.textContent)`
	checked = `[...document.querySelectorAll("#search-facets input:checked")].map(b => b.name + "=" + b.value)`
)

func TestSearchPage(t *testing.T) {
	ctx := browser.New(t, 1280, 900)
	base := servePortal(t)

	t.Run("a linked query", func(t *testing.T) {
		browser.Open(t, ctx, base+"/search/?q=toilets")
		waitFor(t, ctx, status+`.includes("result")`)
		if got := run[string](t, ctx, status); got != "1 result for “toilets”" {
			t.Errorf("status %q", got)
		}
		got := run[[]string](t, ctx, titles)
		if len(got) != 1 || !strings.HasPrefix(got[0], "Fresh Life toilets") {
			t.Errorf("results %q", got)
		}
		if n := run[int](t, ctx, `document.querySelectorAll("#search-results mark").length`); n == 0 {
			t.Error("no highlighted word in the results")
		}
		if v := run[string](t, ctx, `document.getElementById("q").value`); v != "toilets" {
			t.Errorf("the box holds %q", v)
		}
	})

	t.Run("the index is asked for before the page is parsed", func(t *testing.T) {
		// The script runs as soon as it arrives, ahead of the rest of the
		// page, and starts the linked search's fetches then: the first request
		// for the index begins before the document is interactive.
		browser.Open(t, ctx, base+"/search/?q=water")
		waitFor(t, ctx, status+`.includes("result")`)
		got := run[[]float64](t, ctx, `(() => {
			const idx = performance.getEntriesByType("resource").filter(e => /\/search\/[0-9a-f]+\//.test(e.name));
			return [idx.length, idx.length ? Math.min(...idx.map(e => e.startTime)) : -1, performance.getEntriesByType("navigation")[0].domInteractive] })()`)
		if got[0] == 0 {
			t.Fatal("no request for the index's files")
		}
		if got[1] >= got[2] {
			t.Errorf("the index's first request began at %.1f ms, after the page was parsed (%.1f ms)", got[1], got[2])
		}
	})

	t.Run("typing", func(t *testing.T) {
		browser.Open(t, ctx, base+"/search/")
		waitFor(t, ctx, `document.querySelector("#search-facets details")`)
		if err := chromedp.Do(ctx, chromedp.SendKeys("#q", "vaccin")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, `document.querySelectorAll("#search-results h3 a").length > 0`)
		if got := run[[]string](t, ctx, titles); !strings.HasPrefix(got[0], "Gavi") {
			t.Errorf("typing %q gives %q first", "vaccin", got)
		}
		waitFor(t, ctx, `location.search == "?q=vaccin"`)
	})

	t.Run("typo", func(t *testing.T) {
		browser.Open(t, ctx, base+"/search/?q=sanitaton")
		waitFor(t, ctx, status+`.includes("result")`)
		if got := run[string](t, ctx, `document.querySelector("#search-results .fixed").textContent`); got != "Showing results for sanitation" {
			t.Errorf("correction %q", got)
		}
		if got := run[[]string](t, ctx, titles); len(got) == 0 || !strings.HasPrefix(got[0], "Fresh Life") {
			t.Errorf("results %q", got)
		}
	})

	t.Run("names and accents", func(t *testing.T) {
		for q, want := range map[string]string{"AT&T": "AT&T Aspire", "pg&e": "PG&E PowerPathway", "medellin": "Medellín", "Hindustan Unilever": "Project Shakti"} {
			browser.Open(t, ctx, base+"/search/?q="+strings.ReplaceAll(q, "&", "%26"))
			waitFor(t, ctx, status+`.includes("result")`)
			if got := run[[]string](t, ctx, titles); len(got) == 0 || !strings.HasPrefix(got[0], want) {
				t.Errorf("%q: results %q, want %q first", q, got, want)
			}
		}
	})

	t.Run("facets, counts and the URL", func(t *testing.T) {
		browser.Open(t, ctx, base+"/search/?q=water")
		waitFor(t, ctx, status+`.includes("result") && document.querySelector("#search-facets input[value=government] + .n").textContent`)
		total := run[string](t, ctx, status)
		gov := run[string](t, ctx, `document.querySelector("#search-facets input[value=government] + .n").textContent`)
		if err := chromedp.Do(ctx, chromedp.Click(`#search-facets input[value=government]`)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, `location.search == "?q=water&sector=government"`)
		want := strings.Trim(gov, "()")
		waitFor(t, ctx, status+`.startsWith(`+jsString(want+" result")+`)`)
		// The chosen facet's other values still count what they would add.
		if got := run[string](t, ctx, `document.querySelector("#search-facets input[value=government] + .n").textContent`); got != gov {
			t.Errorf("government counts %s once chosen, %s before", got, gov)
		}
		for _, c := range run[[]string](t, ctx, `[...document.querySelectorAll("#search-results article .tags")].map(p => p.textContent)`) {
			if !strings.Contains(c, "Government") {
				t.Errorf("a result without the government sector: %q", c)
			}
		}
		// Back restores the query without the facet.
		if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, `location.search == "?q=water"`)
		waitFor(t, ctx, status+` == `+jsString(total))
		if got := run[[]string](t, ctx, checked); len(got) != 0 {
			t.Errorf("after going back, still chosen: %q", got)
		}
	})

	t.Run("browsing by facets", func(t *testing.T) {
		browser.Open(t, ctx, base+"/search/?sector=business&tag=inclusion")
		waitFor(t, ctx, status+`.includes("result")`)
		if got := run[[]string](t, ctx, checked); strings.Join(got, " ") != "tag=inclusion sector=business" {
			t.Errorf("chosen %q", got)
		}
		tags := run[[]string](t, ctx, `[...document.querySelectorAll("#search-results article .tags")].map(p => p.textContent)`)
		if len(tags) == 0 {
			t.Fatal("no results for business and inclusion")
		}
		for _, c := range tags {
			if !strings.Contains(c, "Business") || !strings.Contains(c, "Inclusion") {
				t.Errorf("a result outside business and inclusion: %q", c)
			}
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		browser.Open(t, ctx, base+"/search/?q=partnership")
		waitFor(t, ctx, `document.querySelectorAll("#search-results h3 a").length > 2`)
		focused := `document.activeElement.textContent`
		first := run[string](t, ctx, `document.querySelectorAll("#search-results h3 a")[0].textContent`)
		second := run[string](t, ctx, `document.querySelectorAll("#search-results h3 a")[1].textContent`)
		if err := chromedp.Do(ctx, chromedp.Focus("#q"), chromedp.KeyEvent(kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
		if got := run[string](t, ctx, focused); got != first {
			t.Errorf("ArrowDown from the box focuses %q, want the first result", got)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
		if got := run[string](t, ctx, focused); got != second {
			t.Errorf("ArrowDown focuses %q, want the second result", got)
		}
		if got := run[string](t, ctx, `document.activeElement.matches(":focus-visible") ? getComputedStyle(document.activeElement).outlineStyle : "not focus-visible"`); got == "none" || got == "not focus-visible" {
			t.Errorf("the focused result shows no focus: %s", got)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
			t.Fatal(err)
		}
		if got := run[string](t, ctx, `document.activeElement.id`); got != "q" {
			t.Errorf("Escape focuses #%s, want the box", got)
		}
	})
}

// waitPath waits for a navigation to a path that starts with prefix.
func waitPath(t *testing.T, ctx context.Context, prefix string) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		p, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState == "complete" ? location.pathname : ""`))
		if err == nil && strings.HasPrefix(p, prefix) {
			return
		}
	}
	p, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " " + document.readyState`))
	t.Fatalf("no navigation to %s: at %s", prefix, p)
}

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

// TestHeaderBox types in the header box of another page: a list of matches
// opens, the arrow keys choose one and Enter opens it.
func TestHeaderBox(t *testing.T) {
	ctx := browser.New(t, 1280, 900)
	base := servePortal(t)
	browser.Open(t, ctx, base+"/about/")
	waitFor(t, ctx, `window.casebookSearch && document.getElementById("site-search").getAttribute("role") == "combobox"`)
	if err := chromedp.Do(ctx, chromedp.SendKeys("#site-search", "rainforest")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.getElementById("search-suggest").hidden && document.getElementById("search-suggest").dataset.q == "rainforest"`)
	if got := run[string](t, ctx, `document.getElementById("site-search").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("aria-expanded = %s", got)
	}
	first := run[string](t, ctx, `document.querySelector("#search-suggest [role=option]").textContent`)
	if !strings.HasPrefix(first, "The Great Bear Rainforest") {
		t.Errorf("first suggestion %q", first)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if got := run[string](t, ctx, `document.getElementById("site-search").getAttribute("aria-activedescendant")`); got != "search-suggest-0" {
		t.Errorf("aria-activedescendant = %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitPath(t, ctx, "/case-studies/")
	if got := run[string](t, ctx, `document.querySelector("h1").textContent`); !strings.HasPrefix(got, "The Great Bear Rainforest") {
		t.Errorf("Enter opened %q", got)
	}
	// Enter without a chosen match submits the form to the search page.
	browser.Open(t, ctx, base+"/about/")
	waitFor(t, ctx, `document.getElementById("site-search").getAttribute("role") == "combobox"`)
	if err := chromedp.Do(ctx, chromedp.SendKeys("#site-search", "water"+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitPath(t, ctx, "/search/")
	waitFor(t, ctx, `location.search == "?q=water" && document.getElementById("search-status").textContent.includes("water")`)
}

// TestKnownItems searches every sample case study by its exact title and by
// each partner's name: the case study (for a partner, one of its case
// studies) must come first.
func TestKnownItems(t *testing.T) {
	ctx := scriptPage(t)
	files, _ := sample()
	type study struct {
		Title    string `json:"title"`
		URL      string `json:"url"`
		Partners []struct {
			Name string `json:"name"`
		} `json:"partners"`
	}
	var studies []study
	for _, f := range files {
		if f.Path == "data/case-studies.json" {
			var doc struct {
				Studies []study `json:"case_studies"`
			}
			if err := json.Unmarshal(f.Data, &doc); err != nil || len(doc.Studies) == 0 {
				if err := json.Unmarshal(f.Data, &studies); err != nil {
					t.Fatalf("reading the JSON export: %v", err)
				}
			} else {
				studies = doc.Studies
			}
		}
	}
	if len(studies) < 10 {
		t.Fatalf("%d studies in the export", len(studies))
	}
	first := func(q string) string {
		qs, _ := json.Marshal(q)
		return run[string](t, ctx, `(async () => { const E = casebookSearch.engine("/search/"), M = await E.manifest();
			const r = await E.query(`+string(qs)+`, M.f.map(() => []), 0, false, null);
			const c = await E.cards(r.docs.slice(0, 1)); return c.length ? c[0][1] : "" })()`)
	}
	hits, total := 0, 0
	for _, st := range studies {
		total++
		if got := first(st.Title); got == st.Title {
			hits++
		} else {
			t.Logf("title %q: first %q", st.Title, got)
		}
		for _, p := range st.Partners {
			total++
			got := first(p.Name)
			ok := false
			for _, o := range studies {
				if o.Title == got {
					for _, q := range o.Partners {
						ok = ok || q.Name == p.Name
					}
				}
			}
			if ok {
				hits++
			} else {
				t.Logf("partner %q: first %q", p.Name, got)
			}
		}
	}
	if float64(hits) < 0.95*float64(total) {
		t.Errorf("known items first in %d of %d searches, under 95%%", hits, total)
	}
	t.Logf("known items first in %d of %d searches", hits, total)
}

// TestBrowseLists checks the lists for readers without JavaScript on the
// search page: shown without scripts; with them, shown while the box and
// the filters are empty, hidden once the reader searches or filters, and
// shown again, with a word of why, when the index cannot be read.
func TestBrowseLists(t *testing.T) {
	base := servePortal(t)
	const (
		visible = `[...document.querySelectorAll("#browse a")].filter(a => a.checkVisibility()).length`
		note    = `!!document.querySelector("#browse .no-js")`
	)
	t.Run("without JavaScript", func(t *testing.T) {
		ctx := browser.New(t, 1280, 900)
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		browser.Open(t, ctx, base+"/search/")
		if n := run[int](t, ctx, visible); n < 5 || !run[bool](t, ctx, note) {
			t.Errorf("without JavaScript %d links of the lists are visible, note %v", n, run[bool](t, ctx, note))
		}
	})
	t.Run("with JavaScript", func(t *testing.T) {
		ctx := browser.New(t, 1280, 900)
		browser.Open(t, ctx, base+"/search/")
		waitFor(t, ctx, `document.querySelector("#search-facets details")`)
		if n := run[int](t, ctx, visible); n < 5 || run[bool](t, ctx, note) {
			t.Errorf("with an empty box, %d links of the lists are visible, note about JavaScript %v", n, run[bool](t, ctx, note))
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys("#q", "water")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, status+`.includes("result") && `+visible+` == 0`)
		// Emptied again, the box brings the lists back; a filter hides them.
		if err := chromedp.Do(ctx, chromedp.SendKeys("#q", strings.Repeat(kb.Backspace, len("water")))); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, visible+` >= 5`)
		browser.Open(t, ctx, base+"/search/?sector=business")
		waitFor(t, ctx, status+`.includes("result") && `+visible+` == 0`)
	})
	t.Run("when search fails", func(t *testing.T) {
		files, err := sample()
		if err != nil {
			t.Fatal(err)
		}
		// No index: neither the manifest (the search page may carry it
		// inline) nor its files.
		var broken []output.File
		for _, f := range files {
			if !strings.HasPrefix(f.Path, "search/") || f.Path == "search/index.html" {
				broken = append(broken, f)
			}
		}
		srv := httptest.NewServer(output.NewMem(broken))
		t.Cleanup(srv.Close)
		ctx := browser.New(t, 1280, 900)
		browser.Open(t, ctx, srv.URL+"/search/?q=water")
		waitFor(t, ctx, status+`.includes("not available")`)
		if n := run[int](t, ctx, visible); n < 5 {
			t.Errorf("with search failing, %d links of the lists are visible", n)
		}
	})
}
