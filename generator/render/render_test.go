package render

import (
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"casebook/generator/content"
	"casebook/generator/site"
	"casebook/themes"
)

func TestFormatNum(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		in   any
		want string
	}{
		{f(1200), "1200"}, {f(185000), "185,000"}, {f(1.6), "1.6"}, {f(-2500000), "-2,500,000"}, {1500000.0, "1,500,000"}, {(*float64)(nil), ""},
	} {
		if got := formatNum(tc.in); got != tc.want {
			t.Errorf("formatNum(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(1)": "'=HYPERLINK(1)", "+1": "'+1", "-x": "'-x", "@SUM": "'@SUM", "\tx": "'\tx", "ok": "ok", "": ""} {
		if got := neutralize(in); got != want {
			t.Errorf("neutralize(%q) = %q", in, got)
		}
	}
}

func TestPaginate(t *testing.T) {
	studies := make([]*site.Study, 7)
	pages := paginate(&Page{Path: "/tags/x/", Title: "X"}, studies, 3)
	if len(pages) != 3 || pages[0].Path != "/tags/x/" || pages[2].Path != "/tags/x/page/3/" || len(pages[2].Studies) != 1 {
		t.Fatalf("pages %+v", pages)
	}
	if p := pages[1].Pager; p.Prev != "/tags/x/" || p.Next != "/tags/x/page/3/" || p.Current != 2 || pages[1].Title != "X, page 2" {
		t.Errorf("pager %+v", p)
	}
	if empty := paginate(&Page{Path: "/a/"}, nil, 3); len(empty) != 1 || empty[0].Pager.Total != 1 {
		t.Errorf("an empty list still has one page: %+v", empty)
	}
}

func TestTermChart(t *testing.T) {
	terms := []*site.Term{
		{Kind: "sectors", Name: "Business", URL: "/sectors/business/", Studies: make([]*site.Study, 4)},
		{Kind: "sectors", Name: "Empty"},
		{Kind: "sectors", Name: "<Gov>", URL: "/sectors/gov/", Studies: make([]*site.Study, 4)},
		{Kind: "sectors", Name: "Academia", URL: "/sectors/academia/", Studies: make([]*site.Study, 1)},
	}
	c := termChart("by-sector", "Case studies by sector", "Sector", terms)
	if len(c.Bars) != 3 || c.Bars[1].Name != "<Gov>" || c.Bars[1].URL != "/sectors/gov/" || c.Note != "No case study yet: Empty." {
		t.Errorf("chart %+v", c)
	}
	if got, want := c.Summary(), "Bar chart, 3 bars. Highest: Business and <Gov>, with 4. The same figures are in the table below."; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	svg := string(c.SVG())
	for _, want := range []string{
		`role="img" aria-labelledby="by-sector-t by-sector-d"`, `<title id="by-sector-t">Case studies by sector</title>`,
		`<desc id="by-sector-d">Bar chart, 3 bars. Highest: Business and &lt;Gov&gt;, with 4.`, `width="88.0%"`, `width="22.0%"`, `&lt;Gov&gt;`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %s:\n%s", want, svg)
		}
	}
	if strings.Count(svg, "<rect") != 3 || strings.Contains(svg, "<Gov>") || strings.Contains(svg, "aria-hidden") {
		t.Errorf("svg: %s", svg)
	}
	if empty := termChart("x", "X", "X", nil); empty.SVG() != "" || empty.Summary() != "No case studies yet." {
		t.Errorf("an empty chart draws something: %+v", empty)
	}
}

func TestYearChart(t *testing.T) {
	st := func(start int) *site.Study {
		return &site.Study{CaseStudy: &content.CaseStudy{Period: content.Period{Start: start}}}
	}
	for _, tc := range []struct {
		name    string
		studies []*site.Study
		want    []Bar
	}{
		{"one a year, gaps kept", []*site.Study{st(2019), st(2017), st(2019)}, []Bar{{Name: "2017", Count: 1}, {Name: "2018"}, {Name: "2019", Count: 2}}},
		{"five-year spans past 12 years", []*site.Study{st(1989), st(2004), st(2003), st(2016)}, []Bar{
			{Name: "1985–1989", Count: 1}, {Name: "1990–1994"}, {Name: "1995–1999"}, {Name: "2000–2004", Count: 2}, {Name: "2005–2009"}, {Name: "2010–2014"}, {Name: "2015–2019", Count: 1}}},
		{"none", nil, nil},
	} {
		c := yearChart("y", tc.studies)
		if !slices.Equal(c.Bars, tc.want) {
			t.Errorf("%s: bars %v, want %v", tc.name, c.Bars, tc.want)
		}
	}
}

func TestOverlay(t *testing.T) {
	lower := fstest.MapFS{"templates/a.html": {Data: []byte("lower a")}, "templates/b.html": {Data: []byte("lower b")}}
	upper := fstest.MapFS{"templates/a.html": {Data: []byte("upper a")}, "templates/c.html": {Data: []byte("upper c")}}
	o := Overlay(upper, lower)
	for name, want := range map[string]string{"templates/a.html": "upper a", "templates/b.html": "lower b", "templates/c.html": "upper c"} {
		if got, err := fs.ReadFile(o, name); err != nil || string(got) != want {
			t.Errorf("%s = %q, %v", name, got, err)
		}
	}
	if names, _ := fs.Glob(o, "templates/*.html"); len(names) != 3 {
		t.Errorf("union listing: %v", names)
	}
}

func TestLessonGroups(t *testing.T) {
	st := &site.Study{CaseStudy: &content.CaseStudy{Lessons: []content.Lesson{
		{Text: "plain one"}, {Text: "measure", Category: "measurement"}, {Text: "govern", Category: "governance"},
		{Text: "plain <two>"}, {Text: "odd", Category: "other"}, {Text: "measure again", Category: "measurement"},
	}}}
	groups := lessonGroups(st, nil)
	var got []string
	for _, g := range groups {
		var ls []string
		for _, l := range g.Lessons {
			ls = append(ls, string(l))
		}
		got = append(got, g.Category+": "+strings.Join(ls, ", "))
	}
	want := []string{"governance: govern", "measurement: measure, measure again", "other: odd", ": plain one, plain &lt;two&gt;"}
	if !slices.Equal(got, want) {
		t.Errorf("groups\n%q\nwant\n%q", got, want)
	}
}

func TestSmallFuncs(t *testing.T) {
	if got := steps("involve"); !slices.Equal(got, []bool{true, true, true, false, false}) || level("empower") != 5 || level("nonsense") != 0 {
		t.Errorf("steps(involve) = %v, level(empower) = %d", got, level("empower"))
	}
	for in, want := range map[string]string{"%": "%", "teachers": " teachers", "": ""} {
		if got := unit(in); got != want {
			t.Errorf("unit(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"consult": "Consult", "human-rights": "Human rights", "": ""} {
		if got := title(in); got != want {
			t.Errorf("title(%q) = %q, want %q", in, got, want)
		}
	}
	if got := ogLocale("pt-BR"); got != "pt_BR" {
		t.Errorf("ogLocale = %q", got)
	}
	if plural(1, "case study", "case studies") != "1 case study" || plural(0, "case study", "case studies") != "0 case studies" {
		t.Error("plural")
	}
	p := &Page{Path: "/tags/ethics/", Section: "/tags/"}
	if p.Current("/tags/") != "true" || p.Current("/sdgs/") != "" || (&Page{Path: "/tags/", Section: "/tags/"}).Current("/tags/") != "page" {
		t.Error("Page.Current")
	}
}

func TestBySector(t *testing.T) {
	gov := &site.Term{Key: "government", Name: "Government"}
	biz := &site.Term{Key: "business", Name: "Business"}
	ps := []*site.Partner{{Name: "A", Sector: gov}, {Name: "B", Sector: biz}, {Name: "C", Sector: gov}}
	got := bySector(ps)
	if len(got) != 2 || got[0].Sector != biz || len(got[1].Partners) != 2 || got[1].Partners[1].Name != "C" {
		t.Errorf("bySector: %+v", got)
	}
}

// TestSDGColours checks the SDG badges of the default stylesheet: each of
// the 17 official colours with its text colour must reach 4.5:1, the WCAG
// AA contrast for text.
func TestSDGColours(t *testing.T) {
	css, err := fs.ReadFile(themes.Default(), "assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	rule := regexp.MustCompile(`\.sdg-(\d+) \{ background: #([0-9a-f]{6});(?: color: #(fff|000);)? \}`)
	found := map[string]bool{}
	for _, m := range rule.FindAllStringSubmatch(string(css), -1) {
		fg := "000000" // .sdg-n's colour
		if m[3] == "fff" {
			fg = "ffffff"
		}
		found[m[1]] = true
		if c := contrast(m[2], fg); c < 4.5 {
			t.Errorf("SDG %s: #%s on #%s has contrast %.2f, under 4.5", m[1], fg, m[2], c)
		}
	}
	if len(found) != 17 {
		t.Errorf("found the colours of %d SDGs, want 17", len(found))
	}
}

// contrast is the WCAG 2 contrast ratio of two sRGB colours in hex.
func contrast(a, b string) float64 {
	lum := func(hex string) float64 {
		var l float64
		for i, w := range []float64{0.2126, 0.7152, 0.0722} {
			v, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
			c := float64(v) / 255
			if c <= 0.04045 {
				c /= 12.92
			} else {
				c = math.Pow((c+0.055)/1.055, 2.4)
			}
			l += w * c
		}
		return l
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// A pager links the first and last pages and those near the current one,
// with gaps between: a list of thousands of pages stays linear in size.
func TestPagerWindow(t *testing.T) {
	show := func(links []PagerLink) string {
		var b strings.Builder
		for _, l := range links {
			if l.Gap {
				b.WriteString("… ")
			} else {
				fmt.Fprintf(&b, "%d ", l.Number)
			}
		}
		return strings.TrimSpace(b.String())
	}
	path := func(n int) string { return fmt.Sprintf("/x/page/%d/", n) }
	for _, tc := range []struct {
		current, total int
		want           string
	}{
		{1, 1, "1"},
		{1, 5, "1 2 3 4 5"},
		{1, 100, "1 2 3 … 100"},
		{4, 100, "1 2 3 4 5 6 … 100"},
		{50, 100, "1 … 48 49 50 51 52 … 100"},
		{97, 100, "1 … 95 96 97 98 99 100"},
		{100, 100, "1 … 98 99 100"},
	} {
		got := window(tc.current, tc.total, path)
		if show(got) != tc.want {
			t.Errorf("page %d of %d: %s, want %s", tc.current, tc.total, show(got), tc.want)
		}
		for _, l := range got {
			if !l.Gap && l.Path != path(l.Number) {
				t.Errorf("link %d to %s", l.Number, l.Path)
			}
		}
	}
	pages := paginate(&Page{Path: "/tags/x/"}, make([]*site.Study, 20000), 10)
	if n := len(pages[1000].Pager.Pages); n > 2*pagerNear+5 {
		t.Errorf("page 1001 of 2000 links %d pages", n)
	}
}
