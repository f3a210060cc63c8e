package portal

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"casebook/internal/browser"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// overflow lists the elements that stick out past the right edge of the
// viewport, outside any scrolling container, and the page's scroll width.
const overflow = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	for (const el of document.querySelectorAll("body *")) {
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.right <= w + 0.5) continue;
		let p = el.parentElement, clipped = false;
		for (; p && p !== document.body; p = p.parentElement) {
			if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) { clipped = true; break; }
		}
		if (!clipped) out.push(el.outerHTML.slice(0, 90) + " right=" + Math.round(r.right));
	}
	return {scroll: document.documentElement.scrollWidth, width: w, out: out.slice(0, 5)};
})()`

type overflowReport struct {
	Scroll, Width int
	Out           []string
}

// TestNarrowScreen loads every kind of page at 320 CSS pixels, the width of
// the smallest phones (and of 1280 px zoomed to 400 %): nothing may scroll
// sideways.
func TestNarrowScreen(t *testing.T) {
	ctx := newTab(t, 320, 640)
	base := serve(t)
	for _, p := range pages(t) {
		t.Run(p.Name+p.Path, func(t *testing.T) {
			browser.Open(t, ctx, base+p.Path)
			r := eval[overflowReport](t, ctx, overflow)
			if r.Width != 320 {
				t.Fatalf("viewport is %d px wide, want 320", r.Width)
			}
			if r.Scroll > r.Width || len(r.Out) > 0 {
				t.Errorf("the page scrolls sideways (%d px for %d): %s", r.Scroll, r.Width, strings.Join(r.Out, "\n\t"))
			}
		})
	}
}

// TestNarrowScreenHarness checks that a wide element is caught.
func TestNarrowScreenHarness(t *testing.T) {
	ctx := newTab(t, 320, 640)
	browser.Open(t, ctx, servePage(t, `<!doctype html><html lang="en"><title>t</title><div style="width:400px">wide</div>`))
	if r := eval[overflowReport](t, ctx, overflow); r.Scroll <= 320 || len(r.Out) == 0 {
		t.Errorf("a 400 px element was not caught: %+v", r)
	}
}

// consoleEnd marks the end of a page's console messages.
const consoleEnd = "casebook-test: end of page"

// TestCleanLoad loads every kind of page and checks that the console stays
// free of errors and warnings and that every request goes to the portal
// itself: no web fonts, scripts or images from anywhere else.
func TestCleanLoad(t *testing.T) {
	ctx := newTab(t, 1280, 900)
	base := serve(t)
	for _, p := range pages(t) {
		t.Run(p.Name+p.Path, func(t *testing.T) {
			for _, problem := range loadProblems(t, ctx, base, base+p.Path, p.Name == "404") {
				t.Error(problem)
			}
		})
	}
}

// TestCleanLoadHarness checks that a console error, an exception and a
// request to another origin are all caught.
func TestCleanLoadHarness(t *testing.T) {
	ctx := newTab(t, 800, 600)
	url := servePage(t, `<!doctype html><html lang="en"><title>t</title><img src="http://127.0.0.2:9/pixel.png" alt="">
		<script>console.error("broken"); null.x</script>`)
	got := strings.Join(loadProblems(t, ctx, url, url, false), "\n")
	for _, want := range []string{"console error: broken", "TypeError", "request outside the portal: http://127.0.0.2:9/pixel.png"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}

// loadProblems opens url and returns the console errors and warnings it
// caused and the requests it made outside base. With notFound, the 404
// status of the page itself is expected.
func loadProblems(t *testing.T, ctx context.Context, base, url string, notFound bool) []string {
	t.Helper()
	var problems []string
	msgs := chromedp.Console(ctx)
	browser.Open(t, ctx, url)
	eval[any](t, ctx, `console.log("`+consoleEnd+`"), true`)
	for m, err := range msgs {
		if err != nil {
			t.Fatal(err)
		}
		if m.Text == consoleEnd {
			break
		}
		if notFound && m.Source == "network" && m.URL == url && strings.Contains(m.Text, "404") {
			continue
		}
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
			problems = append(problems, fmt.Sprintf("console %s (%s)", m, m.URL))
		}
	}
	for _, u := range eval[[]string](t, ctx, `performance.getEntriesByType("resource").map(e => e.name)`) {
		if !strings.HasPrefix(u, strings.TrimSuffix(base, "/")+"/") {
			problems = append(problems, "request outside the portal: "+u)
		}
	}
	return problems
}

// TestWithoutJavaScript turns scripts off and checks that every kind of
// page still shows its content, that the links of its main content lead to
// pages of the portal, and that the search form still submits.
func TestWithoutJavaScript(t *testing.T) {
	ctx := newTab(t, 1280, 900)
	base := serve(t)
	files := sample(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	// A page's own script would not run: check that it is so.
	browser.Open(t, ctx, servePage(t, `<!doctype html><html lang="en"><title>t</title><p id="p">off</p><script>document.getElementById("p").textContent = "on"</script>`))
	if got := eval[string](t, ctx, `document.getElementById("p").textContent`); got != "off" {
		t.Fatalf("scripts still run: %q", got)
	}
	for _, p := range pages(t) {
		t.Run(p.Name+p.Path, func(t *testing.T) {
			browser.Open(t, ctx, base+p.Path)
			h1 := eval[[]string](t, ctx, `[...document.querySelectorAll("h1")].filter(h => h.getClientRects().length).map(h => h.textContent.trim())`)
			if len(h1) != 1 || h1[0] == "" {
				t.Errorf("visible h1s: %q, want one", h1)
			}
			links := eval[[]string](t, ctx, `[...document.querySelectorAll("main a[href]")].map(a => a.href).filter(h => h.startsWith(location.origin))`)
			for _, l := range links {
				path := strings.TrimPrefix(l, base)
				path, _, _ = strings.Cut(path, "#")
				path, _, _ = strings.Cut(path, "?")
				file := strings.TrimPrefix(path, "/")
				if file == "" || strings.HasSuffix(file, "/") {
					file += "index.html"
				}
				if _, ok := files[file]; !ok {
					t.Errorf("link to %s, which the portal does not have", l)
				}
			}
		})
	}
	t.Run("search form", func(t *testing.T) {
		browser.Open(t, ctx, base+"/")
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#site-search"), "water")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
			t.Fatal(err)
		}
		loc := eval[string](t, ctx, `location.pathname + location.search`)
		if loc != "/search/?q=water" {
			t.Errorf("the search form went to %s", loc)
		}
		if vis := eval[bool](t, ctx, `!!document.querySelector(".no-script") && document.querySelector(".no-script").getClientRects().length > 0`); !vis {
			t.Error("without JavaScript the search page does not show its way to browse instead")
		}
	})
}

// TestWithoutCSS turns the stylesheet off and checks that the pages still
// read in order: the skip link first, the page's h1 within the first
// screen and a half, nothing wider than the window.
func TestWithoutCSS(t *testing.T) {
	ctx := newTab(t, 1280, 900)
	base := serve(t)
	for _, p := range pages(t) {
		t.Run(p.Name+p.Path, func(t *testing.T) {
			browser.Open(t, ctx, base+p.Path)
			n := eval[int](t, ctx, `(() => { let n = 0; for (const s of document.styleSheets) { s.disabled = true; n++ } return n })()`)
			if n == 0 {
				t.Fatal("the page has no stylesheet to turn off")
			}
			if got := eval[string](t, ctx, `document.querySelector("a[href]").className`); got != "skip" {
				t.Errorf("the first link is %q, want the skip link", got)
			}
			if top := eval[float64](t, ctx, `document.querySelector("h1").getBoundingClientRect().top + scrollY`); top > 1.5*900 {
				t.Errorf("the h1 starts %.0f px down the page", top)
			}
			if r := eval[overflowReport](t, ctx, overflow); r.Scroll > r.Width {
				t.Errorf("the page scrolls sideways (%d px for %d): %s", r.Scroll, r.Width, strings.Join(r.Out, "\n\t"))
			}
		})
	}
}

// TestPrint lays the case-study page out for print: the site's navigation,
// search, table of contents and footer go, the content stays, and the
// sources print their addresses.
func TestPrint(t *testing.T) {
	ctx := newTab(t, 800, 1100)
	base := serve(t)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	browser.Open(t, ctx, base+caseStudy)
	shown := eval[map[string]bool](t, ctx, `(() => {
		const out = {};
		for (const sel of [".site-nav", ".search-box", ".skip", ".site-footer", ".toc", ".crumbs", "h1", ".facts", ".outcomes", ".sources", ".story"]) {
			const el = document.querySelector(sel);
			out[sel] = !!el && getComputedStyle(el).display !== "none";
		}
		return out;
	})()`)
	for sel, want := range map[string]bool{".site-nav": false, ".search-box": false, ".skip": false, ".site-footer": false, ".toc": false, ".crumbs": false,
		"h1": true, ".facts": true, ".outcomes": true, ".sources": true, ".story": true} {
		if shown[sel] != want {
			t.Errorf("in print, %s shown = %v, want %v", sel, shown[sel], want)
		}
	}
	after := eval[string](t, ctx, `getComputedStyle(document.querySelector(".sources a"), "::after").content`)
	if !strings.Contains(after, "http") {
		t.Errorf("a printed source does not show its address: content %s", after)
	}
}
