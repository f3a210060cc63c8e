package render

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"casebook/generator/content"
	"casebook/generator/site"
)

func (t *Theme) funcs() template.FuncMap {
	return template.FuncMap{
		"url": t.cfg.Rel,
		"abs": t.cfg.Abs,
		"asset": func(name string) (string, error) {
			return t.Asset(name)
		},
		"date":         func(d time.Time) string { return d.Format("2 January 2006") },
		"isodate":      func(d time.Time) string { return d.Format("2006-01-02") },
		"sectorName":   content.SectorName,
		"sdgTitle":     content.SDGTitle,
		"num":          formatNum,
		"chart":        chart,
		"lessonGroups": lessonGroups,
		"add":          func(a, b int) int { return a + b },
		"join":         strings.Join,
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
		"engagement": func(level string) string {
			if level == "" {
				return ""
			}
			return strings.ToUpper(level[:1]) + level[1:]
		},
	}
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

// lessonGroups groups a study's lessons by category, in order of first appearance,
// uncategorised lessons first.
func lessonGroups(st *site.Study) []LessonGroup {
	var groups []LessonGroup
	idx := map[string]int{}
	for i, l := range st.Lessons {
		g, ok := idx[l.Category]
		if !ok {
			g = len(groups)
			idx[l.Category] = g
			groups = append(groups, LessonGroup{Category: l.Category})
		}
		html := template.HTML(template.HTMLEscapeString(l.Text))
		if i < len(st.Rendered.LessonsHTML) {
			html = st.Rendered.LessonsHTML[i]
		}
		groups[g].Lessons = append(groups[g].Lessons, html)
	}
	if len(groups) > 1 && groups[0].Category != "" {
		for i, g := range groups {
			if g.Category == "" {
				groups = append(append([]LessonGroup{g}, groups[:i]...), groups[i+1:]...)
				break
			}
		}
	}
	return groups
}
