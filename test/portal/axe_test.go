package portal

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casebook/internal/browser"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets axe-core runs: WCAG 2.0, 2.1 and 2.2, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// axeSource returns axe-core as vendored by scripts/fetch-axe.sh. When it is
// missing the test skips, or fails under CI=true.
func axeSource(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, "testdata", "axe", "axe.min.js"))
	if err != nil {
		msg := "axe-core is not vendored (" + err.Error() + "); run scripts/fetch-axe.sh, as make test does"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip("accessibility test skipped: " + msg)
	}
	return string(src)
}

// axeViolation is one failed rule, as axe.run reports it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
		HTML    string `json:"html"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "\n\t… and %d more", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "\n\t%v %.120s\n\t\t%s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
	}
	return b.String()
}

// TestAccessibility runs axe-core on every kind of page, in the light and
// the dark colour scheme, and fails on any WCAG 2.2 A or AA violation.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	ctx := newTab(t, 1280, 900)
	base := serve(t)
	tags := `["` + strings.Join(axeTags, `","`) + `"]`
	run := `axe.run(document, {runOnly: {type: "tag", values: ` + tags + `}, resultTypes: ["violations"]}).then(r => r.violations)`
	check := func(t *testing.T, path string) {
		browser.Open(t, ctx, base+path)
		eval[any](t, ctx, axe+";true")
		for _, v := range eval[[]axeViolation](t, ctx, run) {
			t.Errorf("%s", v)
		}
	}
	for _, s := range []string{"light", "dark"} {
		scheme(t, ctx, s)
		for _, p := range pages(t) {
			t.Run(s+"/"+p.Name+p.Path, func(t *testing.T) { check(t, p.Path) })
		}
	}
	// On a phone the case-study page stacks its outcomes table and the home
	// page its charts: check those layouts too.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 640)); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"light", "dark"} {
		scheme(t, ctx, s)
		for _, path := range []string{"/", caseStudy} {
			t.Run("320px/"+s+path, func(t *testing.T) { check(t, path) })
		}
	}
}

// TestAccessibilityHarness checks that the harness sees a violation: a page
// with an image without alt text and pale grey text must fail two rules.
func TestAccessibilityHarness(t *testing.T) {
	axe := axeSource(t)
	ctx := newTab(t, 800, 600)
	browser.Open(t, ctx, servePage(t, `<!doctype html><html lang="en"><title>bad</title><main><h1>Bad</h1><img src="x.png"><p style="color:#ccc">pale</p></main>`))
	eval[any](t, ctx, axe+";true")
	got := map[string]bool{}
	for _, v := range eval[[]axeViolation](t, ctx, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}}).then(r => r.violations)`) {
		got[v.ID] = true
	}
	if !got["image-alt"] || !got["color-contrast"] {
		t.Errorf("axe missed known violations; got %v", got)
	}
}
