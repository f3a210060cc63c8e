package search

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"casebook/generator/content"
	"casebook/generator/site"
)

// Fields of a document, in the order of Weights.
const (
	FieldTitle    = iota // the title
	FieldPartners        // partner organisations' names
	FieldSummary         // the summary
	FieldLabels          // facet labels: themes, sectors, SDG titles, regions, countries, status, engagement
	FieldDetails         // goals, equity outcomes, lessons, partner roles
	FieldBody            // the story
	NumFields
)

// Weights are the BM25F field weights: title and partner names highest, then
// the summary and facet labels, then goals, outcomes and lessons, then the
// body.
var Weights = [NumFields]float64{10, 8, 4, 3, 2, 1}

// fieldB is each field's length normalisation (BM25's b).
var fieldB = [NumFields]float64{0.4, 0.3, 0.5, 0.3, 0.6, 0.75}

// Doc is one case study as the index sees it.
type Doc struct {
	URL      string // site path, "/case-studies/x/"
	Title    string
	Summary  string
	Date     string // publication date, 2006-01-02
	Partners []string
	Text     [NumFields]string
	// Facets holds, for each facet of the index, the indices of the values
	// the document has in Facet.Values.
	Facets [][]int
}

// Facet is one dimension readers filter on.
type Facet struct {
	Param  string // the URL parameter: "sector"
	Name   string // its heading: "Sector"
	Values []Value
	Single bool // a document has at most one value
}

// Value is one value of a facet.
type Value struct {
	Key   string // in URLs: "civil-society"
	Label string // shown: "Civil society"
	Count int    // documents that have it
}

// fromSite returns the documents and facets of a site: themes, sectors,
// SDGs, regions, status, community engagement and start year. The
// documents' texts are left empty: studyText makes them when a Builder is
// given each body.
func fromSite(s *site.Site) ([]Doc, []Facet) {
	termFacet := func(param, name string, terms []*site.Term, label func(*site.Term) string) Facet {
		f := Facet{Param: param, Name: name}
		for _, t := range terms {
			f.Values = append(f.Values, Value{Key: t.Slug, Label: label(t)})
		}
		return f
	}
	plain := func(t *site.Term) string { return t.Name }
	regions := s.AllRegions()
	facets := []Facet{
		termFacet("tag", "Theme", s.Tags, plain),
		termFacet("sector", "Partner sector", s.Sectors, plain),
		termFacet("sdg", "SDG", s.SDGs, func(t *site.Term) string { return t.Key + " · " + t.Name }),
		termFacet("region", "Region", regions, plain),
		vocabFacet("status", "Status", content.Statuses()),
		vocabFacet("engagement", "Community engagement", content.Engagements()),
		{Param: "year", Name: "Start year", Single: true},
	}
	var years []int
	for _, st := range s.Studies {
		if !slices.Contains(years, st.Period.Start) {
			years = append(years, st.Period.Start)
		}
	}
	slices.SortFunc(years, func(a, b int) int { return b - a })
	for _, y := range years {
		facets[6].Values = append(facets[6].Values, Value{Key: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	index := func(terms []*site.Term, t *site.Term) int { return slices.Index(terms, t) }

	docs := make([]Doc, len(s.Studies))
	for i, st := range s.Studies {
		d := &docs[i]
		d.URL, d.Title, d.Summary, d.Date = st.URL, st.Title, st.Summary, st.Date.Format("2006-01-02")
		d.Facets = make([][]int, len(facets))
		for _, t := range st.TagTerms {
			d.Facets[0] = append(d.Facets[0], index(s.Tags, t))
		}
		for _, t := range st.SectorTerm {
			d.Facets[1] = append(d.Facets[1], index(s.Sectors, t))
		}
		for _, t := range st.SDGTerms {
			d.Facets[2] = append(d.Facets[2], index(s.SDGs, t))
		}
		for _, t := range st.Regions {
			d.Facets[3] = append(d.Facets[3], index(regions, t))
		}
		if k := slices.Index(content.Statuses(), st.Status); k >= 0 {
			d.Facets[4] = []int{k}
		}
		if k := slices.Index(content.Engagements(), st.CommunityEngagement); k >= 0 {
			d.Facets[5] = []int{k}
		}
		d.Facets[6] = []int{slices.Index(years, st.Period.Start)}
		for _, p := range st.Partners {
			d.Partners = append(d.Partners, p.Org.Name)
		}
		for k := range d.Facets {
			slices.Sort(d.Facets[k])
			for _, v := range d.Facets[k] {
				facets[k].Values[v].Count++
			}
		}
	}
	return docs, facets
}

// studyText sets the texts of d, the document of st, but its body's: the
// index asks for them only when it is given the body (Builder.Add), so that
// a large build does not hold every document's text through the render.
// The texts made of several values (partners, labels, details; one a line)
// are appended to buf, which it returns grown, and are views of it: a
// Builder writes them in its batch's arena, used again once the batch is
// tokenised (joined strings were an eighth of a build's allocation during
// the render).
func studyText(st *site.Study, d *Doc, buf []byte) []byte {
	j := lines{buf: buf, start: len(buf)}
	for _, p := range d.Partners {
		j.add(p)
	}
	partners := j.end()
	for _, ts := range [][]*site.Term{st.TagTerms, st.SectorTerm, st.SDGTerms, st.Regions} {
		for _, t := range ts {
			j.add(t.Name)
		}
	}
	for _, c := range st.Countries {
		j.add(c.Name)
	}
	if slices.Contains(content.Statuses(), st.Status) {
		j.add(st.Status)
	}
	if slices.Contains(content.Engagements(), st.CommunityEngagement) {
		j.add(st.CommunityEngagement)
	}
	labels := j.end()
	for _, p := range st.Partners {
		j.add(p.Role)
	}
	for _, g := range st.Goals {
		j.add(inlineText(g))
	}
	for _, o := range st.Outcomes {
		j.add(inlineText(o.Outcome))
		j.add(o.Group)
		j.add(o.Indicator)
	}
	for _, l := range st.Lessons {
		j.add(inlineText(l.Text))
	}
	details := j.end()
	d.Text = [NumFields]string{st.Title, partners, st.Summary, labels, details, d.Text[FieldBody]}
	return j.buf
}

// lines joins strings with newlines, as strings.Join(v, "\n") does, at the
// end of buf; end returns the text since the last end, a view of buf's
// memory (which stays that text's: buf only grows, into new arrays when it
// must).
type lines struct {
	buf        []byte
	start, num int
}

func (j *lines) add(s string) {
	if j.num > 0 {
		j.buf = append(j.buf, '\n')
	}
	j.buf = append(j.buf, s...)
	j.num++
}

func (j *lines) end() string {
	s := unsafe.String(unsafe.SliceData(j.buf[j.start:]), len(j.buf)-j.start)
	j.start, j.num = len(j.buf), 0
	return s
}

func vocabFacet(param, name string, keys []string) Facet {
	f := Facet{Param: param, Name: name, Single: true}
	for _, k := range keys {
		f.Values = append(f.Values, Value{Key: k, Label: strings.ToUpper(k[:1]) + k[1:]})
	}
	return f
}

// inlineText drops the link destinations of inline Markdown, whose words
// ("https", "example", "org") are not the text; the rest of the markup is
// punctuation, which normalisation skips.
func inlineText(md string) string {
	if !strings.Contains(md, "](") {
		return md
	}
	var b strings.Builder
	for {
		i := strings.Index(md, "](")
		if i < 0 {
			break
		}
		b.WriteString(md[:i])
		rest := md[i+2:]
		j := strings.IndexByte(rest, ')')
		if j < 0 {
			md = rest
			break
		}
		md = rest[j+1:]
	}
	b.WriteString(md)
	return b.String()
}

// order returns the documents' numbering: docs[order[i]] is document i.
// Documents are sorted by their facet values, facet by facet (a document
// with the first value of a facet comes before one without), then newest
// first, so that browsing by a facet reads contiguous blocks of cards and
// the facet columns compress.
func order(docs []Doc, sortFacets []int) []int {
	ids := make([]int, len(docs))
	for i := range ids {
		ids[i] = i
	}
	slices.SortStableFunc(ids, func(a, b int) int {
		for _, f := range sortFacets {
			if c := cmpValues(docs[a].Facets[f], docs[b].Facets[f]); c != 0 {
				return c
			}
		}
		return cmp.Or(strings.Compare(docs[b].Date, docs[a].Date), strings.Compare(docs[a].URL, docs[b].URL))
	})
	return ids
}

// cmpValues orders two sorted value sets as bit masks with the first value
// highest: {0} < {1,2} < {1} < {2} < {}.
func cmpValues(a, b []int) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] - b[i]
		}
	}
	return len(b) - len(a)
}
