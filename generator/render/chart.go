package render

import (
	"fmt"
	"html/template"
	"strings"

	"casebook/generator/site"
)

// chart draws a horizontal bar chart of term counts as inline SVG, at build
// time. The SVG is decorative for assistive technology (aria-hidden): the
// same figures follow it as a list of links, which is what screen readers
// and text browsers read.
func chart(label string, terms []*site.Term) template.HTML {
	var rows []*site.Term
	most := 0
	for _, t := range terms {
		if n := len(t.Studies); n > 0 {
			rows = append(rows, t)
			most = max(most, n)
		}
	}
	if len(rows) == 0 {
		return ""
	}
	const w, bar, gap, labelW = 320, 14, 6, 150
	h := len(rows) * (bar + gap)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" aria-hidden="true" focusable="false">`, w, h)
	for i, t := range rows {
		y := i * (bar + gap)
		bw := max(2, (w-labelW-40)*len(t.Studies)/most)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, labelW-6, y+bar-3, template.HTMLEscapeString(shorten(t.Name, 24)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="2"></rect>`, labelW, y, bw, bar)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%d</text>`, labelW+bw+4, y+bar-3, len(t.Studies))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
