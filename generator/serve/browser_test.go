package serve

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casebook/internal/browser"

	"github.com/chromedp/chromedp"
)

// startCSP serves like start, under a Content-Security-Policy that allows
// only the site's own scripts and styles, as a strict theme would.
func startCSP(t *testing.T, dir string) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	s, err := New(context.Background(), Options{Dir: dir, Addr: ln.Addr().String(), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'")
		s.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() {
		s.endStreams()
		srv.Close()
		s.Close()
	})
	return &running{Server: s, dir: dir, url: "http://" + ln.Addr().String(), log: log}
}

// until evaluates a JavaScript predicate until it is true. Errors count as
// false: the page may be between two loads.
func until(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (%s): last error %v", what, js, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// longStudy is a case study whose page scrolls, with marker at the end.
func longStudy(marker string) string {
	var b strings.Builder
	for i := range 120 {
		fmt.Fprintf(&b, "Paragraph %d of a long story about teachers, schools and partners.\n\n", i)
	}
	b.WriteString(marker + "\n")
	return study("Alpha", b.String())
}

// One browser session walks through what an editor does: save an edit
// (the page reloads where it was), edit the stylesheet (swapped without a
// reload), break a file (the overlay), fix it (the overlay goes), delete
// the page (the tab moves to the list).
func TestBrowserLivePreview(t *testing.T) {
	ctx := browser.New(t, 1000, 700)
	dir := writeSite(t, testSite())
	alphaMD := filepath.Join(dir, "content/case-studies/alpha.md")
	writeFile(t, alphaMD, longStudy("First ending."))
	r := startCSP(t, dir)

	if err := chromedp.Do(ctx, chromedp.Navigate(r.url+"/case-studies/alpha/")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the event stream", `window.casebookLive && window.casebookLive.connected`)

	// A saved edit reloads the page and keeps the scroll position.
	eval[any](t, ctx, `window.scrollTo(0, 900); window.marker = "before"; null`)
	saveAtomic(t, alphaMD, longStudy("Second ending."))
	until(t, ctx, "the reloaded page", `!window.marker && document.body.innerText.includes("Second ending.")`)
	until(t, ctx, "the scroll position", `document.readyState === "complete" && Math.abs(window.scrollY - 900) < 2`)
	until(t, ctx, "the event stream after the reload", `window.casebookLive.connected`)

	// A stylesheet edit swaps the stylesheet: the page, and its globals, stay.
	eval[any](t, ctx, `window.marker = "kept"; null`)
	if got := eval[string](t, ctx, `getComputedStyle(document.body).color`); got != "rgb(10, 20, 30)" {
		t.Fatalf("body color before the edit: %s", got)
	}
	writeFile(t, filepath.Join(dir, "themes/mine/assets/style.css"), "body { color: rgb(70, 80, 90); }\n")
	until(t, ctx, "the new stylesheet", `getComputedStyle(document.body).color === "rgb(70, 80, 90)"`)
	if got := eval[string](t, ctx, `String(window.marker)`); got != "kept" {
		t.Fatalf("the page reloaded for a stylesheet edit (marker %q)", got)
	}
	until(t, ctx, "the old stylesheet link to go", `document.querySelectorAll('link[href*="/assets/style."]').length === 1`)
	if y := eval[float64](t, ctx, `window.scrollY`); y < 890 || y > 910 {
		t.Errorf("scroll position after the stylesheet swap: %v", y)
	}

	// A broken file shows the overlay, with every error and its source.
	good := readFile(t, alphaMD)
	saveAtomic(t, alphaMD, strings.Replace(good, "status: active", "status: actve", 1))
	until(t, ctx, "the overlay", `!!document.querySelector('[role="alertdialog"]')`)
	text := eval[string](t, ctx, `document.querySelector('[role="alertdialog"]').innerText`)
	for _, want := range []string{"1 error", "content/case-studies/alpha.md:5:9", "status", `"actve" is not allowed`, `hint: did you mean "active"?`, "> 5 | status: actve", "^"} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay lacks %q:\n%s", want, text)
		}
	}
	if got := eval[string](t, ctx, `(() => { const d = document.querySelector('[role="alertdialog"]');
		const b = d.querySelector("button"); b.focus();
		return [d.getAttribute("aria-labelledby") && document.getElementById(d.getAttribute("aria-labelledby")).textContent,
			document.activeElement === b, b.getAttribute("aria-label")].join("|") })()`); got != "1 error: the site was not rebuilt|true|Close the error list" {
		t.Errorf("overlay title, focus and close button: %q", got)
	}
	// The overlay's stylesheet is a link that loads after the dialog is in
	// the page; under a CSP that refused it, the position stays static.
	until(t, ctx, "the overlay's stylesheet under the CSP", `getComputedStyle(document.getElementById("casebook-overlay")).position === "fixed"`)
	// The fix removes it, without a reload since the page is as it was.
	saveAtomic(t, alphaMD, good)
	until(t, ctx, "the overlay to go", `!document.querySelector('[role="alertdialog"]')`)
	if got := eval[string](t, ctx, `String(window.marker)`); got != "kept" {
		t.Errorf("the page reloaded (marker %q)", got)
	}
	// The close button closes it too.
	saveAtomic(t, alphaMD, strings.Replace(good, "status: active", "status: actve", 1))
	until(t, ctx, "the overlay again", `!!document.querySelector('[role="alertdialog"]')`)
	eval[any](t, ctx, `document.querySelector('[role="alertdialog"] button').click(); null`)
	until(t, ctx, "the closed overlay", `!document.querySelector('[role="alertdialog"]')`)
	saveAtomic(t, alphaMD, good)

	// A deleted page sends the tab to the list above it.
	time.Sleep(100 * time.Millisecond)
	if err := os.Remove(alphaMD); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the list page", `location.pathname === "/case-studies/"`)
}
