package content

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unsafe"
)

const valid = `---
title: "Connected classrooms: a telecom company and an education foundation"
summary: "A telecom company and an education foundation trained teachers."
date: 2024-03-18
status: active
period: {start: 2019}
partners:
  - name: Example Telecom
    sector: business
    role: funding and technology
  - name: Example Education Foundation
    sector: civil-society
tags: [innovation, inclusion]
sdgs: [4, 10]
countries: [US]
community_engagement: collaborate
goals:
  - Equip teachers with *project-based* learning methods
equity_outcomes:
  - outcome: Teachers trained
    group: teachers in under-resourced schools
    baseline: 0
    value: 1200
    unit: teachers
    year: 2023
    source: annual-report
lessons:
  - Bring community stakeholders in at the design phase.
  - lesson: Agree on shared indicators.
    category: measurement
resources:
  funding: {amount: 1500000, currency: USD}
sources:
  - id: annual-report
    title: "Annual report 2023"
    url: https://example.org/report-2023
---

## Context

Body text.
`

func parseOne(t *testing.T, src string) (*CaseStudy, []string) {
	t.Helper()
	cs, diags := ParseCaseStudy("content/case-studies/x.md", []byte(src), Options{Tags: CoreTags()})
	var out []string
	for _, d := range diags {
		out = append(out, d.String())
	}
	return cs, out
}

func TestParseValid(t *testing.T) {
	cs, diags := parseOne(t, valid)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if cs.Title != "Connected classrooms: a telecom company and an education foundation" || cs.Period.Start != 2019 ||
		len(cs.Partners) != 2 || cs.Partners[1].Sector != "civil-society" || cs.Partners[0].Pos.Line != 8 || cs.Partners[0].Pos.Col != 11 ||
		*cs.Outcomes[0].Value != 1200 || cs.Lessons[1].Category != "measurement" || cs.Resources.Funding.Currency != "USD" ||
		cs.BodyLine != 38 || !strings.HasPrefix(string(cs.Body), "\n## Context") {
		t.Errorf("decoded %+v", cs)
	}
}

func TestParseTOMLEqualsYAML(t *testing.T) {
	src := `+++
title = "Connected classrooms"
summary = "Teachers trained."
date = 2024-03-18
status = "active"
tags = ["innovation"]
goals = ["Equip teachers"]
lessons = ["Start early"]
[period]
start = 2019
[[partners]]
name = "Example Telecom"
sector = "business"
[[partners]]
name = "Example Foundation"
sector = "goverment"
[[equity_outcomes]]
outcome = "Teachers trained"
group = "teachers"
+++
Body
`
	_, diags := parseOne(t, src)
	want := `content/case-studies/x.md:16:10: partners[1].sector: "goverment" is not allowed`
	if len(diags) != 1 || diags[0] != want {
		t.Fatalf("got %q, want %q", diags, want)
	}
}

// TestParseErrors checks the position, field and message of each rule on a
// file that breaks it, by replacing one line of the valid file.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ old, new, want string }{
		{"status: active", "status: actve", `x.md:5:9: status: "actve" is not allowed`},
		{"title: \"Connected", "titel: \"Connected", `x.md:2:1: titel: unknown key "titel"`},
		{"    sector: civil-society", "    sector: goverment", `x.md:12:13: partners[1].sector: "goverment" is not allowed`},
		{"    sector: civil-society", "    sector: business", `x.md:8:3: partners: every partner is in the same sector`},
		{"period: {start: 2019}", "period: {start: 2019, end: 2018}", `x.md:6:28: period.end: 2018 is before period.start 2019`},
		{"period: {start: 2019}", "period: {end: 2020}", `x.md:6:1: period.start: required field is missing`},
		{"sdgs: [4, 10]", "sdgs: [4, 18, 4]", `x.md:14:11: sdgs[1]: 18 is not an SDG`},
		{"sdgs: [4, 10]", "sdgs: [4, 18, 4]", `x.md:14:15: sdgs[2]: SDG 4 is listed twice`},
		{"countries: [US]", "countries: [us, XX]", `x.md:15:13: countries[0]: "us" is not an ISO 3166-1 alpha-2 country code`},
		{"tags: [innovation, inclusion]", "tags: [innovation, climate]", `x.md:13:20: tags[1]: "climate" is not allowed`},
		{"    source: annual-report", "    source: anual-report", `x.md:26:13: equity_outcomes[0].source: no source has the id "anual-report"`},
		{"    year: 2023", "    year: 2015", `x.md:25:11: equity_outcomes[0].year: 2015 is before period.start 2019`},
		{"    unit: teachers", "    unit: \"%\"", `x.md:23:12: equity_outcomes[0].value: 1200% is outside 0–100`},
		{"    url: https://example.org/report-2023", "    url: javascript:alert(1)", `x.md:36:10: sources[0].url: "javascript:alert(1)" is not an http or https URL`},
		{"date: 2024-03-18", "date: 18/03/2024", `x.md:4:7: date: expected a date, found the text "18/03/2024"`},
		{"date: 2024-03-18", "date: 2024-02-30", `x.md:4:7: date: 2024-02-30 is not a date of the calendar`},
		{"  funding: {amount: 1500000, currency: USD}", "  funding: {amount: 1500000, currency: usd}", `x.md:32:40: resources.funding.currency: "usd" is not a currency code`},
		{"    category: measurement", "    category: measure", `x.md:30:15: lessons[1].category: "measure" is not allowed`},
		{"status: active", "status: active\nstatus: ended", `x.md:6:1: status: duplicate key`},
		{"tags: [innovation, inclusion]", "tags: innovation", `x.md:13:7: tags: expected a list, found the text "innovation"`},
		{"status: active", "status: &a active\nslug: *a", `x.md:5:9: status: YAML anchors and aliases are not supported`},
		{"summary: \"A telecom", "summary: A telecom: x \"", `x.md:3: YAML syntax error: mapping values are not allowed in this context`},
	} {
		src := strings.Replace(valid, tc.old, tc.new, 1)
		_, diags := parseOne(t, src)
		found := false
		for _, d := range diags {
			if strings.HasPrefix(strings.TrimPrefix(d, "content/case-studies/"), tc.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s → %s: got %q, want %q", tc.old, tc.new, diags, tc.want)
		}
	}
}

func TestSplitGuards(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"", "x.md:1:1: the file is empty"},
		{"Just text\n", "x.md:1:1: the file has no front matter"},
		{"---\ntitle: x\n\nbody", "x.md:1:1: the front matter opened here with --- is never closed"},
		{"\x00\x01binary", "x.md:1:1: the file is not UTF-8 text"},
		{"\n\n---\n---\n", "x.md:3:1: the front matter is empty"},
	} {
		_, diags := ParseCaseStudy("x.md", []byte(tc.src), Options{Tags: CoreTags()})
		if len(diags) != 1 || diags[0].String() != tc.want {
			t.Errorf("%q: got %v, want %q", tc.src, diags, tc.want)
		}
	}
}

func TestBOMAndCRLFAreOrdinary(t *testing.T) {
	src := "\ufeff" + strings.ReplaceAll(valid, "\n", "\r\n")
	cs, diags := parseOne(t, src)
	if len(diags) > 0 || cs.Partners[0].Pos.Line != 8 {
		t.Fatalf("diags %v, partner at %v", diags, cs.Partners[0].Pos)
	}
	bad := strings.Replace(src, "status: active", "status: actve", 1)
	if _, diags := parseOne(t, bad); len(diags) != 1 || !strings.HasSuffix(diags[0], `x.md:5:9: status: "actve" is not allowed`) {
		t.Errorf("CRLF positions: %v", diags)
	}
}

func TestLoadCrossFile(t *testing.T) {
	other := strings.Replace(valid, "    sector: business", "    sector: government", 1)
	fsys := fstest.MapFS{
		"content/case-studies/a.md":                  {Data: []byte(valid)},
		"content/case-studies/b.md":                  {Data: []byte(strings.Replace(other, "date: 2024-03-18", "date: 2024-03-18\nslug: a", 1))},
		"content/case-studies/São Paulo/index.md":    {Data: []byte(valid)},
		"content/case-studies/São Paulo/photo.jpg":   {Data: []byte("jpg")},
		"content/case-studies/escape.md":             {Data: []byte(strings.Replace(valid, "resources:", "image: {src: ../../secret.txt, alt: x}\nresources:", 1))},
		"content/about.md":                           {Data: []byte("---\ntitle: About\n---\nHello")},
		"content/search.md":                          {Data: []byte("---\ntitle: Search\n---\n")},
		"content/case-studies/.x.md.swp":             {Data: []byte("junk")},
		"data/partners/example-telecom.yaml":         {Data: []byte("name: Example Telecom\nsector: academia\n")},
		"content/case-studies/sao-paulo/../../x.txt": {Data: []byte("")},
	}
	set, diags := Load(context.Background(), fsys, Options{Tags: CoreTags()})
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	for _, want := range []string{
		"content/case-studies/b.md: slug: slug a is already used by content/case-studies/a.md",
		`content/case-studies/b.md:10:13: partners[0].sector: organisation "Example Telecom" is government here but business at content/case-studies/São Paulo/index.md:9:13`,
		`data/partners/example-telecom.yaml: sector: organisation "Example Telecom" is academia here but business at content/case-studies/São Paulo/index.md:9:13`,
		"content/search.md:2:1: slug: /search/ is used by the portal itself",
		`content/case-studies/escape.md:31:14: image.src: "../../secret.txt" is not a path inside the site`,
	} {
		if !contains(got, want) {
			t.Errorf("missing %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
	if len(set.Assets) != 1 || set.Assets[0].Path != "/case-studies/sao-paulo/photo.jpg" {
		t.Errorf("assets: %+v", set.Assets)
	}
	if len(set.Pages) != 2 || len(set.Studies) != 4 {
		t.Errorf("pages %d, studies %d", len(set.Pages), len(set.Studies))
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func TestHugeInputIsBounded(t *testing.T) {
	opt := Options{Tags: CoreTags()}
	big := strings.Replace(valid, `summary: "A telecom company and an education foundation trained teachers."`, "summary: "+strings.Repeat("word ", 1_400_000), 1)
	start := time.Now()
	_, diags := ParseCaseStudy("x.md", []byte(big), opt)
	if len(diags) != 1 || !strings.Contains(diags[0].String(), "x.md:3:10: summary: is 6999999 characters long; the limit is 300") {
		t.Errorf("7 MB summary: %v", diags)
	}
	huge := valid + strings.Repeat("x", 9<<20)
	if _, diags := ParseCaseStudy("x.md", []byte(huge), opt); len(diags) != 1 || !strings.Contains(diags[0].Msg, "the limit is 8 MB") {
		t.Errorf("9 MB file: %v", diags)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("huge inputs took %v", d)
	}
}

func TestSourceLang(t *testing.T) {
	src := strings.Replace(valid, "    url: https://example.org/report-2023", "    url: https://example.org/report-2023\n    lang: pt-br\n  - title: Relatório\n    lang: portugais", 1)
	cs, diags := ParseCaseStudy("x.md", []byte(src), Options{Tags: CoreTags()})
	if cs.Sources[0].Lang != "pt-BR" || len(diags) != 1 || diags[0].String() != `x.md:39:11: sources[1].lang: "portugais" is not a language tag` {
		t.Errorf("lang %q, diags %v", cs.Sources[0].Lang, diags)
	}
}

func TestLazyBodies(t *testing.T) {
	// As written, the body is the file's tail; with a byte-order mark and
	// CRLF line ends, the file is split again.
	for _, src := range []string{valid, "\ufeff" + strings.ReplaceAll(valid, "\n", "\r\n")} {
		file := "content/case-studies/x.md"
		site := fstest.MapFS{file: {Data: []byte(src)}}
		eager, _ := Load(context.Background(), site, Options{Tags: CoreTags()})
		lazy, diags := Load(context.Background(), site, Options{Tags: CoreTags(), LazyBodies: true})
		if diags.Errors() > 0 || len(lazy.Studies) != 1 {
			t.Fatal(diags)
		}
		cs := lazy.Studies[0]
		if cs.Body != nil {
			t.Fatalf("LazyBodies kept the body: %q", cs.Body)
		}
		body, err := ReadBody(site, cs, nil)
		if err != nil || string(body) != string(eager.Studies[0].Body) || !strings.Contains(string(body), "Body text.") {
			t.Fatalf("ReadBody: %q, %v; loaded eagerly: %q", body, err, eager.Studies[0].Body)
		}
		site[file].Data = []byte(strings.Replace(src, "Body text.", "Body text, edited.", 1))
		if body, err := ReadBody(site, cs, nil); err == nil {
			t.Errorf("a file edited since it was loaded gave its new body %q", body)
		}
	}
}

// TestLoadInternsPartnerKeys loads three studies naming the same partners:
// without a Cache each organisation's key is one string, with a Cache the
// parses are left as they were made.
func TestLoadInternsPartnerKeys(t *testing.T) {
	fsys := fstest.MapFS{
		"content/case-studies/a.md": {Data: []byte(valid)},
		"content/case-studies/b.md": {Data: []byte(strings.Replace(valid, "date: 2024-03-18", "date: 2024-03-18\nslug: b", 1))},
		"content/case-studies/c.md": {Data: []byte(strings.Replace(valid, "date: 2024-03-18", "date: 2024-03-18\nslug: c", 1))},
	}
	for _, cached := range []bool{false, true} {
		opt := Options{Tags: CoreTags()}
		if cached {
			opt.Cache = NewCache()
		}
		set, diags := Load(context.Background(), fsys, opt)
		if diags.Errors() > 0 || len(set.Studies) != 3 || len(set.Studies[0].Partners) == 0 {
			t.Fatalf("cached %v: %d studies, %v", cached, len(set.Studies), diags)
		}
		for i, p := range set.Studies[0].Partners {
			shared := true
			for _, cs := range set.Studies[1:] {
				q := cs.Partners[i]
				if q.Key != p.Key {
					t.Fatalf("partner %d: keys %q and %q", i, p.Key, q.Key)
				}
				shared = shared && unsafe.StringData(q.Key) == unsafe.StringData(p.Key)
			}
			if shared == cached {
				t.Errorf("cached %v: partner %d's key is shared: %v", cached, i, shared)
			}
		}
	}
}

// TestLoadHoldsNoSource loads case studies with LazyBodies, whose files go
// into buffers used again for the next file, and requires what was loaded
// to be what an eager load, which keeps every file, gives: nothing loaded
// may point into a file's bytes. The front matters take each parser: the
// fast YAML path, yaml.v3 (a block scalar), TOML, and a file with a
// byte-order mark and CRLF line ends.
func TestLoadHoldsNoSource(t *testing.T) {
	toml := "+++\ntitle = \"A TOML case\"\nsummary = \"Written in TOML.\"\ndate = 2024-03-18\nstatus = \"active\"\ntags = [\"innovation\"]\nsdgs = [4]\ncountries = [\"US\"]\ngoals = [\"Goal in TOML\"]\nlessons = [\"A lesson in TOML.\"]\n[period]\nstart = 2019\n[[partners]]\nname = \"Toml Company\"\nsector = \"business\"\n[[partners]]\nname = \"Toml Council\"\nsector = \"government\"\n[[equity_outcomes]]\noutcome = \"Teachers trained\"\ngroup = \"teachers\"\n+++\n\nBody.\n"
	variants := []func(int) string{
		func(i int) string { return strings.Replace(valid, "Example Telecom", fmt.Sprintf("Telecom %d", i), 1) },
		func(i int) string {
			return strings.Replace(valid, "summary: \"A telecom company and an education foundation trained teachers.\"", fmt.Sprintf("summary: |\n  Block scalar %d,\n  on two lines.", i), 1)
		},
		func(i int) string { return strings.Replace(toml, "A TOML case", fmt.Sprintf("TOML case %d", i), 1) },
		func(i int) string {
			return "\ufeff" + strings.ReplaceAll(strings.Replace(valid, "Example Education Foundation", fmt.Sprintf("Foundation %d", i), 1), "\n", "\r\n")
		},
	}
	site := fstest.MapFS{}
	for i := range 40 {
		site[fmt.Sprintf("content/case-studies/c%02d.md", i)] = &fstest.MapFile{Data: []byte(strings.Replace(variants[i%len(variants)](i), "date: 2024-03-18", fmt.Sprintf("date: 2024-03-18\nslug: c%02d", i), 1))}
	}
	eager, diags := Load(context.Background(), site, Options{Tags: CoreTags()})
	if diags.Errors() > 0 || len(eager.Studies) != 40 {
		t.Fatalf("%d studies, %v", len(eager.Studies), diags)
	}
	lazy, _ := Load(context.Background(), site, Options{Tags: CoreTags(), LazyBodies: true})
	for i, cs := range eager.Studies {
		cs.Body = nil
		if !reflect.DeepEqual(cs, lazy.Studies[i]) {
			t.Errorf("%s: loaded lazily, it changed as other files were read:\n%+v\n%+v", cs.File, lazy.Studies[i], cs)
		}
	}
}
