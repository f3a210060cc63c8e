package generator_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"casebook/generator"
	"casebook/generator/output"
	"casebook/generator/sitetest"
)

// study returns a valid case study with the given slug-ish name and extra front-matter lines.
func study(title, date, partners, extra string) string {
	return `---
title: "` + title + `"
summary: "Summary of ` + title + `."
date: ` + date + `
status: active
period: {start: 2019}
partners:
` + partners + `tags: [innovation, human-rights]
sdgs: [4, 10]
countries: [KE, BR]
goals: ["Equip *teachers*"]
equity_outcomes:
  - outcome: Teachers trained
    group: teachers
    baseline: 0
    value: 1200
    unit: teachers
    year: 2023
    source: report
lessons:
  - Start early.
  - lesson: Measure together.
    category: measurement
sources:
  - id: report
    title: Annual report
    url: https://example.org/report
  - title: Informe anual
    lang: es
` + extra + `---

## Context

Text with a [link](https://example.org) and <script>alert("x")</script>.
`
}

const twoPartners = `  - name: Example Telecom
    sector: business
    role: funder
  - name: "Fundação Exemplo"
    sector: civil-society
`

var portal = `
-- casebook.toml --
title = "Test portal"
base_url = "https://cases.example.org/"
tags = ["climate"]
-- content/case-studies/connected-classrooms.md --
` + study("Connected classrooms", "2024-03-18", twoPartners, "") + `
-- content/case-studies/water/index.md --
` + study("Water for all", "2025-01-02", `  - name: Example Telecom
    sector: business
  - name: City Water Authority
    sector: government
`, "image: {src: photo.jpg, alt: A water tap}\n") + `
-- content/case-studies/water/photo.jpg --
JPEG
-- content/case-studies/draft.md --
` + study("Unfinished", "2025-02-01", twoPartners, "draft: true\n") + `
-- content/about.md --
---
title: About this portal
---
We collect **case studies**.
-- static/favicon.ico --
ICO
`

func TestEveryPageKind(t *testing.T) {
	files := sitetest.Build(t, portal)
	for _, p := range []string{
		"index.html", "case-studies/index.html", "case-studies/connected-classrooms/index.html", "case-studies/water/index.html",
		"case-studies/water/photo.jpg", "tags/index.html", "tags/innovation/index.html", "tags/inclusion/index.html",
		"tags/ethics/index.html", "tags/human-rights/index.html", "tags/climate/index.html", "tags/innovation/feed.xml",
		"sectors/index.html", "sectors/business/index.html", "sectors/multilateral/index.html", "sdgs/index.html",
		"sdgs/4-quality-education/index.html", "sdgs/17-partnerships-for-the-goals/index.html", "regions/index.html",
		"regions/africa/index.html", "regions/sub-saharan-africa/index.html", "regions/americas/index.html",
		"regions/latin-america-and-the-caribbean/index.html", "partners/index.html", "partners/example-telecom/index.html",
		"partners/fundacao-exemplo/index.html", "partners/city-water-authority/index.html", "search/index.html",
		"feed.xml", "data/case-studies.json", "data/case-studies.csv", "sitemap.xml", "robots.txt", "404.html",
		"about/index.html", "favicon.ico",
	} {
		if _, ok := files[p]; !ok {
			t.Errorf("missing %s", p)
		}
	}
	if _, ok := files["case-studies/draft/index.html"]; ok {
		t.Error("a draft was built without --drafts")
	}
	var assets []string
	for p := range files {
		if strings.HasPrefix(p, "assets/") {
			assets = append(assets, p)
		}
	}
	hashed := regexp.MustCompile(`^assets/[a-z]+\.[0-9a-f]{8}\.(css|svg|js)$`)
	for _, a := range assets {
		if !hashed.MatchString(a) {
			t.Errorf("asset %s is not content-hashed", a)
		}
	}
	if !slices.ContainsFunc(assets, func(a string) bool { return strings.HasPrefix(a, "assets/style.") }) {
		t.Errorf("no stylesheet among the assets: %v", assets)
	}
}

func TestCaseStudyPage(t *testing.T) {
	files := sitetest.Build(t, portal)
	page := files["case-studies/connected-classrooms/index.html"]
	for _, want := range []string{
		`<html lang="en">`, `<a class="skip" href="#main">`, `<main id="main"`, `<h1>Connected classrooms</h1>`,
		`<link rel="canonical" href="https://cases.example.org/case-studies/connected-classrooms/">`,
		`<meta name="description" content="Summary of Connected classrooms.">`,
		`<a href="/partners/fundacao-exemplo/">Fundação Exemplo</a>`, `Equip <em>teachers</em>`,
		`0 → 1200 teachers`, `<a href="#source-1">[1]</a>`, `<li id="source-1"><a href="https://example.org/report" rel="noopener">Annual report</a>`,
		`<span lang="es">Informe anual</span>`,
		`<h3>Measurement</h3>`, `SDG 4: Quality Education`, `Kenya`, `/regions/sub-saharan-africa/`,
		`<a href="/case-studies/water/">Water for all</a>`, // related through a shared partner
		`"@type":"Article"`, `"@type":"Project"`, `"@type":"Organization"`, `"@type":"DefinedTerm"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("case-study page lacks %q", want)
		}
	}
	if strings.Count(page, "<h1") != 1 {
		t.Error("not exactly one h1")
	}
	if strings.Contains(page, "<script>alert") {
		t.Error("raw HTML from Markdown reached the page")
	}
	// JSON-LD parses as JSON.
	start := strings.Index(page, `<script type="application/ld+json">`) + len(`<script type="application/ld+json">`)
	end := strings.Index(page[start:], "</script>")
	var ld map[string]any
	if err := json.Unmarshal([]byte(page[start:start+end]), &ld); err != nil || ld["headline"] != "Connected classrooms" {
		t.Errorf("JSON-LD: %v %v", err, ld)
	}
	water := files["case-studies/water/index.html"]
	if !strings.Contains(water, `<img src="/case-studies/water/photo.jpg" alt="A water tap"`) {
		t.Error("bundle image not on its page")
	}
}

func TestFeedsSitemapData(t *testing.T) {
	files := sitetest.Build(t, portal)
	var feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(files["feed.xml"]), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 2 || feed.Entries[0].Title != "Water for all" || feed.Entries[0].ID != "https://cases.example.org/case-studies/water/" {
		t.Errorf("feed: %+v", feed)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(files["sitemap.xml"]), &sm); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, u := range sm.URLs {
		locs = append(locs, u.Loc)
	}
	for _, want := range []string{"https://cases.example.org/", "https://cases.example.org/case-studies/water/", "https://cases.example.org/about/"} {
		if !slices.Contains(locs, want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if !strings.Contains(files["robots.txt"], "Sitemap: https://cases.example.org/sitemap.xml") {
		t.Error("robots.txt does not point at the sitemap")
	}
	var data []map[string]any
	if err := json.Unmarshal([]byte(files["data/case-studies.json"]), &data); err != nil {
		t.Fatal(err)
	}
	if len(data) != 2 || data[1]["slug"] != "connected-classrooms" || data[1]["equity_outcomes"] == nil || data[1]["sources"] == nil || data[1]["period"] == nil {
		t.Errorf("json export: %v", data)
	}
	// Keys are the front matter's, nested ones too.
	if o := data[1]["equity_outcomes"].([]any)[0].(map[string]any); o["outcome"] != "Teachers trained" || o["value"] != 1200.0 || o["baseline"] != 0.0 || o["source"] != "report" {
		t.Errorf("equity outcome in the json export: %v", o)
	}
	if k := regexp.MustCompile(`"[A-Z][A-Za-z]*":`).FindString(files["data/case-studies.json"]); k != "" {
		t.Errorf("json export has a key that is not a front-matter key: %s", k)
	}
	rows, err := csv.NewReader(strings.NewReader(files["data/case-studies.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "slug" || rows[2][9] != "Example Telecom (business); Fundação Exemplo (civil-society)" {
		t.Errorf("csv export: %q", rows)
	}
}

func TestDraftsAndBasePath(t *testing.T) {
	res, err := sitetest.Result(t, portal, generator.Config{Drafts: true, BaseURL: "https://example.org/portal/"})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range res.Files {
		files[f.Path] = string(f.Data)
	}
	draft, ok := files["case-studies/draft/index.html"]
	if !ok || !strings.Contains(draft, "Draft: this case study is not published yet") {
		t.Error("draft missing or not marked with --drafts")
	}
	if !strings.Contains(files["index.html"], `href="/portal/case-studies/"`) || !strings.Contains(files["index.html"], `href="https://example.org/portal/"`) {
		t.Error("links do not carry the base path")
	}
}

func TestDeterministic(t *testing.T) {
	a := sitetest.Build(t, portal)
	for range 3 {
		b := sitetest.Build(t, portal)
		if len(a) != len(b) {
			t.Fatalf("%d files, then %d", len(a), len(b))
		}
		for p, data := range a {
			if b[p] != data {
				t.Fatalf("%s differs between two builds", p)
			}
		}
	}
}

func TestAllErrorsInOneRun(t *testing.T) {
	bad := portal + `
-- content/case-studies/bad1.md --
` + strings.Replace(study("Bad one", "2024-01-01", twoPartners, ""), "status: active", "status: actve", 1) + `
-- content/case-studies/bad2.md --
` + strings.Replace(study("Bad two", "2024-01-01", twoPartners, ""), "title:", "titel:", 1)
	res, err := sitetest.Result(t, bad, generator.Config{})
	if !errors.Is(err, generator.ErrContent) {
		t.Fatalf("err = %v, want ErrContent", err)
	}
	var b bytes.Buffer
	res.Diags.Format(&b)
	for _, want := range []string{
		`content/case-studies/bad1.md:5:9: status: "actve" is not allowed`,
		`content/case-studies/bad2.md:2:1: titel: unknown key "titel"`,
		`  hint: did you mean the key "title"?`,
		"2 errors", // the misspelt title is not also reported missing
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("diagnostics lack %q:\n%s", want, b.String())
		}
	}
	if res.Files != nil {
		t.Error("a failed build returned files")
	}
}

func TestThemeOverride(t *testing.T) {
	site := portal + `
-- themes/mine/templates/404.html --
{{template "base" .}}{{define "main"}}<h1>Lost?</h1><p class="mine">Custom 404</p>{{end}}
-- themes/mine/assets/style.css --
body { color: rebeccapurple }
`
	site = strings.Replace(site, `title = "Test portal"`, "title = \"Test portal\"\ntheme = \"mine\"", 1)
	files := sitetest.Build(t, site)
	if !strings.Contains(files["404.html"], `<p class="mine">Custom 404</p>`) {
		t.Error("the site's template did not override the default")
	}
	if !strings.Contains(files["index.html"], "<h1>Test portal</h1>") {
		t.Error("templates the site does not override no longer come from the default theme")
	}
	for p, data := range files {
		if strings.HasPrefix(p, "assets/style.") && !strings.Contains(data, "#639") && !strings.Contains(data, "rebeccapurple") {
			t.Errorf("stylesheet not overridden: %s", data)
		}
	}
	_, err := sitetest.Result(t, strings.Replace(site, `theme = "mine"`, `theme = "missing"`, 1), generator.Config{})
	if !errors.Is(err, generator.ErrContent) {
		t.Errorf("a missing theme folder is not an error: %v", err)
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := generator.Build(ctx, generator.Config{Site: sitetest.FS(portal)}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestStreamingEqualsCollected(t *testing.T) {
	collected := sitetest.Build(t, portal)
	dir := t.TempDir() + "/public"
	w, err := output.NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := generator.Build(context.Background(), generator.Config{Site: sitetest.FS(portal), BaseURL: "https://cases.example.org/", Out: w})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != nil {
		t.Error("a streaming build also kept its files")
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		data, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		if want, ok := collected[filepath.ToSlash(rel)]; !ok || want != string(data) {
			t.Errorf("%s differs from the collected build", rel)
		}
		return nil
	})
	if n != len(collected) {
		t.Errorf("streamed %d files, collected %d", n, len(collected))
	}
}

func TestStaticCollidingWithAPage(t *testing.T) {
	site := portal + "\n-- static/tags/index.html --\nmine\n"
	for _, stream := range []bool{false, true} {
		c := generator.Config{}
		if stream {
			w, _ := output.NewWriter(t.TempDir() + "/public")
			defer w.Abort()
			c.Out = w
		}
		res, err := sitetest.Result(t, site, c)
		if !errors.Is(err, generator.ErrContent) || !strings.Contains(res.Diags.Error(), `two outputs want the same path "tags/index.html"`) {
			t.Errorf("stream=%v: %v", stream, err)
		}
	}
}

// TestSearchPageCarriesTheManifest checks that the search page holds the
// index's manifest inline, byte for byte, so that its script need not
// fetch it, and that nothing in it can close the script element.
func TestSearchPageCarriesTheManifest(t *testing.T) {
	files := sitetest.Build(t, portal)
	page := string(files["search/index.html"])
	m := regexp.MustCompile(`<script type="?application/json"? id="?search-manifest"?[^>]*>(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no inline manifest in the search page:\n%s", page)
	}
	if want := string(files["search/manifest.json"]); m[1] != want {
		t.Errorf("inline manifest\n%s\nwant search/manifest.json\n%s", m[1], want)
	}
	if strings.Contains(m[1], "<") {
		t.Errorf("the inline manifest has a '<': %s", m[1])
	}
	if strings.Contains(string(files["index.html"]), "search-manifest") {
		t.Error("a page other than the search page carries the manifest")
	}
}

// TestBodiesOnOtherPages checks that a theme may show a case study's body
// on pages other than its own: a build that streams bodies (no Cache)
// renders it again after the study's page let it go, and writes what a
// build that holds every body (a Cache) writes.
func TestBodiesOnOtherPages(t *testing.T) {
	site := strings.Replace(portal, `title = "Test portal"`, "title = \"Test portal\"\ntheme = \"mine\"", 1) + `
-- themes/mine/templates/term.html --
{{template "base" .}}{{define "main"}}<h1>{{.Title}}</h1>{{range .Studies}}<section class="body">{{.Rendered.HTML}}</section>{{end}}{{end}}
`
	streamed, err := sitetest.Result(t, site, generator.Config{})
	if err != nil {
		t.Fatal(err)
	}
	held, err := sitetest.Result(t, site, generator.Config{Cache: generator.NewCache()})
	if err != nil {
		t.Fatal(err)
	}
	if len(streamed.Files) != len(held.Files) {
		t.Fatalf("%d files streamed, %d held", len(streamed.Files), len(held.Files))
	}
	for i, f := range streamed.Files {
		if f.Path != held.Files[i].Path || !bytes.Equal(f.Data, held.Files[i].Data) {
			t.Errorf("%s differs between a build that streams bodies and one that holds them", f.Path)
		}
		if f.Path == "tags/innovation/index.html" && !bytes.Contains(f.Data, []byte("Text with a")) {
			t.Errorf("the term page shows no body:\n%s", f.Data)
		}
	}
}
