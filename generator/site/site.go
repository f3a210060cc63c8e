// Package site assembles loaded content and rendered bodies into one
// read-only Site: case studies with their URLs and cross-links, the
// taxonomies (tags, sectors, SDGs, regions), partner organisations and
// related case studies.
//
// Assemble is the only constructor; what it returns is never changed
// afterwards, so any number of goroutines may read it at once. The one
// thing worked out later is each study's list of related case studies,
// computed once on first use (Study.Related) and safe to ask for
// concurrently. Every URL in
// a Site is a site path ("/case-studies/x/"), without the base path; the
// render package adds it. Assemble is linear in the content, apart from
// sorting: related case studies are found through an inverted index with
// bounded candidate lists, never by comparing every pair.
package site

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"casebook/generator/config"
	"casebook/generator/content"
	"casebook/generator/markdown"
	"casebook/generator/region"
	"casebook/generator/slug"
)

// Site is the whole portal, ready to render.
type Site struct {
	Config   *config.Config
	Studies  []*Study // newest first
	Pages    []*Page
	Tags     []*Term // the site's vocabulary, core tags first
	Sectors  []*Term // every sector, in vocabulary order
	SDGs     []*Term // all 17
	Regions  []*Term // M49 regions in use, each with its sub-regions in Children
	Partners []*Partner
	Assets   []content.Asset
	// Updated is the latest date or updated of any case study; zero when there are none.
	Updated time.Time
}

// Body is a case study's rendered Markdown: the body and the inline fields.
type Body struct {
	markdown.Result
	GoalsHTML    []template.HTML
	OutcomesHTML []template.HTML
	LessonsHTML  []template.HTML
}

// Study is a case study with everything a page needs.
type Study struct {
	*content.CaseStudy
	URL        string
	TagTerms   []*Term
	SectorTerm []*Term // distinct partner sectors, in vocabulary order
	SDGTerms   []*Term
	Regions    []*Term // regions then sub-regions, distinct
	Countries  []region.Country
	Partners   []PartnerRef

	rel     *relations // finds Related; nil for a Study made outside Assemble
	num     int        // the study's place in rel
	relOnce sync.Once
	related []*Study
	body    bodyMemo
}

// PartnerRef is a partner of a case study with its organisation page.
type PartnerRef struct {
	*content.Partner // the case study's own: not a copy, 100,000 studies hold several each
	Org              *Partner
}

// Term is one value of a taxonomy and the case studies that have it.
type Term struct {
	Kind        string // "tags", "sectors", "sdgs", "regions"
	Key         string // the value as written in front matter: "human-rights", "civil-society", "4", "Africa"
	Slug        string
	Name        string
	Description string
	Number      int // SDG number
	URL         string
	Studies     []*Study // newest first
	Parent      *Term    // for a sub-region
	Children    []*Term
}

// Partner is an organisation across the site.
type Partner struct {
	Name        string
	Slug        string
	Sector      *Term
	URL         string // its website, when known
	Description string
	Page        string // site path of its page
	Roles       []Role // newest first
}

// Role is a partner's part in one case study.
type Role struct {
	Study *Study
	Role  string
}

// Page is a plain page.
type Page struct {
	*content.Page
	Rendered markdown.Result
	URL      string
}

// Bodies gives Assemble the rendered Markdown of the case studies: all of
// them at once, or each made when it is asked for (see Study.Rendered and
// Study.Lend), so that a large site's bodies need not all be held.
type Bodies struct {
	Held []Body // Held[i] is the body of set.Studies[i]; nil to use Make
	// Make renders a study's body; with a Scratch, in its memory, as
	// markdown.Renderer.RenderIn does (Lend), else afresh (Rendered).
	Make func(*content.CaseStudy, *markdown.Scratch) (Body, error)
}

// Assemble builds the Site. pageBodies[i] is the rendered Markdown of
// set.Pages[i].
func Assemble(cfg *config.Config, set *content.Set, bodies Bodies, pageBodies []markdown.Result) *Site {
	s := &Site{Config: cfg, Assets: set.Assets}
	s.Tags = terms("tags", append(content.CoreTags(), cfg.Tags...), func(k string) (string, string) {
		return tagName(k), describe(cfg, "tag:"+k, tagDescriptions[k])
	})
	s.Sectors = terms("sectors", content.Sectors(), func(k string) (string, string) {
		return content.SectorName(k), describe(cfg, "sector:"+k, sectorDescriptions[k])
	})
	var nums []string
	for n := 1; n <= 17; n++ {
		nums = append(nums, strconv.Itoa(n))
	}
	s.SDGs = terms("sdgs", nums, func(k string) (string, string) {
		n, _ := strconv.Atoi(k)
		return content.SDGTitle(n), describe(cfg, "sdg:"+k, sdgDescriptions[n-1])
	})
	for i, t := range s.SDGs {
		t.Number = i + 1
		t.Slug = strconv.Itoa(i+1) + "-" + slug.Make(t.Name)
		t.URL = "/sdgs/" + t.Slug + "/"
	}
	regions := map[string]*Term{}
	partners := map[string]*Partner{}

	for i, cs := range set.Studies {
		st := &Study{CaseStudy: cs, URL: "/case-studies/" + cs.Slug + "/"}
		if bodies.Held != nil {
			st.body.held = &bodies.Held[i]
		} else {
			st.body.make = bodies.Make // not a closure a study: 100,000 objects fewer at 100k
		}
		if cs.Updated.After(s.Updated) {
			s.Updated = cs.Updated
		}
		if cs.Date.After(s.Updated) {
			s.Updated = cs.Date
		}
		// The study's tags, sectors and SDGs share one array.
		terms := make([]*Term, 0, len(cs.Tags)+len(cs.Partners)+len(cs.SDGs))
		group := func(start int) []*Term {
			if len(terms) == start {
				return nil
			}
			return terms[start:len(terms):len(terms)]
		}
		for _, tag := range cs.Tags {
			if t := find(s.Tags, tag); t != nil {
				terms = append(terms, t)
				t.Studies = append(t.Studies, st)
			}
		}
		st.TagTerms = group(0)
		start := len(terms)
		for _, sec := range s.Sectors {
			if slices.ContainsFunc(cs.Partners, func(p content.Partner) bool { return p.Sector == sec.Key }) {
				terms = append(terms, sec)
				sec.Studies = append(sec.Studies, st)
			}
		}
		st.SectorTerm = group(start)
		start = len(terms)
		for _, n := range cs.SDGs {
			t := s.SDGs[n-1]
			terms = append(terms, t)
			t.Studies = append(t.Studies, st)
		}
		st.SDGTerms = group(start)
		slices.SortFunc(st.SDGTerms, func(a, b *Term) int { return a.Number - b.Number })
		st.Countries, st.Regions = placeStudy(st, regions)
		st.Partners = make([]PartnerRef, 0, len(cs.Partners))
		for i := range cs.Partners {
			p := &cs.Partners[i]
			key := p.Key
			if key == "" { // made by hand rather than by content.Load
				key = slug.Make(p.Name)
			}
			org := partners[key]
			if org == nil {
				org = &Partner{Name: p.Name, Slug: key, Sector: find(s.Sectors, p.Sector), URL: p.URL, Page: "/partners/" + key + "/"}
				partners[key] = org
			}
			if org.URL == "" {
				org.URL = p.URL
			}
			org.Roles = append(org.Roles, Role{Study: st, Role: p.Role})
			st.Partners = append(st.Partners, PartnerRef{Partner: p, Org: org})
		}
		s.Studies = append(s.Studies, st)
	}
	for key, info := range set.Partners {
		if org := partners[key]; org != nil {
			org.Name, org.Description = info.Name, info.Description
			if info.URL != "" {
				org.URL = info.URL
			}
		}
	}
	// By name regardless of case, then slug: the lower-case names are made
	// once, not in every comparison.
	type keyed struct {
		name string
		org  *Partner
	}
	byName := make([]keyed, 0, len(partners))
	for _, org := range partners {
		byName = append(byName, keyed{strings.ToLower(org.Name), org})
	}
	slices.SortFunc(byName, func(a, b keyed) int {
		return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.org.Slug, b.org.Slug))
	})
	s.Partners = make([]*Partner, len(byName))
	for i, k := range byName {
		s.Partners[i] = k.org
	}
	s.Regions = sortRegions(regions)
	for i, p := range set.Pages {
		s.Pages = append(s.Pages, &Page{Page: p, Rendered: pageBodies[i], URL: "/" + p.Slug + "/"})
	}
	newRelations(s.Studies)
	return s
}

// placeStudy resolves a study's countries and files it under their regions
// and sub-regions, creating region terms as they are first used.
func placeStudy(st *Study, regions map[string]*Term) ([]region.Country, []*Term) {
	var countries []region.Country
	var top, sub []*Term
	for _, code := range st.CaseStudy.Countries {
		c, ok := region.Lookup(code)
		if !ok {
			continue
		}
		countries = append(countries, c)
		r := regions[c.Region]
		if r == nil {
			r = newRegion(c.Region, nil)
			regions[c.Region] = r
		}
		sr := regions[c.SubRegion]
		if sr == nil {
			sr = newRegion(c.SubRegion, r)
			regions[c.SubRegion] = sr
			r.Children = append(r.Children, sr)
		}
		if !slices.Contains(top, r) {
			top = append(top, r)
			r.Studies = append(r.Studies, st)
		}
		if !slices.Contains(sub, sr) {
			sub = append(sub, sr)
			sr.Studies = append(sr.Studies, st)
		}
	}
	return countries, append(top, sub...)
}

func newRegion(name string, parent *Term) *Term {
	sl := slug.Make(name)
	return &Term{Kind: "regions", Key: name, Slug: sl, Name: name, URL: "/regions/" + sl + "/", Parent: parent}
}

func sortRegions(regions map[string]*Term) []*Term {
	var out []*Term
	for _, r := range regions {
		if r.Parent == nil {
			slices.SortFunc(r.Children, func(a, b *Term) int { return strings.Compare(a.Name, b.Name) })
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *Term) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// AllRegions returns the regions and sub-regions in use, each region followed by its sub-regions.
func (s *Site) AllRegions() []*Term {
	var out []*Term
	for _, r := range s.Regions {
		out = append(out, r)
		out = append(out, r.Children...)
	}
	return out
}

func terms(kind string, keys []string, label func(string) (name, desc string)) []*Term {
	out := make([]*Term, 0, len(keys))
	for _, k := range keys {
		name, desc := label(k)
		out = append(out, &Term{Kind: kind, Key: k, Slug: k, Name: name, Description: desc, URL: "/" + kind + "/" + k + "/"})
	}
	return out
}

func find(ts []*Term, key string) *Term {
	for _, t := range ts {
		if t.Key == key {
			return t
		}
	}
	return nil
}

func describe(cfg *config.Config, key, def string) string {
	if d, ok := cfg.Descriptions[key]; ok {
		return d
	}
	return def
}

func tagName(k string) string {
	if k == "human-rights" {
		return "Human rights"
	}
	return strings.ToUpper(k[:1]) + strings.ReplaceAll(k[1:], "-", " ")
}
