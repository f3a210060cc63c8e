package render

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"casebook/generator/content"
	"casebook/generator/markdown"
	"casebook/generator/site"
)

func (t *Theme) funcs() template.FuncMap {
	return template.FuncMap{
		"url": t.cfg.Rel,
		"abs": t.cfg.Abs,
		"asset": func(name string) (string, error) {
			return t.Asset(name)
		},
		"date":          func(d time.Time) string { return d.Format("2 January 2006") },
		"isodate":       func(d time.Time) string { return d.Format("2006-01-02") },
		"sectorName":    content.SectorName,
		"sdgTitle":      content.SDGTitle,
		"num":           formatNum,
		"unit":          unit,
		"charts":        charts,
		"stats":         stats,
		"lessonGroups":  lessonGroups,
		"storyHeadings": storyHeadings,
		"related":       related,
		"add":           func(a, b int) int { return a + b },
		"sub":           func(a, b int) int { return a - b },
		"join":          strings.Join,
		"title":         title,
		"engagement":    title, // the name of old themes for title
		"level":         level,
		"steps":         steps,
		"ogLocale":      ogLocale,
		"plural":        plural,
		"partnersIn":    partnersIn,
		"bySector":      bySector,
		"others":        others,
		"period": func(p content.Period) string {
			if p.End == 0 {
				return fmt.Sprintf("%d – ongoing", p.Start)
			}
			if p.End == p.Start {
				return strconv.Itoa(p.Start)
			}
			return fmt.Sprintf("%d – %d", p.Start, p.End)
		},
		"sourceIndex": func(st *site.Study, id string) int {
			for i, s := range st.Sources {
				if s.ID == id {
					return i + 1
				}
			}
			return 0
		},
	}
}

// title capitalises the first letter of a vocabulary word: "consult" →
// "Consult", "human-rights" → "Human rights".
func title(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + strings.ReplaceAll(s[1:], "-", " ")
}

// level is the rank of an IAP2 engagement level, 1 (inform) to 5 (empower);
// 0 for anything else.
func level(engagement string) int {
	return slices.Index(content.Engagements(), engagement) + 1
}

// steps returns, for each of the five IAP2 levels, whether the engagement
// reaches it: consult → [true true false false false].
func steps(engagement string) []bool {
	n := level(engagement)
	out := make([]bool, len(content.Engagements()))
	for i := range out {
		out[i] = i < n
	}
	return out
}

// unit writes a unit after a number: "%" sticks to it, words get a space.
func unit(u string) string {
	if u == "" || u == "%" {
		return u
	}
	return " " + u
}

// ogLocale turns a BCP 47 language tag into the language_TERRITORY form
// OpenGraph uses: "en" → "en", "pt-BR" → "pt_BR".
func ogLocale(lang string) string {
	return strings.ReplaceAll(lang, "-", "_")
}

// storyHeadings returns the top-level headings (h2) of a case study's body
// (the page's .Body), for the page's table of contents.
func storyHeadings(body *site.Body) []markdown.Heading {
	if body == nil {
		return nil
	}
	var out []markdown.Heading
	for _, h := range body.Headings {
		if h.Level == 2 {
			out = append(out, h)
		}
	}
	return out
}

// partnersIn returns the organisations of a sector, in the site's order
// (by name); nil for a term of another kind.
func partnersIn(s *site.Site, t *site.Term) []*site.Partner {
	if t.Kind != "sectors" {
		return nil
	}
	var out []*site.Partner
	for _, p := range s.Partners {
		if p.Sector == t {
			out = append(out, p)
		}
	}
	return out
}

// SectorPartners are the organisations of one sector.
type SectorPartners struct {
	Sector   *site.Term
	Partners []*site.Partner
}

// bySector groups organisations by sector, in the order of the vocabulary,
// keeping their order within a sector and leaving out empty sectors.
func bySector(ps []*site.Partner) []SectorPartners {
	var out []SectorPartners
	for _, p := range ps {
		i := slices.IndexFunc(out, func(g SectorPartners) bool { return g.Sector == p.Sector })
		if i < 0 {
			i = len(out)
			out = append(out, SectorPartners{Sector: p.Sector})
		}
		out[i].Partners = append(out[i].Partners, p)
	}
	order := content.Sectors()
	slices.SortStableFunc(out, func(a, b SectorPartners) int {
		return cmp.Compare(slices.Index(order, a.Sector.Key), slices.Index(order, b.Sector.Key))
	})
	return out
}

// others returns a case study's partners other than org.
func others(st *site.Study, org *site.Partner) []site.PartnerRef {
	var out []site.PartnerRef
	for _, p := range st.Partners {
		if p.Org != org {
			out = append(out, p)
		}
	}
	return out
}

// Related is a related case study and what it has in common with the page's.
type Related struct {
	Study  *site.Study
	Common []string // "Example Telecom", "SDG 4", "Business", "Innovation"
}

func related(st *site.Study) []Related {
	var out []Related
	for _, r := range st.Related() {
		sh := st.Shared(r)
		var common []string
		for _, p := range sh.Partners {
			common = append(common, p.Name)
		}
		for _, t := range sh.Terms {
			if t.Kind == "sdgs" {
				common = append(common, "SDG "+t.Key)
			} else {
				common = append(common, t.Name)
			}
		}
		out = append(out, Related{Study: r, Common: common})
	}
	return out
}

// formatNum writes a number (float64 or *float64) without trailing zeros
// and with thousands separators.
func formatNum(n any) string {
	var v float64
	switch n := n.(type) {
	case float64:
		v = n
	case *float64:
		if n == nil {
			return ""
		}
		v = *n
	default:
		return fmt.Sprint(n)
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if v != math.Trunc(v) || math.Abs(v) < 10000 {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// LessonGroup is the lessons of one category; Category is "" for those without one.
type LessonGroup struct {
	Category string
	Lessons  []template.HTML
}

// lessonGroups groups a study's lessons by category, the categories in the
// order of the vocabulary, so that every case study reads the same way, and
// uncategorised lessons last. Lessons keep their order within a group.
// body is the study's rendered Markdown (the page's .Body), whose
// LessonsHTML are the lessons rendered.
func lessonGroups(st *site.Study, body *site.Body) []LessonGroup {
	if body == nil {
		body = new(site.Body)
	}
	cats := content.LessonCategories()
	rank := func(c string) int {
		if c == "" {
			return math.MaxInt
		}
		if i := slices.Index(cats, c); i >= 0 {
			return i
		}
		return math.MaxInt - 1 // outside the vocabulary: after the categories in it
	}
	var groups []LessonGroup
	for i, l := range st.Lessons {
		g := slices.IndexFunc(groups, func(g LessonGroup) bool { return g.Category == l.Category })
		if g < 0 {
			g = len(groups)
			groups = append(groups, LessonGroup{Category: l.Category})
		}
		html := template.HTML(template.HTMLEscapeString(l.Text))
		if i < len(body.LessonsHTML) {
			html = body.LessonsHTML[i]
		}
		groups[g].Lessons = append(groups[g].Lessons, html)
	}
	slices.SortStableFunc(groups, func(a, b LessonGroup) int { return cmp.Compare(rank(a.Category), rank(b.Category)) })
	return groups
}
