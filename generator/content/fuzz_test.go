package content

import (
	"reflect"
	"slices"
	"unicode/utf8"

	"casebook/generator/diag"

	"bytes"
	"fmt"
	"go.yaml.in/yaml/v3"
	"strings"
	"testing"
	"time"
)

// FuzzParseCaseStudy checks that any input yields either a case study or
// positioned diagnostics, never a panic; that every position lies inside the
// file; and that a file with no diagnostics has every required field.
func FuzzParseCaseStudy(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte(strings.ReplaceAll(valid, "\n", "\r\n")))
	f.Add([]byte("+++\ntitle = \"x\"\n[period]\nstart = 2019\n+++\n"))
	f.Add([]byte("---\na: &a [*a]\n---\n"))
	f.Add([]byte("---\n- 1\n---\n"))
	f.Add([]byte("\ufeff---\ntitle: x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		tm := time.AfterFunc(3*time.Second, func() { panic(fmt.Sprintf("HANG on %q", src)) })
		cs, diags := ParseCaseStudy("f.md", src, Options{Tags: CoreTags()})
		tm.Stop()
		lines := 1 + bytes.Count(normalizeCR(src), []byte{'\n'})
		for _, d := range diags {
			if d.Pos.File != "f.md" || d.Pos.Line < 1 || d.Pos.Line > lines || d.Msg == "" {
				t.Fatalf("diagnostic outside the file (%d lines): %+v", lines, d)
			}
		}
		if len(diags) == 0 {
			again, diags := ParseCaseStudy("f.md", roundTrip(cs), Options{Tags: CoreTags()})
			if len(diags) > 0 || !reflect.DeepEqual(comparable(again), comparable(cs)) {
				t.Fatalf("valid input does not round-trip:\n%s\n%+v\n%+v", diags.Error(), comparable(cs), comparable(again))
			}
			if cs == nil || cs.Title == "" || cs.Summary == "" || cs.Date.IsZero() || cs.Status == "" || cs.Period.Start == 0 ||
				len(cs.Partners) < 2 || len(cs.Tags) == 0 || len(cs.Goals) == 0 || len(cs.Outcomes) == 0 || len(cs.Lessons) == 0 {
				t.Fatalf("no diagnostics but an incomplete case study: %+v", cs)
			}
		}
	})
}

// FuzzSplit checks that the splitter round-trips: a front-matter block and
// a body joined with delimiters come back apart, unchanged, with the body's
// line counted right.
func FuzzSplit(f *testing.F) {
	f.Add("title: x\nsummary: y", "## Body\n\ntext\n")
	f.Add("a: 1", "")
	f.Add("é: ü", "---\nnot a delimiter at the end\n")
	// Blocks that end around the library's 4 KB read buffer, and bodies
	// longer than it: Split stops the library's reading after the block.
	for n := 4070; n < 4110; n += 3 {
		f.Add("k: "+strings.Repeat("v", n), strings.Repeat("body line\n", 1+n%7*500))
	}
	f.Fuzz(func(t *testing.T, fm, body string) {
		if !utf8.ValidString(fm) || !utf8.ValidString(body) || strings.ContainsAny(fm+body, "\r\x00\ufeff") || strings.TrimSpace(fm) == "" {
			return
		}
		for _, line := range strings.Split(fm, "\n") {
			if strings.TrimSpace(line) == "---" || strings.TrimSpace(line) == "+++" {
				return // a delimiter inside the block ends it
			}
		}
		if strings.TrimSpace(strings.SplitN(fm, "\n", 2)[0]) == "" {
			return // the library skips blank lines before the opening delimiter only
		}
		src := "---\n" + fm + "\n---\n" + body
		b, bad := Split("f.md", []byte(src))
		if bad != nil {
			t.Fatalf("%q: %v", src, bad)
		}
		if string(b.Data) != fm+"\n" || string(b.Body) != body || b.Lines != 1 || b.BodyLine != 4+strings.Count(fm, "\n") {
			t.Fatalf("%q: got data %q body %q lines %d bodyLine %d", src, b.Data, b.Body, b.Lines, b.BodyLine)
		}
	})
}

// roundTrip encodes a decoded case study back to YAML front matter.
func roundTrip(cs *CaseStudy) []byte {
	m := map[string]any{
		"title": cs.Title, "summary": cs.Summary, "date": cs.Date.Format(time.DateOnly), "status": cs.Status,
		"draft": cs.Draft, "tags": cs.Tags, "goals": cs.Goals,
	}
	period := map[string]any{"start": cs.Period.Start}
	if cs.Period.End != 0 {
		period["end"] = cs.Period.End
	}
	m["period"] = period
	if cs.Slug != "" {
		m["slug"] = cs.Slug
	}
	if !cs.Updated.IsZero() {
		m["updated"] = cs.Updated.Format(time.DateOnly)
	}
	if cs.SDGs != nil {
		m["sdgs"] = cs.SDGs
	}
	if cs.Countries != nil {
		m["countries"] = cs.Countries
	}
	if cs.CommunityEngagement != "" {
		m["community_engagement"] = cs.CommunityEngagement
	}
	var partners, outcomes, lessons, sources []map[string]any
	for _, p := range cs.Partners {
		pm := map[string]any{"name": p.Name, "sector": p.Sector}
		if p.Role != "" {
			pm["role"] = p.Role
		}
		if p.URL != "" {
			pm["url"] = p.URL
		}
		partners = append(partners, pm)
	}
	for _, o := range cs.Outcomes {
		om := map[string]any{"outcome": o.Outcome, "group": o.Group}
		for k, v := range map[string]string{"indicator": o.Indicator, "unit": o.Unit, "source": o.Source} {
			if v != "" {
				om[k] = v
			}
		}
		for k, v := range map[string]*float64{"baseline": o.Baseline, "value": o.Value, "target": o.Target} {
			if v != nil {
				om[k] = *v
			}
		}
		if o.Year != 0 {
			om["year"] = o.Year
		}
		outcomes = append(outcomes, om)
	}
	for _, l := range cs.Lessons {
		lessons = append(lessons, map[string]any{"lesson": l.Text, "category": l.Category})
		if l.Category == "" {
			delete(lessons[len(lessons)-1], "category")
		}
	}
	for _, s := range cs.Sources {
		sm := map[string]any{"title": s.Title}
		for k, v := range map[string]string{"id": s.ID, "url": s.URL, "publisher": s.Publisher, "date": s.Date} {
			if v != "" {
				sm[k] = v
			}
		}
		sources = append(sources, sm)
	}
	m["partners"], m["equity_outcomes"], m["lessons"] = partners, outcomes, lessons
	if sources != nil {
		m["sources"] = sources
	}
	if r := cs.Resources; r != nil {
		rm := map[string]any{}
		if r.InKind != "" {
			rm["in_kind"] = r.InKind
		}
		if r.Funding != nil {
			rm["funding"] = map[string]any{"amount": r.Funding.Amount, "currency": r.Funding.Currency}
		}
		m["resources"] = rm
	}
	if cs.Image != nil {
		m["image"] = map[string]any{"src": cs.Image.Src, "alt": cs.Image.Alt}
	}
	out, err := yaml.Marshal(m)
	if err != nil {
		panic(err)
	}
	return append(append([]byte("---\n"), out...), "---\n"...)
}

// comparable drops what a round trip cannot keep: positions, the body and
// the checksum of the file.
func comparable(cs *CaseStudy) CaseStudy {
	c := *cs
	c.Body, c.BodyLine, c.File, c.sum, c.bodyAt = nil, 0, "", 0, 0
	c.Partners = slices.Clone(c.Partners)
	for i := range c.Partners {
		c.Partners[i].Pos, c.Partners[i].SectorPos = diag.Pos{}, diag.Pos{}
	}
	if c.Image != nil {
		img := *c.Image
		img.SrcPos = diag.Pos{}
		c.Image = &img
	}
	return c
}

// splitPlainCases are files the plain splitter takes or leaves, each
// compared with the library's split.
var splitPlainCases = []string{
	"---\ntitle: x\n---\nbody\n",
	"---\ntitle: x\n---",                 // closed at the end of the file
	"---\ntitle: x\n  ---  \nbody",       // a closing line with space around it
	"---\ntitle: x\n---\u00a0\nbody",     // and with a no-break space, which TrimSpace trims too
	"---\ntitle: x\n---\r\nbody\r\n",     // a CRLF closing line
	"+++\ntitle = 'x'\n+++\nbody\n",      // TOML
	"+++\ntitle = 'x'\n---\n+++\nbody\n", // the other delimiter inside the block
	"---\n---\nbody\n",                   // an empty block
	"---\ntitle: x\n----\n---\n",         // a longer line is not the delimiter
	"---\ntitle: x\n",                    // never closed: the library's to refuse
	"\n---\ntitle: x\n---\nbody\n",       // a blank line first: the library's
	"---  \ntitle: x\n---\nbody\n",       // space after the opening: the library's
	"---\r\ntitle: x\r\n---\r\nbody\r\n", // CRLF opening: the library's
	"---",
}

// TestSplitPlainAsLibrary checks that the plain splitter splits files as
// the library does, and takes the common ones.
func TestSplitPlainAsLibrary(t *testing.T) {
	took := 0
	for _, src := range splitPlainCases {
		if checkSplitPlain(t, src) {
			took++
		}
	}
	if took < 9 {
		t.Errorf("the plain splitter took %d of the cases; it should take the first nine", took)
	}
}

// FuzzSplitPlain compares the plain splitter with the library on any file.
func FuzzSplitPlain(f *testing.F) {
	for _, s := range splitPlainCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) { checkSplitPlain(t, src) })
}

// checkSplitPlain splits src with both splitters, when the plain one takes
// it, and compares the blocks; it reports whether the plain one took it.
func checkSplitPlain(t *testing.T, src string) bool {
	t.Helper()
	for _, delim := range []string{"---", "+++"} {
		data, start, ok := splitPlain([]byte(src), delim)
		if !ok {
			continue
		}
		format := YAML
		if delim == "+++" {
			format = TOML
		}
		lib, bad := splitLibrary("f.md", []byte(src), format, 1, delim)
		if bad != nil {
			t.Fatalf("%q: the plain splitter took what the library refuses: %v", src, bad)
		}
		if !bytes.Equal(data, lib.Data) || src[start:] != string(lib.Body) {
			t.Fatalf("%q: plain split data %q body %q; library data %q body %q", src, data, src[start:], lib.Data, lib.Body)
		}
		return true
	}
	return false
}
