package render_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"casebook/generator/sitetest"
)

// portal is a small site: three case studies, two of them related through
// a partner, the smallest page size and a description of its own.
const portal = `
-- casebook.toml --
title = "Test portal"
description = "Partnerships, tested."
base_url = "https://cases.example.org/"
[descriptions]
"tag:ethics" = "Our own words on ethics."
[build]
per_page = 5
-- content/case-studies/classrooms.md --
---
title: Connected classrooms
summary: A telecom company and a foundation trained teachers.
date: 2024-03-18
status: active
period: {start: 2019}
partners:
  - {name: Example Telecom, sector: business, role: funding and technology}
  - {name: Example Foundation, sector: civil-society, role: teacher training}
tags: [innovation, ethics]
sdgs: [4, 10]
countries: [KE, BR]
community_engagement: involve
goals: ["Equip *teachers*"]
equity_outcomes:
  - {outcome: Teachers trained, group: rural teachers, indicator: teachers certified, baseline: 0, value: 1200, unit: teachers, year: 2023, source: report}
  - {outcome: Girls enrolled, group: girls, value: 48, unit: "%", year: 2023}
lessons:
  - Start early.
  - {lesson: Measure together., category: measurement}
  - {lesson: Share the board., category: governance}
sources:
  - {id: report, title: Annual report, url: "https://example.org/report", publisher: Example Foundation, date: "2024"}
---

## Context

Why it began.

## What happened

What they did.
-- content/case-studies/water.md --
---
title: Water for all
summary: A utility and a telecom company brought water to a city.
date: 2025-01-02
status: completed
period: {start: 2010, end: 2020}
partners:
  - {name: Example Telecom, sector: business}
  - {name: City Water, sector: government, role: operator}
tags: [inclusion]
sdgs: [6, 10]
countries: [KE]
goals: [Water]
equity_outcomes:
  - {outcome: Homes connected, group: informal settlements}
lessons: [Listen.]
sources:
  - {title: City report, url: "https://example.org/city"}
---
No headings in this story.
-- content/case-studies/forest.md --
---
title: Forest deal
summary: A forest agreement.
date: 2023-05-05
status: paused
period: {start: 2001}
partners:
  - {name: Timber Co, sector: business}
  - {name: First Nation, sector: community}
tags: [human-rights]
sdgs: [15]
countries: [CA]
goals: [Forests]
equity_outcomes:
  - {outcome: Land protected, group: First Nations}
lessons: [Trust takes time.]
sources:
  - {title: Agreement, url: "https://example.org/forest"}
---
The story.
`

// fillers returns n more case studies with a business partner each.
func fillers(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `-- content/case-studies/filler-%d.md --
---
title: Filler %d
summary: A filler.
date: 2020-01-%02d
status: active
period: {start: 2015}
partners:
  - {name: Filler Co %d, sector: business}
  - {name: Filler Town %d, sector: government}
tags: [innovation]
sdgs: [9]
countries: [FR]
goals: [Fill]
equity_outcomes:
  - {outcome: Filled, group: everyone}
lessons: [Fill.]
sources:
  - {title: Filler, url: "https://example.org/filler"}
---
Filler.
`, i, i, i+1, i, i)
	}
	return b.String()
}

func contains(t *testing.T, page, name string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("%s lacks %s", name, w)
		}
	}
}

func TestHomePage(t *testing.T) {
	home := sitetest.Build(t, portal)["index.html"]
	contains(t, home, "home",
		`<h1>Test portal</h1>`, `Partnerships, tested.`,
		`<dt>Case studies</dt><dd>3</dd>`, `<dt>Partner organisations</dt><dd>5</dd>`, `<dt>Countries</dt><dd>3</dd>`,
		`<a href="/tags/innovation/">Innovation</a>`, `<a href="/tags/inclusion/">Inclusion</a>`, `<a href="/tags/ethics/">Ethics</a>`,
		`<a href="/tags/human-rights/">Human rights</a>`, `Our own words on ethics.`,
		`<a href="/case-studies/water/">Water for all</a>`,
		`<a class="brand" href="/" aria-current="page">`, `"@type":"WebSite"`, `"@type":"SearchAction"`,
	)
	// Four charts, each a figure with a caption, an SVG image with a text
	// alternative, and a table of the same figures.
	figures := regexp.MustCompile(`(?s)<figure class="chart-fig" aria-labelledby="([a-z-]+)-cap">\s*<figcaption id="([a-z-]+)-cap">([^<]+)</figcaption>\s*<svg class="chart"[^>]* role="img" aria-labelledby="([a-z-]+)-t ([a-z-]+)-d">.*?</svg>\s*<table class="figures">.*?</table>`).FindAllStringSubmatch(home, -1)
	var captions []string
	for _, f := range figures {
		if f[1] != f[2] || f[1] != f[4] || f[1] != f[5] {
			t.Errorf("the ids of figure %s do not match", f[1])
		}
		captions = append(captions, f[3])
	}
	if want := []string{"Case studies by partner sector", "Case studies by Sustainable Development Goal", "Case studies by region", "Case studies by the year the partnership started"}; strings.Join(captions, "|") != strings.Join(want, "|") {
		t.Errorf("charts %q, want %q", captions, want)
	}
	contains(t, home, "the SDG chart", `<th scope="row"><a href="/sdgs/10-reduced-inequalities/">10. Reduced Inequalities</a></th><td>2</td>`,
		`Highest: 10. Reduced Inequalities, with 2.`, `No case study yet: No Poverty, Zero Hunger,`)
	contains(t, home, "the start-year chart", `<th scope="row">2000–2004</th><td>1</td>`, `<th scope="row">2005–2009</th><td>0</td>`, `<th scope="row">2015–2019</th><td>1</td>`)
	if strings.Contains(home, `aria-hidden="true" focusable="false"`) {
		t.Error("a chart is hidden from assistive technology")
	}
}

func TestCaseStudyParts(t *testing.T) {
	files := sitetest.Build(t, portal)
	page := files["case-studies/classrooms/index.html"]
	contains(t, page, "the case-study page",
		// metadata
		`<link rel="canonical" href="https://cases.example.org/case-studies/classrooms/">`, `<meta property="og:type" content="article">`,
		`<meta name="twitter:card" content="summary">`, `<meta property="article:tag" content="Ethics">`,
		`<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/case-studies/">Case studies</a></li></ol></nav>`,
		`<a href="/case-studies/" aria-current="true">Case studies</a>`,
		// facts
		`<dt>Status</dt><dd><span class="status status-active">Active</span></dd>`, `<dt>Period</dt><dd>2019 – ongoing</dd>`,
		`<dt>Countries</dt><dd>Kenya, Brazil</dd>`, `<a href="/regions/sub-saharan-africa/">Sub-Saharan Africa</a>`,
		`<dt>Community engagement</dt><dd>Involve`, `level 3 of 5 on the IAP2 spectrum`,
		`<a class="sdg" href="/sdgs/4-quality-education/"><span class="sdg-n sdg-4" aria-hidden="true">4</span> <span>SDG 4: Quality Education</span></a>`,
		// partners, goals, outcomes
		`<a href="/partners/example-telecom/">Example Telecom</a> <span class="sector">Business</span><br><span class="role">funding and technology</span>`,
		`2 organisations from 2 sectors.`, `<li>Equip <em>teachers</em></li>`,
		`<th scope="row">Teachers trained</th>`, `<td data-label="For whom">rural teachers</td>`,
		`<td data-label="Baseline → result">0 → 1200 teachers</td>`, `<td data-label="Result">48%</td>`,
		`<td data-label="Source"><a href="#source-1">[1]</a></td>`,
		// story, lessons, sources, related
		`<li><a href="#context">Context</a></li><li><a href="#what-happened">What happened</a></li>`,
		`<h3>Governance</h3><ul class="lessons"><li>Share the board.</li></ul><h3>Measurement</h3>`,
		`<h3>Other lessons</h3><ul class="lessons"><li>Start early.</li></ul>`,
		`<li id="source-1"><a href="https://example.org/report" rel="noopener">Annual report</a>, Example Foundation, <time datetime="2024">2024</time></li>`,
		`<a href="/case-studies/water/">Water for all</a>`, `In common: Example Telecom, SDG 10, Business`,
	)
	// Every link of the table of contents leads to an id on the page.
	for _, m := range regexp.MustCompile(`<nav class="toc"(?s:.*?)</nav>`).FindAllString(page, -1) {
		for _, href := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(m, -1) {
			if !strings.Contains(page, `id="`+href[1]+`"`) {
				t.Errorf("the table of contents links #%s, which is not on the page", href[1])
			}
		}
	}
	water := files["case-studies/water/index.html"]
	contains(t, water, "a story without headings", `<h2 id="cs-story">The story</h2>`, `<li><a href="#cs-story">The story</a></li>`,
		`<dt>Period</dt><dd>2010 – 2020</dd>`, `<dt>Country</dt><dd>Kenya</dd>`)
	if strings.Contains(water, "Community engagement") || strings.Contains(water, "<h3>Other lessons</h3>") {
		t.Error("the water page shows parts it has no data for")
	}
}

func TestTaxonomyPages(t *testing.T) {
	files := sitetest.Build(t, portal+fillers(4))
	contains(t, files["tags/index.html"], "the themes index", `<a href="/tags/ethics/">Ethics</a> <span class="count">1 case study</span><p>Our own words on ethics.</p>`,
		`<a href="/tags/inclusion/">Inclusion</a> <span class="count">1 case study</span><p>Partnerships that widen`)
	contains(t, files["sdgs/index.html"], "the SDG index", `SDG 12: Responsible Consumption and Production</span></a> <span class="count">0 case studies</span>`)
	contains(t, files["sdgs/10-reduced-inequalities/index.html"], "an SDG page",
		`<h1><span class="sdg-n sdg-10" aria-hidden="true">10</span> SDG 10: Reduced Inequalities</h1>`, `<p class="lead">Reduce inequality within and among countries.</p>`,
		`<h2>2 case studies</h2>`, `<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/sdgs/">Sustainable Development Goals</a></li></ol></nav>`)
	contains(t, files["regions/sub-saharan-africa/index.html"], "a sub-region page", `<li><a href="/regions/africa/">Africa</a></li></ol></nav>`, `Part of <a href="/regions/africa/">Africa</a>.`)
	// Business has seven case studies and the page size is five: a pager.
	first, second := files["sectors/business/index.html"], files["sectors/business/page/2/index.html"]
	contains(t, first, "the first business page", `<h2>7 case studies<span class="note">, page 1 of 2</span></h2>`,
		`<a href="/sectors/business/page/2/" rel="next">Next<span class="visually-hidden"> page</span></a>`,
		`<a href="/sectors/business/" aria-current="page"><span class="visually-hidden">Page </span>1</a>`,
		`<h2>Organisations in this sector</h2>`, `<a href="/partners/timber-co/">Timber Co</a> <span class="count">1</span>`)
	contains(t, second, "the second business page", `<title>Sector: Business, page 2 · Test portal</title>`, `<link rel="prev" href="/sectors/business/">`,
		`<li><a href="/sectors/business/">Sector: Business</a></li></ol></nav>`)
}

func TestPartnerPages(t *testing.T) {
	files := sitetest.Build(t, portal)
	contains(t, files["partners/index.html"], "the partners index",
		`<a href="#sector-business">Business</a> <span class="count">2</span>`,
		`<h2 id="sector-business">Business</h2>`, `<a href="/partners/example-telecom/">Example Telecom</a> <span class="count">2 case studies</span>`,
		`<h2 id="sector-community">Community</h2>`)
	contains(t, files["partners/example-telecom/index.html"], "a partner page",
		`<h1>Example Telecom</h1>`, `<span class="sector">Business</span> · a partner in 2 case studies`,
		`<strong>Role:</strong> funding and technology`, `No role recorded.`,
		`With <a href="/partners/city-water/">City Water</a> (Government)`, `With <a href="/partners/example-foundation/">Example Foundation</a> (Civil society)`,
		`<meta name="description" content="Example Telecom, a partner from the business sector in 2 case studies.">`)
}
