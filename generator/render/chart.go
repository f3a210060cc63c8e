package render

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"casebook/generator/site"
)

// Chart is a small bar chart of case-study counts, drawn at build time. A
// theme shows it as a figure: the caption, the inline SVG (an image with a
// one-sentence text alternative) and the same figures as a table.
type Chart struct {
	ID      string // unique on the page, for ids in the markup
	Caption string // "Case studies by partner sector"
	Label   string // the heading of the first table column: "Sector"
	Bars    []Bar  // in display order; bars of zero are left out
	Note    string // what the chart leaves out, if anything: "No case study yet: Life Below Water."
}

// Bar is one bar: a name, its count and, when it has one, its page.
type Bar struct {
	Name  string
	Count int
	URL   string // site path, or ""
}

// charts are the home page's charts: case studies by sector, SDG, region
// and start year.
func charts(s *site.Site) []Chart {
	return []Chart{
		termChart("by-sector", "Case studies by partner sector", "Sector", s.Sectors),
		termChart("by-sdg", "Case studies by Sustainable Development Goal", "Goal", s.SDGs),
		termChart("by-region", "Case studies by region", "Region", s.Regions),
		yearChart("by-start", s.Studies),
	}
}

// stats are the portal's headline figures, as bars without a chart: case
// studies, organisations, countries and goals covered.
func stats(s *site.Site) []Bar {
	countries := map[string]bool{}
	for _, st := range s.Studies {
		for _, c := range st.Countries {
			countries[c.Code] = true
		}
	}
	goals := 0
	for _, g := range s.SDGs {
		if len(g.Studies) > 0 {
			goals++
		}
	}
	return []Bar{
		{Name: "Case studies", Count: len(s.Studies)},
		{Name: "Partner organisations", Count: len(s.Partners)},
		{Name: "Countries", Count: len(countries)},
		{Name: "SDGs covered, of 17", Count: goals},
	}
}

// termChart charts the terms of one taxonomy that have case studies.
func termChart(id, caption, label string, terms []*site.Term) Chart {
	c := Chart{ID: id, Caption: caption, Label: label}
	var empty []string
	for _, t := range terms {
		if len(t.Studies) == 0 {
			empty = append(empty, t.Name)
			continue
		}
		name := t.Name
		if t.Kind == "sdgs" {
			name = t.Key + ". " + name
		}
		c.Bars = append(c.Bars, Bar{Name: name, Count: len(t.Studies), URL: t.URL})
	}
	if len(empty) > 0 {
		c.Note = "No case study yet: " + list(empty) + "."
	}
	return c
}

// yearChart charts case studies by the year their partnership started: one
// bar a year when they span 12 years or fewer, else one bar for each five
// years, so that the chart stays short. Years with no start have a bar of
// zero: a gap in time is part of the picture.
func yearChart(id string, studies []*site.Study) Chart {
	c := Chart{ID: id, Caption: "Case studies by the year the partnership started", Label: "Started"}
	if len(studies) == 0 {
		return c
	}
	first, last := studies[0].Period.Start, studies[0].Period.Start
	for _, st := range studies {
		first, last = min(first, st.Period.Start), max(last, st.Period.Start)
	}
	step := 1
	if last-first >= 12 {
		step = 5
		first -= first % 5
	}
	counts := make([]int, (last-first)/step+1)
	for _, st := range studies {
		counts[(st.Period.Start-first)/step]++
	}
	for i, n := range counts {
		from := first + i*step
		name := strconv.Itoa(from)
		if step > 1 {
			name += "–" + strconv.Itoa(from+step-1)
		}
		c.Bars = append(c.Bars, Bar{Name: name, Count: n})
	}
	return c
}

// Summary is the chart's text alternative: what it shows and its extremes.
func (c Chart) Summary() string {
	if len(c.Bars) == 0 {
		return "No case studies yet."
	}
	sorted := slices.Clone(c.Bars)
	slices.SortStableFunc(sorted, func(a, b Bar) int { return cmp.Compare(b.Count, a.Count) })
	top := sorted[0]
	var most []string
	for _, b := range sorted {
		if b.Count == top.Count {
			most = append(most, b.Name)
		}
	}
	return fmt.Sprintf("Bar chart, %d bars. Highest: %s, with %d. The same figures are in the table below.", len(c.Bars), list(most), top.Count)
}

// list joins names as a sentence: "a", "a and b", "a, b and c".
func list(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// SVG draws the chart: one row a bar, the name above the bar and the count
// after it. Widths are percentages and text keeps the page's font size, so
// the chart fits any width from 320 px up without shrinking its labels. It
// is one image for assistive technology (role="img"), named by the chart's
// caption and described by Summary.
func (c Chart) SVG() template.HTML {
	if len(c.Bars) == 0 {
		return ""
	}
	const row, barH, maxW = 34, 10, 88.0 // px, px, % of the width
	most := 1
	for _, b := range c.Bars {
		most = max(most, b.Count)
	}
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" width="100%%" height="%d" role="img" aria-labelledby="%s-t %s-d">`, len(c.Bars)*row, c.ID, c.ID)
	fmt.Fprintf(&s, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, c.ID, esc(c.Caption), c.ID, esc(c.Summary()))
	for i, b := range c.Bars {
		y := i * row
		w := maxW * float64(b.Count) / float64(most)
		fmt.Fprintf(&s, `<text x="0" y="%d">%s</text>`, y+14, esc(shorten(b.Name, 44)))
		if b.Count > 0 {
			fmt.Fprintf(&s, `<rect x="0" y="%d" width="%s%%" height="%d" rx="2"></rect>`, y+19, strconv.FormatFloat(w, 'f', 1, 64), barH)
		}
		fmt.Fprintf(&s, `<text x="%s%%" dx="6" y="%d" class="n">%d</text>`, strconv.FormatFloat(w, 'f', 1, 64), y+29, b.Count)
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
