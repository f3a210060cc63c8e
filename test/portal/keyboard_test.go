package portal

import (
	"strings"
	"testing"

	"casebook/internal/browser"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// watchFocus records, in the page, every element that receives focus and
// whether a focus indicator was drawn on it: an outline at least 2 px wide
// that is not transparent.
const watchFocus = `(() => {
	window.__focus = {seen: new Set(), bare: []};
	document.addEventListener("focusin", e => {
		const el = e.target, s = getComputedStyle(el);
		window.__focus.seen.add(el);
		if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2 || s.outlineColor === "rgba(0, 0, 0, 0)") {
			window.__focus.bare.push(el.outerHTML.slice(0, 80));
		}
	});
	return document.querySelectorAll("a[href], button, input, [tabindex]:not([tabindex='-1'])").length;
})()`

// unreached lists the links that never had focus.
const unreached = `[...document.querySelectorAll("a[href]")].filter(a => !window.__focus.seen.has(a)).map(a => a.outerHTML.slice(0, 100))`

// TestKeyboard tabs through every kind of page with the keyboard alone: the
// first Tab lands on a visible skip link that moves focus to the main
// content, every link is reached, and each focused element shows a focus
// outline.
func TestKeyboard(t *testing.T) {
	ctx := newTab(t, 1280, 900)
	base := serve(t)
	for _, p := range pages(t) {
		t.Run(p.Name+p.Path, func(t *testing.T) {
			browser.Open(t, ctx, base+p.Path)
			stops := eval[int](t, ctx, watchFocus)
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
				t.Fatal(err)
			}
			first := eval[map[string]any](t, ctx, `(() => { const a = document.activeElement, r = a.getBoundingClientRect();
				return {cls: a.className, text: a.textContent, top: r.top, bottom: r.bottom, href: a.getAttribute("href")}; })()`)
			if first["cls"] != "skip" || first["top"].(float64) < 0 || first["bottom"].(float64) > 900 {
				t.Fatalf("the first Tab focused %v, want the visible skip link", first)
			}
			// Twice the stops counted at load: scripts add some (the search
			// page's filters); tabbing past the last one does no harm.
			for range 2 * stops {
				if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
					t.Fatal(err)
				}
			}
			for _, a := range eval[[]string](t, ctx, unreached) {
				t.Errorf("not reached with Tab: %s", a)
			}
			for _, el := range eval[[]string](t, ctx, `window.__focus.bare`) {
				t.Errorf("no visible focus indicator on %s", el)
			}
			// The skip link moves focus into the main content.
			if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("a.skip")), chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			if id := eval[string](t, ctx, `document.activeElement.id`); id != "main" {
				t.Errorf("after the skip link, focus is on %q, want main", id)
			}
		})
	}
}

// TestKeyboardHarness checks that the keyboard test can fail: a link that
// Tab skips and a focus outline removed by CSS are both caught.
func TestKeyboardHarness(t *testing.T) {
	ctx := newTab(t, 800, 600)
	browser.Open(t, ctx, servePage(t, `<!doctype html><html lang="en"><title>t</title><style>a:focus-visible{outline:3px solid red}#b:focus{outline:none}</style><a href="#a" id="a">a</a> <a href="#b" id="b">b</a> <a href="#c" tabindex="-1">c</a>`))
	stops := eval[int](t, ctx, watchFocus)
	for range stops + 1 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	if got := eval[[]string](t, ctx, unreached); len(got) != 1 || !strings.Contains(got[0], "#c") {
		t.Errorf("unreached links %v, want the one with tabindex=-1", got)
	}
	if got := eval[[]string](t, ctx, `window.__focus.bare`); len(got) != 1 || !strings.Contains(got[0], `id="b"`) {
		t.Errorf("bare focus %v, want #b", got)
	}
}
