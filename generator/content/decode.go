package content

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"casebook/generator/node"
	"casebook/generator/region"
	"casebook/generator/slug"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/currency"
	"golang.org/x/text/language"
)

var (
	caseKeys    = []string{"title", "summary", "date", "updated", "draft", "slug", "status", "period", "partners", "tags", "sdgs", "countries", "community_engagement", "goals", "equity_outcomes", "lessons", "resources", "sources", "image"}
	required    = []string{"title", "summary", "date", "status", "period", "partners", "tags", "goals", "equity_outcomes", "lessons"}
	periodKeys  = []string{"start", "end"}
	partnerKeys = []string{"name", "sector", "role", "url"}
	outcomeKeys = []string{"outcome", "group", "indicator", "baseline", "value", "target", "unit", "year", "source"}
	lessonKeys  = []string{"lesson", "category"}
	resKeys     = []string{"funding", "in_kind"}
	fundKeys    = []string{"amount", "currency"}
	sourceKeys  = []string{"id", "title", "url", "publisher", "date", "lang"}
	imageKeys   = []string{"src", "alt"}
	pageKeys    = []string{"title", "draft", "slug"}
	sourceDate  = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
)

// decoder decodes one file's front matter. Its node.Decoder collects the
// diagnostics; tags is the site's tag vocabulary.
type decoder struct {
	*node.Decoder
	tags []string
	now  time.Time
}

// Placeholder starts the values that `casebook new` leaves for the editor
// to fill in; the validator refuses them.
const Placeholder = "TODO"

// caseStudy decodes and checks a case study's front matter. It returns a
// value even when there are errors, so that cross-file checks can still run
// on what was readable.
func (d *decoder) caseStudy(root *yaml.Node) *CaseStudy {
	cs := &CaseStudy{}
	m := d.Map(root, nil, "", caseKeys)
	d.Require(m, required...)
	cs.Title = d.text(m, "title", 120)
	cs.Summary = d.text(m, "summary", 300)
	if v := m.Get("date"); v != nil {
		cs.Date, _ = d.Date(v, "date")
	}
	if v := m.Get("updated"); v != nil {
		if t, ok := d.Date(v, "updated"); ok {
			cs.Updated = t
			if !cs.Date.IsZero() && t.Before(cs.Date) {
				d.Errorf(v, "updated", "", "%s is before date %s", t.Format("2006-01-02"), cs.Date.Format("2006-01-02"))
			}
		}
	}
	if v := m.Get("draft"); v != nil {
		cs.Draft, _ = d.Bool(v, "draft")
	}
	if v := m.Get("slug"); v != nil {
		if s, ok := d.String(v, "slug"); ok {
			if slug.Valid(s) {
				cs.Slug = s
			} else {
				d.Errorf(v, "slug", hintSlug(s), "%q is not a slug: lower-case letters and digits in words joined by hyphens", s)
			}
		}
	}
	if v := m.Get("status"); v != nil {
		cs.Status, _ = d.Enum(v, "status", Statuses())
	}
	cs.Period = d.period(m)
	cs.Partners = d.partners(m)
	for i, v := range d.Seq(m.Get("tags"), "tags") {
		if s, ok := d.tag(v, node.Index("tags", i)); ok {
			if isIn(cs.Tags, s) {
				d.Errorf(v, node.Index("tags", i), "", "tag %q is listed twice", s)
				continue
			}
			cs.Tags = append(cs.Tags, s)
		}
	}
	if m.Get("tags") != nil && len(cs.Tags) == 0 && len(m.Get("tags").Content) == 0 {
		d.Errorf(m.Get("tags"), "tags", "allowed: "+strings.Join(d.tags, ", "), "list at least one tag")
	}
	for i, v := range d.Seq(m.Get("sdgs"), "sdgs") {
		f := node.Index("sdgs", i)
		if n, ok := d.Int(v, f); ok {
			switch {
			case n < 1 || n > 17:
				d.Errorf(v, f, "the 17 Sustainable Development Goals are numbered 1 to 17", "%d is not an SDG", n)
			case containsInt(cs.SDGs, n):
				d.Errorf(v, f, "", "SDG %d is listed twice", n)
			default:
				cs.SDGs = append(cs.SDGs, n)
			}
		}
	}
	for i, v := range d.Seq(m.Get("countries"), "countries") {
		f := node.Index("countries", i)
		if s, ok := d.String(v, f); ok {
			if _, known := region.Lookup(s); known {
				if isIn(cs.Countries, s) {
					d.Errorf(v, f, "", "country %s is listed twice", s)
				} else {
					cs.Countries = append(cs.Countries, s)
				}
				continue
			}
			hint := "use ISO 3166-1 alpha-2 codes such as US, KE or IN"
			if _, up := region.Lookup(strings.ToUpper(s)); up {
				hint = fmt.Sprintf("write it in capitals: %s", strings.ToUpper(s))
			}
			d.Errorf(v, f, hint, "%q is not an ISO 3166-1 alpha-2 country code", s)
		}
	}
	if v := m.Get("community_engagement"); v != nil {
		cs.CommunityEngagement, _ = d.Enum(v, "community_engagement", Engagements())
	}
	cs.Goals = d.stringList(m, "goals", 500)
	cs.Sources = d.sources(m)
	cs.Outcomes = d.outcomes(m, cs)
	cs.Lessons = d.lessons(m)
	cs.Resources = d.resources(m)
	cs.Image = d.image(m)
	d.warnings(m, cs)
	return cs
}

// warnings reports what is probably a mistake but does not break the page:
// an active partnership whose period has ended, and a source id that no
// outcome cites.
func (d *decoder) warnings(m node.Map, cs *CaseStudy) {
	if cs.Status == "active" && cs.Period.Start != 0 && cs.Period.End >= cs.Period.Start && !d.now.IsZero() && cs.Period.End < d.now.Year() {
		d.Warnf(m.Get("status"), "status", "set status: completed or ended, or extend period.end",
			"is active but the period ended in %d", cs.Period.End)
	}
	cited := map[string]bool{}
	for _, o := range cs.Outcomes {
		cited[o.Source] = true
	}
	for i, v := range d.Seq(m.Get("sources"), "") {
		if i >= len(cs.Sources) || cs.Sources[i].ID == "" || cited[cs.Sources[i].ID] {
			continue
		}
		sm := d.Map(v, v, "", nil)
		d.Warnf(sm.Get("id"), node.Join(node.Index("sources", i), "id"), "cite it from an outcome with source: "+cs.Sources[i].ID+", or remove the id",
			"no outcome cites source %q", cs.Sources[i].ID)
	}
}

// tag decodes a tag from the site's vocabulary; an unknown one gets a hint
// on extending the vocabulary.
func (d *decoder) tag(v *yaml.Node, field string) (string, bool) {
	s, ok := d.String(v, field)
	if !ok || isIn(d.tags, s) {
		return s, ok
	}
	hint := node.Suggest(s, d.tags, "")
	if hint == "" {
		hint = fmt.Sprintf("allowed: %s; a site adds its own in casebook.toml: tags = [%q]", strings.Join(d.tags, ", "), slug.Make(s))
	}
	d.Errorf(v, field, hint, "%q is not allowed", s)
	return "", false
}

// text decodes a required plain-text field of at most max characters.
func (d *decoder) text(m node.Map, key string, max int) string {
	v := m.Get(key)
	if v == nil {
		return ""
	}
	s, ok := d.String(v, node.Join(m.Field, key))
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		d.Errorf(v, node.Join(m.Field, key), "", "must not be empty")
	case n > max:
		d.Errorf(v, node.Join(m.Field, key), "shorten it; the full story belongs in the body", "is %d characters long; the limit is %d", n, max)
	}
	return s
}

func (d *decoder) stringList(m node.Map, key string, max int) []string {
	var out []string
	list := d.Seq(m.Get(key), key)
	for i, v := range list {
		f := node.Index(key, i)
		if s, ok := d.String(v, f); ok {
			if strings.TrimSpace(s) == "" {
				d.Errorf(v, f, "", "must not be empty")
				continue
			}
			if n := utf8.RuneCountInString(s); n > max {
				d.Errorf(v, f, "", "is %d characters long; the limit is %d", n, max)
			}
			out = append(out, strings.TrimSpace(s))
		}
	}
	if v := m.Get(key); v != nil && v.Kind == yaml.SequenceNode && len(list) == 0 {
		d.Errorf(v, key, "", "list at least one entry")
	}
	return out
}

func (d *decoder) period(m node.Map) Period {
	var p Period
	pm := d.Map(m.Get("period"), m.KeyNode("period"), "period", periodKeys)
	d.Require(pm, "start")
	if v := pm.Get("start"); v != nil {
		p.Start = d.year(v, "period.start")
	}
	if v := pm.Get("end"); v != nil {
		p.End = d.year(v, "period.end")
		if p.End != 0 && p.Start != 0 && p.End < p.Start {
			d.Errorf(v, "period.end", "", "%d is before period.start %d", p.End, p.Start)
		}
	}
	return p
}

func (d *decoder) year(v *yaml.Node, field string) int {
	n, ok := d.Int(v, field)
	if !ok {
		return 0
	}
	if n < 1800 || n > 2200 {
		d.Errorf(v, field, "write a four-digit year such as 2019", "%d is not a plausible year", n)
		return 0
	}
	return n
}

func (d *decoder) partners(m node.Map) []Partner {
	var out []Partner
	sectors, valid := map[string]bool{}, 0
	list := d.Seq(m.Get("partners"), "partners")
	for i, v := range list {
		f := node.Index("partners", i)
		pm := d.Map(v, v, f, partnerKeys)
		d.Require(pm, "name", "sector")
		p := Partner{Pos: d.Pos(pm.Get("name")), SectorPos: d.Pos(pm.Get("sector"))}
		if n := pm.Get("name"); n != nil {
			p.Name = d.text(pm, "name", 200)
			p.Key = slug.Make(p.Name)
			if p.Name != "" && p.Key == "" {
				d.Errorf(n, node.Join(f, "name"), "", "name %q has no letter or digit a URL can be made from", p.Name)
			}
		}
		if s := pm.Get("sector"); s != nil {
			p.Sector, _ = d.Enum(s, node.Join(f, "sector"), Sectors())
			if p.Sector != "" {
				sectors[p.Sector] = true
				valid++
			}
		}
		if r := pm.Get("role"); r != nil {
			p.Role, _ = d.String(r, node.Join(f, "role"))
		}
		p.URL = d.link(pm.Get("url"), node.Join(f, "url"), false)
		for _, q := range out {
			if q.Name != "" && q.Name == p.Name {
				d.Errorf(pm.Get("name"), node.Join(f, "name"), "list each organisation once; give it a combined role", "partner %q is listed twice", p.Name)
			}
		}
		out = append(out, p)
	}
	if v := m.Get("partners"); v != nil && v.Kind == yaml.SequenceNode {
		switch {
		case len(list) < 2:
			d.Errorf(v, "partners", "a cross-sector partnership has at least two partners from two sectors", "lists %d partner; at least 2 are needed", len(list))
		case len(sectors) == 1 && valid == len(list):
			d.Errorf(v, "partners", "a cross-sector partnership has partners from at least two different sectors", "every partner is in the same sector")
		}
	}
	return out
}

// link decodes an optional URL: http or https, plus mailto when mail is set.
func (d *decoder) link(v *yaml.Node, field string, mail bool) string {
	if v == nil {
		return ""
	}
	s, ok := d.String(v, field)
	if !ok {
		return ""
	}
	u, err := url.Parse(s)
	if err == nil && ((u.Scheme == "http" || u.Scheme == "https") && u.Host != "" || mail && u.Scheme == "mailto" && u.Opaque != "") {
		return s
	}
	hint := "write a full address starting with https://"
	if err == nil && u.Scheme == "" && strings.Contains(s, ".") {
		hint = "add the scheme: https://" + s
	}
	d.Errorf(v, field, hint, "%q is not an http or https URL", s)
	return ""
}

func (d *decoder) sources(m node.Map) []Source {
	var out []Source
	ids := map[string]*yaml.Node{}
	for i, v := range d.Seq(m.Get("sources"), "sources") {
		f := node.Index("sources", i)
		sm := d.Map(v, v, f, sourceKeys)
		d.Require(sm, "title")
		s := Source{Title: d.text(sm, "title", 300)}
		if n := sm.Get("id"); n != nil {
			if id, ok := d.String(n, node.Join(f, "id")); ok {
				if first := ids[id]; first != nil {
					d.Errorf(n, node.Join(f, "id"), "", "id %q is already used by the source at line %d", id, d.Pos(first).Line)
				}
				ids[id] = n
				s.ID = id
			}
		}
		s.URL = d.link(sm.Get("url"), node.Join(f, "url"), false)
		if n := sm.Get("publisher"); n != nil {
			s.Publisher, _ = d.String(n, node.Join(f, "publisher"))
		}
		if n := sm.Get("lang"); n != nil {
			if l, ok := d.String(n, node.Join(f, "lang")); ok {
				if tag, err := language.Parse(l); err == nil {
					s.Lang = tag.String()
				} else {
					d.Errorf(n, node.Join(f, "lang"), `a BCP 47 language tag such as "es", "fr" or "pt-BR"`, "%q is not a language tag", l)
				}
			}
		}
		if n := sm.Get("date"); n != nil {
			if ds, ok := d.String(n, node.Join(f, "date")); ok {
				if sourceDate.MatchString(ds) {
					s.Date = ds
				} else {
					d.Errorf(n, node.Join(f, "date"), "write YYYY, YYYY-MM or YYYY-MM-DD", "%q is not a date", ds)
				}
			}
		}
		out = append(out, s)
	}
	return out
}

func (d *decoder) outcomes(m node.Map, cs *CaseStudy) []Outcome {
	var out []Outcome
	list := d.Seq(m.Get("equity_outcomes"), "equity_outcomes")
	for i, v := range list {
		f := node.Index("equity_outcomes", i)
		om := d.Map(v, v, f, outcomeKeys)
		d.Require(om, "outcome", "group")
		o := Outcome{Outcome: d.text(om, "outcome", 500), Group: d.text(om, "group", 200)}
		if n := om.Get("indicator"); n != nil {
			o.Indicator, _ = d.String(n, node.Join(f, "indicator"))
		}
		if n := om.Get("unit"); n != nil {
			o.Unit, _ = d.String(n, node.Join(f, "unit"))
		}
		num := func(key string) *float64 {
			n := om.Get(key)
			if n == nil {
				return nil
			}
			x, ok := d.Float(n, node.Join(f, key))
			if !ok {
				return nil
			}
			if o.Unit == "%" && (x < 0 || x > 100) {
				d.Errorf(n, node.Join(f, key), "", "%v%% is outside 0–100", x)
			}
			return &x
		}
		o.Baseline, o.Value, o.Target = num("baseline"), num("value"), num("target")
		if n := om.Get("year"); n != nil {
			o.Year = d.year(n, node.Join(f, "year"))
			switch p := cs.Period; {
			case o.Year == 0 || p.Start == 0:
			case p.End != 0 && (o.Year < p.Start || o.Year > p.End):
				d.Errorf(n, node.Join(f, "year"), "", "%d is outside the period %d–%d", o.Year, p.Start, p.End)
			case p.End == 0 && o.Year < p.Start:
				d.Errorf(n, node.Join(f, "year"), "", "%d is before period.start %d", o.Year, p.Start)
			}
		}
		if n := om.Get("source"); n != nil {
			if id, ok := d.String(n, node.Join(f, "source")); ok {
				o.Source = id
				if !hasSource(cs.Sources, id) {
					d.Errorf(n, node.Join(f, "source"), sourceHint(cs.Sources, id), "no source has the id %q", id)
				}
			}
		}
		out = append(out, o)
	}
	if v := m.Get("equity_outcomes"); v != nil && v.Kind == yaml.SequenceNode && len(list) == 0 {
		d.Errorf(v, "equity_outcomes", "", "list at least one outcome")
	}
	return out
}

func (d *decoder) lessons(m node.Map) []Lesson {
	var out []Lesson
	list := d.Seq(m.Get("lessons"), "lessons")
	for i, v := range list {
		f := node.Index("lessons", i)
		if v.Kind == yaml.ScalarNode {
			if s, ok := d.String(v, f); ok && strings.TrimSpace(s) != "" {
				out = append(out, Lesson{Text: strings.TrimSpace(s)})
			} else if ok {
				d.Errorf(v, f, "", "must not be empty")
			}
			continue
		}
		lm := d.Map(v, v, f, lessonKeys)
		d.Require(lm, "lesson")
		l := Lesson{Text: d.text(lm, "lesson", 1000)}
		if n := lm.Get("category"); n != nil {
			l.Category, _ = d.Enum(n, node.Join(f, "category"), LessonCategories())
		}
		out = append(out, l)
	}
	if v := m.Get("lessons"); v != nil && v.Kind == yaml.SequenceNode && len(list) == 0 {
		d.Errorf(v, "lessons", "", "list at least one lesson")
	}
	return out
}

func (d *decoder) resources(m node.Map) *Resources {
	if m.Get("resources") == nil {
		return nil
	}
	r := &Resources{}
	rm := d.Map(m.Get("resources"), m.KeyNode("resources"), "resources", resKeys)
	if n := rm.Get("in_kind"); n != nil {
		r.InKind, _ = d.String(n, "resources.in_kind")
	}
	if rm.Get("funding") != nil {
		fm := d.Map(rm.Get("funding"), rm.KeyNode("funding"), "resources.funding", fundKeys)
		d.Require(fm, "amount", "currency")
		f := &Funding{}
		if n := fm.Get("amount"); n != nil {
			if x, ok := d.Float(n, "resources.funding.amount"); ok {
				if x < 0 {
					d.Errorf(n, "resources.funding.amount", "", "must not be negative")
				}
				f.Amount = x
			}
		}
		if n := fm.Get("currency"); n != nil {
			if s, ok := d.String(n, "resources.funding.currency"); ok {
				if u, err := currency.ParseISO(s); err == nil && len(s) == 3 && strings.ToUpper(s) == s {
					f.Currency = u.String()
				} else {
					d.Errorf(n, "resources.funding.currency", "an ISO 4217 code in capitals, such as USD, EUR or KES", "%q is not a currency code", s)
				}
			}
		}
		r.Funding = f
	}
	return r
}

func (d *decoder) image(m node.Map) *Image {
	if m.Get("image") == nil {
		return nil
	}
	im := d.Map(m.Get("image"), m.KeyNode("image"), "image", imageKeys)
	d.Require(im, "src", "alt")
	img := &Image{}
	if n := im.Get("src"); n != nil {
		img.Src, _ = d.String(n, "image.src")
		img.SrcPos = d.Pos(n)
	}
	if im.Get("alt") != nil {
		img.Alt = d.text(im, "alt", 250)
	}
	return img
}

func hasSource(sources []Source, id string) bool {
	for _, s := range sources {
		if s.ID == id {
			return true
		}
	}
	return false
}

func sourceHint(sources []Source, id string) string {
	var ids []string
	for _, s := range sources {
		if s.ID != "" {
			ids = append(ids, s.ID)
		}
	}
	if len(ids) == 0 {
		return "give the source an id: under sources, add `id: " + id + "` to its entry"
	}
	if h := node.Suggest(id, ids, ""); h != "" {
		return h
	}
	return "source ids in this file: " + strings.Join(ids, ", ")
}

func hintSlug(s string) string {
	if m := slug.Make(s); m != "" {
		return fmt.Sprintf("write %q", m)
	}
	return ""
}

func containsInt(list []int, n int) bool {
	for _, e := range list {
		if e == n {
			return true
		}
	}
	return false
}
