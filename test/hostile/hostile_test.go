// Package hostile builds a site whose every free-text field carries hostile
// strings and loads every page in headless Chromium, asserting that nothing
// the editors wrote runs as script or becomes markup.
package hostile

import (
	"encoding/csv"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"

	"casebook/generator"
	"casebook/generator/output"
	"casebook/generator/sitetest"
	"casebook/internal/browser"

	"github.com/chromedp/chromedp"
)

// x is an injection that, if it ever became markup, would create an element
// marked data-pwned and set window.__pwned.
const x = `"><img data-pwned src=x onerror="window.__pwned=1">`

// breakouts try the other contexts: a script element (JSON-LD), attributes,
// a style element and a comment.
const breakouts = `</script><script>window.__pwned=2</script>' onmouseover='window.__pwned=3' <!-- --><style>*{}</style>`

var q = strconv.Quote

var study = `---
title: ` + q("T"+x) + `
summary: ` + q("S"+x+" "+breakouts) + `
date: 2024-03-18
status: active
period: {start: 2019}
partners:
  - name: ` + q("Org"+x) + `
    sector: business
    role: ` + q("R"+x) + `
    url: ` + q(`https://example.org/?q="><script>window.__pwned=4</script>`) + `
  - name: ` + q("Second "+breakouts) + `
    sector: community
tags: [ethics]
countries: [KE]
goals: [` + q("G"+x+" [j](javascript:window.__pwned=5) <script>window.__pwned=6</script>") + `]
equity_outcomes:
  - outcome: ` + q("O"+x) + `
    group: ` + q("G"+breakouts) + `
    indicator: ` + q("I"+x) + `
    value: 3
    unit: ` + q("U"+x) + `
    source: s1
lessons:
  - ` + q("L"+x) + `
  - lesson: ` + q(`=HYPERLINK("https://evil.example/","click")`) + `
    category: ethics
sources:
  - id: s1
    title: ` + q("Src"+x) + `
    url: https://example.org/report
    publisher: ` + q("P"+breakouts) + `
---

## Heading ` + x + `

<script>window.__pwned=7</script>
<img data-pwned src=x onerror="window.__pwned=8">

[a link](javascript:window.__pwned=9) [data](data:text/html,<script>window.__pwned=10</script>)
[titled](https://example.org "` + x + `") ![img](x" onerror="window.__pwned=11)
<https://example.org/"><script>window.__pwned=12</script>>

| a | b |
|---|---|
| ` + strings.ReplaceAll(x, "|", "") + ` | <b onclick=window.__pwned=13>b</b> |

Text [^n].

[^n]: Footnote ` + x + `
`

var site = `
-- casebook.toml --
title = ` + q("Portal "+x) + `
description = ` + q("D "+breakouts) + `
-- content/case-studies/a.md --
` + study + `
-- content/case-studies/x"><img data-pwned src=x onerror=window.__pwned=14>.md --
` + strings.Replace(study, "date: 2024-03-18", "date: 2024-03-19", 1) + `
-- content/about.md --
---
title: ` + q("About "+x) + `
---
<script>window.__pwned=15</script> [x](javascript:window.__pwned=16)
`

func TestNoInjectedScriptRuns(t *testing.T) {
	res, err := sitetest.Result(t, site, generator.Config{BaseURL: "https://cases.example.org/"})
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags.Error())
	}
	var pages []string
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, ".html") {
			pages = append(pages, "/"+strings.TrimSuffix(f.Path, "index.html"))
		}
		if f.Path == "data/case-studies.csv" {
			checkCSV(t, string(f.Data))
		}
	}
	sort.Strings(pages)
	if len(pages) < 30 {
		t.Fatalf("only %d pages", len(pages))
	}
	srv := httptest.NewServer(output.NewMem(res.Files))
	defer srv.Close()
	ctx := browser.New(t, 0, 0)
	for _, p := range pages {
		browser.Open(t, ctx, srv.URL+p)
		// Scripts without src are data, not code: JSON-LD, and the search index's
		// manifest on the search page.
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([String(window.__pwned), document.querySelectorAll("[data-pwned],[onerror],[onclick],[onmouseover]").length, document.querySelectorAll("script:not([type='application/ld+json']):not([src]):not(#search-manifest[type='application/json'])").length])`))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got != `["undefined",0,0]` {
			t.Errorf("%s: injected markup or script: [__pwned, hostile elements, inline scripts] = %s", p, got)
		}
	}
	// The page shows the hostile text as text.
	browser.Open(t, ctx, srv.URL+"/case-studies/a/")
	h1, err := chromedp.Run(ctx, chromedp.Text("h1"))
	if err != nil || h1 != "T"+x {
		t.Errorf("h1 = %q, want the title as text", h1)
	}
}

// checkCSV checks that no cell of the export starts with a formula character.
func checkCSV(t *testing.T, data string) {
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	formula := false
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("CSV cell starts a formula: %q", cell)
			}
			if strings.Contains(cell, "HYPERLINK") {
				formula = true
			}
		}
	}
	if !formula {
		t.Error("the hostile lesson is not in the CSV export")
	}
}
