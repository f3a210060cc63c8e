package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"casebook/generator/output"
	"casebook/generator/site"
)

// Data returns /data/case-studies.json and /data/case-studies.csv. Both
// are streamed (output.File.Stream), a record at a time, when the sink
// writes them: a large site's exports (300 MB at 100,000 case studies) are
// never whole in memory.
func (t *Theme) Data(s *site.Site) ([]output.File, error) {
	return []output.File{
		{Path: "data/case-studies.json", Stream: func(w io.Writer) error { return t.jsonData(w, s) }},
		{Path: "data/case-studies.csv", Stream: func(w io.Writer) error { return t.csvData(w, s) }},
	}, nil
}

// jsonData writes the JSON export: an array of records, each every
// front-matter field of a case study under its front-matter key, plus the
// derived URL, sectors and regions. It is written by hand, a record at a
// time into one reused buffer, as encoding/json would write it
// (TestDataAsEncodingJSON): at 100,000 studies, marshalling a struct a
// record allocated 0.8 GB while the pages rendered.
func (t *Theme) jsonData(w io.Writer, s *site.Site) error {
	j := dataWriter{abs: t.cfg.Abs("")}
	j.b = append(j.b, '[')
	for i, st := range s.Studies {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		if err := j.record(st); err != nil {
			return err
		}
		if _, err := w.Write(j.b); err != nil {
			return err
		}
		j.b = j.b[:0]
	}
	_, err := w.Write(append(j.b, ']'))
	return err
}

// dataWriter appends JSON to b: objects and arrays whose commas it places.
type dataWriter struct {
	b   []byte
	sep bool   // a value was written at this level: the next needs a comma
	abs string // the site's absolute URL, to which site paths are appended
}

func (j *dataWriter) open(c byte)  { j.comma(); j.b = append(j.b, c); j.sep = false }
func (j *dataWriter) close(c byte) { j.b = append(j.b, c); j.sep = true }

func (j *dataWriter) comma() {
	if j.sep {
		j.b = append(j.b, ',')
	}
}

func (j *dataWriter) key(k string) {
	j.comma()
	j.b = append(j.b, '"')
	j.b = append(j.b, k...) // keys are plain ASCII
	j.b = append(j.b, '"', ':')
	j.sep = false
}

func (j *dataWriter) str(k, v string) { j.key(k); j.elem(v) }

// strOmit writes k unless v is empty (omitempty).
func (j *dataWriter) strOmit(k, v string) {
	if v != "" {
		j.str(k, v)
	}
}

func (j *dataWriter) elem(v string) { j.comma(); j.b = appendJSONString(j.b, v); j.sep = true }

// url writes k: the absolute URL of the site path p.
func (j *dataWriter) url(k, p string) {
	j.key(k)
	j.b = appendJSONString(j.b, j.abs+p)
	j.sep = true
}

func (j *dataWriter) int(k string, v int) {
	j.key(k)
	j.b = strconv.AppendInt(j.b, int64(v), 10)
	j.sep = true
}

// float writes k: v as encoding/json writes a float64.
func (j *dataWriter) float(k string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("data export: %s: unsupported value %v", k, v)
	}
	j.key(k)
	format := byte('f')
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	j.b = strconv.AppendFloat(j.b, v, format, -1, 64)
	if n := len(j.b); format == 'e' && n >= 4 && j.b[n-4] == 'e' && j.b[n-3] == '-' && j.b[n-2] == '0' {
		j.b[n-2] = j.b[n-1] // e-09 → e-9
		j.b = j.b[:n-1]
	}
	j.sep = true
	return nil
}

func (j *dataWriter) floatOmit(k string, v *float64) error {
	if v == nil {
		return nil
	}
	return j.float(k, *v)
}

// strings writes k: a list of strings; null for a nil one unless empty
// says to write [].
func (j *dataWriter) strings(k string, vs []string, empty bool) {
	j.key(k)
	if vs == nil && !empty {
		j.null()
		return
	}
	j.open('[')
	for _, v := range vs {
		j.elem(v)
	}
	j.close(']')
}

func (j *dataWriter) null() { j.comma(); j.b = append(j.b, "null"...); j.sep = true }

// objects writes k: an array of the n objects each writes the fields of,
// or null for none when null says so (a nil slice in the record encoding/json
// wrote).
func (j *dataWriter) objects(k string, n int, null bool, each func(i int) error) error {
	j.key(k)
	if n == 0 && null {
		j.null()
		return nil
	}
	j.open('[')
	for i := range n {
		j.open('{')
		if err := each(i); err != nil {
			return err
		}
		j.close('}')
	}
	j.close(']')
	return nil
}

// record writes a case study's record.
func (j *dataWriter) record(st *site.Study) error {
	j.sep = false
	j.open('{')
	j.str("slug", st.Slug)
	j.url("url", st.URL)
	j.str("title", st.Title)
	j.str("summary", st.Summary)
	j.key("date")
	j.b = st.Date.AppendFormat(append(j.b, '"'), "2006-01-02")
	j.b = append(j.b, '"')
	j.sep = true
	if !st.Updated.IsZero() {
		j.key("updated")
		j.b = st.Updated.AppendFormat(append(j.b, '"'), "2006-01-02")
		j.b = append(j.b, '"')
		j.sep = true
	}
	if st.Draft {
		j.key("draft")
		j.b = append(j.b, "true"...)
		j.sep = true
	}
	j.str("status", st.Status)
	j.key("period")
	j.open('{')
	j.int("start", st.Period.Start)
	if st.Period.End != 0 {
		j.int("end", st.Period.End)
	}
	j.close('}')
	j.objects("partners", len(st.Partners), true, func(i int) error {
		p := st.Partners[i]
		j.str("name", p.Name)
		j.str("sector", p.Sector)
		j.strOmit("role", p.Role)
		j.strOmit("url", p.URL)
		j.url("page", p.Org.Page)
		return nil
	})
	j.key("sectors")
	j.open('[')
	for _, t := range st.SectorTerm {
		j.elem(t.Key)
	}
	j.close(']')
	j.strings("tags", st.Tags, true)
	j.key("sdgs")
	j.open('[')
	for _, n := range st.SDGs {
		j.comma()
		j.b = strconv.AppendInt(j.b, int64(n), 10)
		j.sep = true
	}
	j.close(']')
	j.strings("countries", st.CaseStudy.Countries, true)
	j.key("regions")
	j.open('[')
	for _, g := range st.Regions {
		j.elem(g.Name)
	}
	j.close(']')
	j.strOmit("community_engagement", st.CommunityEngagement)
	j.strings("goals", st.Goals, false)
	err := j.objects("equity_outcomes", len(st.Outcomes), false, func(i int) error {
		o := st.Outcomes[i]
		j.str("outcome", o.Outcome)
		j.str("group", o.Group)
		j.strOmit("indicator", o.Indicator)
		for _, f := range []struct {
			k string
			v *float64
		}{{"baseline", o.Baseline}, {"value", o.Value}, {"target", o.Target}} {
			if err := j.floatOmit(f.k, f.v); err != nil {
				return err
			}
		}
		j.strOmit("unit", o.Unit)
		if o.Year != 0 {
			j.int("year", o.Year)
		}
		j.strOmit("source", o.Source)
		return nil
	})
	if err != nil {
		return err
	}
	j.objects("lessons", len(st.Lessons), true, func(i int) error {
		j.str("lesson", st.Lessons[i].Text)
		j.strOmit("category", st.Lessons[i].Category)
		return nil
	})
	if r := st.Resources; r != nil {
		j.key("resources")
		j.open('{')
		if f := r.Funding; f != nil {
			j.key("funding")
			j.open('{')
			if err := j.float("amount", f.Amount); err != nil {
				return err
			}
			j.str("currency", f.Currency)
			j.close('}')
		}
		j.strOmit("in_kind", r.InKind)
		j.close('}')
	}
	j.objects("sources", len(st.Sources), false, func(i int) error {
		s := st.Sources[i]
		j.strOmit("id", s.ID)
		j.str("title", s.Title)
		j.strOmit("url", s.URL)
		j.strOmit("publisher", s.Publisher)
		j.strOmit("date", s.Date)
		j.strOmit("lang", s.Lang)
		return nil
	})
	if im := st.Image; im != nil && im.Src != "" {
		j.key("image")
		j.open('{')
		j.url("src", im.Src)
		j.str("alt", im.Alt)
		j.close('}')
	}
	j.close('}')
	return nil
}

// csvHeader is the CSV export's first row.
var csvHeader = []string{"slug", "url", "title", "summary", "date", "updated", "status", "period_start", "period_end",
	"partners", "sectors", "tags", "sdgs", "countries", "regions", "community_engagement", "goals",
	"equity_outcomes", "lessons", "funding_amount", "funding_currency", "in_kind", "sources"}

// csvData writes the CSV export: a header and a row a case study, the
// fields of the JSON export with lists joined with "; ", every cell
// neutralized.
func (t *Theme) csvData(w io.Writer, s *site.Site) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	abs := t.cfg.Abs("")
	row := make([]string, 0, len(csvHeader))
	var partners, sectors, sdgs, regions, outcomes, lessons, sources joiner
	for _, st := range s.Studies {
		end, updated := "", ""
		if st.Period.End != 0 {
			end = strconv.Itoa(st.Period.End)
		}
		if !st.Updated.IsZero() {
			updated = st.Updated.Format("2006-01-02")
		}
		amount, currency, inKind := "", "", ""
		if r := st.Resources; r != nil {
			inKind = r.InKind
			if f := r.Funding; f != nil {
				amount, currency = strconv.FormatFloat(f.Amount, 'f', -1, 64), f.Currency
			}
		}
		partners.reset()
		for _, p := range st.Partners {
			b := partners.item()
			b.WriteString(p.Name)
			b.WriteString(" (")
			b.WriteString(p.Sector)
			b.WriteByte(')')
		}
		sectors.reset()
		for _, t := range st.SectorTerm {
			sectors.item().WriteString(t.Key)
		}
		sdgs.reset()
		for _, n := range st.SDGs {
			sdgs.item().WriteString(strconv.Itoa(n))
		}
		regions.reset()
		for _, g := range st.Regions {
			regions.item().WriteString(g.Name)
		}
		outcomes.reset()
		for _, o := range st.Outcomes {
			c := o.Outcome + " [" + o.Group + "]"
			if o.Value != nil {
				c += " " + strconv.FormatFloat(*o.Value, 'f', -1, 64) + " " + o.Unit
			}
			outcomes.item().WriteString(strings.TrimSpace(c))
		}
		lessons.reset()
		for _, l := range st.Lessons {
			lessons.item().WriteString(l.Text)
		}
		sources.reset()
		for _, src := range st.Sources {
			sources.item().WriteString(strings.TrimSpace(src.Title + " " + src.URL))
		}
		row = append(row[:0], st.Slug, abs+st.URL, st.Title, st.Summary, st.Date.Format("2006-01-02"), updated, st.Status,
			strconv.Itoa(st.Period.Start), end, partners.String(), sectors.String(), strings.Join(st.Tags, "; "), sdgs.String(),
			strings.Join(st.CaseStudy.Countries, "; "), regions.String(), st.CommunityEngagement, strings.Join(st.Goals, "; "),
			outcomes.String(), lessons.String(), amount, currency, inKind, sources.String())
		for i := range row {
			row[i] = neutralize(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// joiner makes a cell of items joined with "; ".
type joiner struct {
	sb strings.Builder
	n  int
}

func (j *joiner) reset() { j.sb.Reset(); j.n = 0 }

// item returns the builder to write the next item to.
func (j *joiner) item() *strings.Builder {
	if j.n > 0 {
		j.sb.WriteString("; ")
	}
	j.n++
	return &j.sb
}

func (j *joiner) String() string { return j.sb.String() }

// neutralize stops a spreadsheet from reading a cell as a formula: a cell
// starting with =, +, -, @, tab or carriage return gets a leading apostrophe.
func neutralize(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
