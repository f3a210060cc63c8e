package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"casebook/generator/config"
	"casebook/generator/content"
	"casebook/generator/site"
)

// The data exports as they were made before jsonData and csvData wrote
// them straight from the studies: a record struct a study, marshalled by
// encoding/json, and the CSV row made from it. The exports must match them
// byte for byte.

// record is one case study in the open-data exports: every front-matter
// field, plus the derived URL, sectors and regions.
type record struct {
	Slug                string          `json:"slug"`
	URL                 string          `json:"url"`
	Title               string          `json:"title"`
	Summary             string          `json:"summary"`
	Date                string          `json:"date"`
	Updated             string          `json:"updated,omitempty"`
	Draft               bool            `json:"draft,omitempty"`
	Status              string          `json:"status"`
	Period              periodRecord    `json:"period"`
	Partners            []partnerRecord `json:"partners"`
	Sectors             []string        `json:"sectors"`
	Tags                []string        `json:"tags"`
	SDGs                []int           `json:"sdgs"`
	Countries           []string        `json:"countries"`
	Regions             []string        `json:"regions"`
	CommunityEngagement string          `json:"community_engagement,omitempty"`
	Goals               []string        `json:"goals"`
	EquityOutcomes      []outcomeRecord `json:"equity_outcomes"`
	Lessons             []lessonRecord  `json:"lessons"`
	Resources           *resourceRecord `json:"resources,omitempty"`
	Sources             []sourceRecord  `json:"sources"`
	Image               *imageRecord    `json:"image,omitempty"`
}

type periodRecord struct {
	Start int `json:"start"`
	End   int `json:"end,omitempty"`
}

type partnerRecord struct {
	Name   string `json:"name"`
	Sector string `json:"sector"`
	Role   string `json:"role,omitempty"`
	URL    string `json:"url,omitempty"`
	Page   string `json:"page"`
}

// outcomeRecord is an equity outcome under its front-matter keys.
type outcomeRecord struct {
	Outcome   string   `json:"outcome"`
	Group     string   `json:"group"`
	Indicator string   `json:"indicator,omitempty"`
	Baseline  *float64 `json:"baseline,omitempty"`
	Value     *float64 `json:"value,omitempty"`
	Target    *float64 `json:"target,omitempty"`
	Unit      string   `json:"unit,omitempty"`
	Year      int      `json:"year,omitempty"`
	Source    string   `json:"source,omitempty"`
}

type lessonRecord struct {
	Lesson   string `json:"lesson"`
	Category string `json:"category,omitempty"`
}

type resourceRecord struct {
	Funding *fundingRecord `json:"funding,omitempty"`
	InKind  string         `json:"in_kind,omitempty"`
}

type fundingRecord struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

type sourceRecord struct {
	ID        string `json:"id,omitempty"`
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"date,omitempty"`
	Lang      string `json:"lang,omitempty"`
}

type imageRecord struct {
	Src string `json:"src"`
	Alt string `json:"alt"`
}

func (t *Theme) record(st *site.Study) record {
	r := record{
		Slug: st.Slug, URL: t.cfg.Abs(st.URL), Title: st.Title, Summary: st.Summary,
		Date: st.Date.Format("2006-01-02"), Draft: st.Draft, Status: st.Status,
		Period: periodRecord{st.Period.Start, st.Period.End}, Tags: nonNil(st.Tags), SDGs: st.SDGs,
		Countries: nonNil(st.CaseStudy.Countries), CommunityEngagement: st.CommunityEngagement,
		Goals: st.Goals, EquityOutcomes: []outcomeRecord{},
	}
	if r.SDGs == nil {
		r.SDGs = []int{}
	}
	if !st.Updated.IsZero() {
		r.Updated = st.Updated.Format("2006-01-02")
	}
	for _, p := range st.Partners {
		r.Partners = append(r.Partners, partnerRecord{p.Name, p.Sector, p.Role, p.URL, t.cfg.Abs(p.Org.Page)})
	}
	r.Sectors = []string{}
	for _, s := range st.SectorTerm {
		r.Sectors = append(r.Sectors, s.Key)
	}
	r.Regions = []string{}
	for _, g := range st.Regions {
		r.Regions = append(r.Regions, g.Name)
	}
	for _, o := range st.Outcomes {
		r.EquityOutcomes = append(r.EquityOutcomes, outcomeRecord{o.Outcome, o.Group, o.Indicator, o.Baseline, o.Value, o.Target, o.Unit, o.Year, o.Source})
	}
	for _, l := range st.Lessons {
		r.Lessons = append(r.Lessons, lessonRecord{l.Text, l.Category})
	}
	if st.Resources != nil {
		r.Resources = &resourceRecord{InKind: st.Resources.InKind}
		if f := st.Resources.Funding; f != nil {
			r.Resources.Funding = &fundingRecord{f.Amount, f.Currency}
		}
	}
	r.Sources = []sourceRecord{}
	for _, s := range st.Sources {
		r.Sources = append(r.Sources, sourceRecord{s.ID, s.Title, s.URL, s.Publisher, s.Date, s.Lang})
	}
	if st.Image != nil && st.Image.Src != "" {
		r.Image = &imageRecord{t.cfg.Abs(st.Image.Src), st.Image.Alt}
	}
	return r
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// refJSONData is the JSON export as encoding/json wrote it.
func (t *Theme) refJSONData(w io.Writer, s *site.Site) error {
	b := []byte{'['}
	for i, st := range s.Studies {
		if i > 0 {
			b = append(b, ',')
		}
		r, err := json.Marshal(t.record(st))
		if err != nil {
			return err
		}
		if _, err := w.Write(append(b, r...)); err != nil {
			return err
		}
		b = b[:0]
	}
	_, err := w.Write(append(b, ']'))
	return err
}

// refCSVData is the CSV export as it was made from records.
func (t *Theme) refCSVData(w io.Writer, s *site.Site) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"slug", "url", "title", "summary", "date", "updated", "status", "period_start", "period_end",
		"partners", "sectors", "tags", "sdgs", "countries", "regions", "community_engagement", "goals",
		"equity_outcomes", "lessons", "funding_amount", "funding_currency", "in_kind", "sources"})
	for _, st := range s.Studies {
		r := t.record(st)
		if err := cw.Write(csvRow(&r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRow is a record as a row of the CSV export: lists joined with "; ",
// every cell neutralized.
func csvRow(r *record) []string {
	var partners, outcomes, lessons, sources []string
	for _, p := range r.Partners {
		partners = append(partners, p.Name+" ("+p.Sector+")")
	}
	for _, o := range r.EquityOutcomes {
		s := o.Outcome + " [" + o.Group + "]"
		if o.Value != nil {
			s += " " + strconv.FormatFloat(*o.Value, 'f', -1, 64) + " " + o.Unit
		}
		outcomes = append(outcomes, strings.TrimSpace(s))
	}
	for _, l := range r.Lessons {
		lessons = append(lessons, l.Lesson)
	}
	for _, s := range r.Sources {
		sources = append(sources, strings.TrimSpace(s.Title+" "+s.URL))
	}
	var sdgs []string
	for _, n := range r.SDGs {
		sdgs = append(sdgs, strconv.Itoa(n))
	}
	amount, currency, inKind := "", "", ""
	if r.Resources != nil {
		inKind = r.Resources.InKind
		if f := r.Resources.Funding; f != nil {
			amount, currency = strconv.FormatFloat(f.Amount, 'f', -1, 64), f.Currency
		}
	}
	end := ""
	if r.Period.End != 0 {
		end = strconv.Itoa(r.Period.End)
	}
	row := []string{r.Slug, r.URL, r.Title, r.Summary, r.Date, r.Updated, r.Status, strconv.Itoa(r.Period.Start), end,
		join(partners), join(r.Sectors), join(r.Tags), join(sdgs), join(r.Countries), join(r.Regions), r.CommunityEngagement,
		join(r.Goals), join(outcomes), join(lessons), amount, currency, inKind, join(sources)}
	for i := range row {
		row[i] = neutralize(row[i])
	}
	return row
}

func join(s []string) string { return strings.Join(s, "; ") }

// dataStudies are case studies that take every branch of the exports, with
// s in every string.
func dataStudies(s string) []*site.Study {
	f := func(v float64) *float64 { return &v }
	org := &site.Partner{Page: "/partners/" + s + "/"}
	full := &site.Study{
		CaseStudy: &content.CaseStudy{
			Slug: "full", Title: "T " + s, Summary: "S " + s, Status: "active", Draft: true,
			Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Updated: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC),
			Period:              content.Period{Start: 2019, End: 2023},
			Partners:            []content.Partner{{Name: "A " + s, Sector: "business", Role: "R " + s, URL: "https://a.example/" + s}, {Name: "=B", Sector: "government"}},
			Tags:                []string{"inclusion", s},
			SDGs:                []int{5, 17},
			Countries:           []string{"KE", s},
			CommunityEngagement: "involve",
			Goals:               []string{"G " + s, "-minus"},
			Outcomes: []content.Outcome{
				{Outcome: "O " + s, Group: "G " + s, Indicator: "I " + s, Baseline: f(0), Value: f(1.5), Target: f(1e21), Unit: "%" + s, Year: 2022, Source: "src-" + s},
				{Outcome: "small", Group: "g", Value: f(1e-7), Baseline: f(-0.25), Target: f(123456789.125)},
				{Outcome: "bare", Group: "g"},
			},
			Lessons:   []content.Lesson{{Text: "L " + s, Category: "governance"}, {Text: "+plus"}},
			Resources: &content.Resources{Funding: &content.Funding{Amount: 2.5e6, Currency: "USD"}, InKind: "K " + s},
			Sources: []content.Source{
				{ID: "src-" + s, Title: "Src " + s, URL: "https://s.example/?q=" + s, Publisher: "Pub " + s, Date: "2023-05", Lang: "fr"},
				{Title: "Bare"},
			},
			Image: &content.Image{Src: "/case-studies/full/" + s + ".jpg", Alt: "A " + s},
		},
		URL:        "/case-studies/full-" + s + "/",
		SectorTerm: []*site.Term{{Key: "business"}, {Key: "government"}},
		Regions:    []*site.Term{{Name: "Africa " + s}},
	}
	for i := range full.CaseStudy.Partners {
		full.Partners = append(full.Partners, site.PartnerRef{Partner: &full.CaseStudy.Partners[i], Org: org})
	}
	bare := &site.Study{
		CaseStudy: &content.CaseStudy{Slug: "bare", Title: s, Summary: s, Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Period: content.Period{Start: 2020}, Image: &content.Image{}},
		URL:       "/case-studies/bare/",
	}
	// Lists present but empty, and a funding with no in-kind help.
	empty := &site.Study{
		CaseStudy: &content.CaseStudy{Slug: "empty", Title: "E", Date: time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC),
			Goals: []string{}, Tags: []string{}, SDGs: []int{}, Countries: []string{}, Outcomes: []content.Outcome{}, Lessons: []content.Lesson{}, Sources: []content.Source{},
			Resources: &content.Resources{Funding: &content.Funding{Amount: -0.000001, Currency: "EUR"}}},
		URL: "/case-studies/empty/",
	}
	return []*site.Study{full, bare, empty}
}

// TestDataAsEncodingJSON compares both exports with the record-based
// reference, with every kind of string in every field.
func TestDataAsEncodingJSON(t *testing.T) {
	for i, s := range nasty {
		cfg, diags := config.Parse([]byte("title = \"P\"\nbase_url = " + strconv.Quote("https://x.example/p"+strconv.Itoa(i)+"/") + "\n"))
		if diags.Errors() > 0 {
			t.Fatalf("config: %v", diags)
		}
		th := &Theme{cfg: cfg}
		st := &site.Site{Studies: dataStudies(s)}
		for _, export := range []struct {
			name      string
			got, want func(io.Writer, *site.Site) error
		}{{"json", th.jsonData, th.refJSONData}, {"csv", th.csvData, th.refCSVData}} {
			var got, want bytes.Buffer
			if err := export.got(&got, st); err != nil {
				t.Fatal(err)
			}
			if err := export.want(&want, st); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s export with %q:\n got %s\nwant %s", export.name, s, got.String(), want.String())
			}
		}
	}
	// A value encoding/json refuses is an error, not a broken file.
	cfg, _ := config.Parse([]byte("title = \"P\"\n"))
	th := &Theme{cfg: cfg}
	st := dataStudies("x")[0]
	st.Outcomes[1].Value = new(float64)
	*st.Outcomes[1].Value = math.Inf(1)
	if err := th.jsonData(io.Discard, &site.Site{Studies: []*site.Study{st}}); err == nil {
		t.Error("an infinite value was written")
	}
}
