package render

import (
	"html/template"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"casebook/generator/site"
)

// appendJSONLD returns schema.org data for a page as a script body: a WebSite
// with its SearchAction on the home page, an Article on a case-study page,
// nothing elsewhere.
//
// The JSON is written by hand, not by encoding/json through maps, which
// took 0.40 of the 6.4 CPU-seconds of rendering a 10k portal's pages
// (0.13 now). It is what encoding/json would write for the
// same maps, byte for byte (TestJSONLDAsEncodingJSON): keys in sorted
// order, and <, >, &, U+2028 and U+2029 escaped, so that no value can close
// the script element.
//
// It is written into buf, returned grown for the next page: the script is a
// view of buf, valid until buf is written again (a buffer a page was 0.5 GB
// allocated at 100,000 studies).
func (t *Theme) appendJSONLD(buf []byte, p *Page) (template.JS, []byte) {
	j := ldWriter{b: buf[:0]}
	switch {
	case p.Study != nil:
		if cap(j.b) == 0 {
			j.b = make([]byte, 0, 2048)
		}
		t.studyLD(&j, p.Study)
	case p.Kind == "home":
		t.websiteLD(&j, true)
	default:
		return "", buf
	}
	return template.JS(unsafe.String(unsafe.SliceData(j.b), len(j.b))), j.b
}

// websiteLD describes the portal; top is true for the document's root
// node, which carries the context and the search action.
func (t *Theme) websiteLD(j *ldWriter, top bool) {
	home := t.cfg.Abs("/")
	j.open()
	if top {
		j.str("@context", "https://schema.org")
	}
	j.str("@id", home+"#website")
	j.str("@type", "WebSite")
	if top {
		j.str("description", t.cfg.Description)
		j.str("inLanguage", t.cfg.Language)
	}
	j.str("name", t.cfg.Title)
	if top {
		j.key("potentialAction")
		j.open()
		j.str("@type", "SearchAction")
		j.str("query-input", "required name=search_term_string")
		j.key("target")
		j.open()
		j.str("@type", "EntryPoint")
		j.str("urlTemplate", t.cfg.Abs("/search/")+"?q={search_term_string}")
		j.close()
		j.close()
	}
	j.str("url", home)
	j.close()
}

// studyLD describes a case study: an Article about the partnership, a
// Project whose members are the partner Organizations, and about the SDG
// DefinedTerms it works towards; its sources are the Article's citations.
func (t *Theme) studyLD(j *ldWriter, st *site.Study) {
	url := t.cfg.Abs(st.URL)
	j.open()
	j.str("@context", "https://schema.org")
	j.str("@id", url+"#article")
	j.str("@type", "Article")
	j.key("about")
	j.list()
	t.projectLD(j, st, url)
	for _, g := range st.SDGTerms {
		j.open()
		j.str("@type", "DefinedTerm")
		j.str("inDefinedTermSet", "https://sdgs.un.org/goals")
		j.str("name", "SDG "+g.Key+": "+g.Name)
		j.str("termCode", g.Key)
		j.str("url", t.cfg.Abs(g.URL))
		j.close()
	}
	j.end()
	if len(st.Sources) > 0 {
		j.key("citation")
		j.list()
		for _, s := range st.Sources {
			j.open()
			j.str("@type", "CreativeWork")
			if s.Date != "" {
				j.str("datePublished", s.Date)
			}
			j.str("name", s.Title)
			if s.Publisher != "" {
				j.key("publisher")
				j.open()
				j.str("@type", "Organization")
				j.str("name", s.Publisher)
				j.close()
			}
			if s.URL != "" {
				j.str("url", s.URL)
			}
			j.close()
		}
		j.end()
	}
	if !st.Updated.IsZero() {
		j.str("dateModified", st.Updated.Format("2006-01-02"))
	}
	j.str("datePublished", st.Date.Format("2006-01-02"))
	j.str("description", st.Summary)
	j.str("headline", st.Title)
	if st.Image != nil && st.Image.Src != "" {
		j.str("image", t.cfg.Abs(st.Image.Src))
	}
	j.str("inLanguage", t.cfg.Language)
	j.key("isPartOf")
	t.websiteLD(j, false)
	if len(st.TagTerms) > 0 {
		j.key("keywords")
		j.list()
		for _, tg := range st.TagTerms {
			j.elem(tg.Name)
		}
		j.end()
	}
	j.str("mainEntityOfPage", url)
	j.str("url", url)
	j.close()
}

// projectLD writes the partnership as a Project of partner Organizations.
func (t *Theme) projectLD(j *ldWriter, st *site.Study, url string) {
	j.open()
	j.str("@id", url+"#project")
	j.str("@type", "Project")
	if len(st.Countries) > 0 {
		j.key("areaServed")
		j.list()
		for _, c := range st.Countries {
			j.open()
			j.str("@type", "Country")
			j.str("identifier", c.Code)
			j.str("name", c.Name)
			j.close()
		}
		j.end()
	}
	j.str("description", st.Summary)
	if st.Period.End != 0 {
		j.str("dissolutionDate", strconv.Itoa(st.Period.End))
	}
	j.str("foundingDate", strconv.Itoa(st.Period.Start))
	j.key("member")
	if len(st.Partners) == 0 {
		j.raw("null")
	} else {
		j.list()
		for _, p := range st.Partners {
			org := t.cfg.Abs(p.Org.Page)
			j.open()
			j.str("@id", org+"#org")
			j.str("@type", "Organization")
			j.str("name", p.Name)
			if p.URL != "" {
				j.str("sameAs", p.URL)
			}
			j.str("url", org)
			j.close()
		}
		j.end()
	}
	j.str("name", st.Title)
	j.close()
}

// ldWriter appends JSON. Callers write an object's keys in sorted order,
// as encoding/json does for a map. sep is true when the next member or
// element needs a comma before it.
type ldWriter struct {
	b   []byte
	sep bool
}

func (j *ldWriter) comma() {
	if j.sep {
		j.b = append(j.b, ',')
	}
}

func (j *ldWriter) open()  { j.comma(); j.b = append(j.b, '{'); j.sep = false }
func (j *ldWriter) close() { j.b = append(j.b, '}'); j.sep = true }
func (j *ldWriter) list()  { j.comma(); j.b = append(j.b, '['); j.sep = false }
func (j *ldWriter) end()   { j.b = append(j.b, ']'); j.sep = true }

// key writes an object member's name; the value follows without a comma.
func (j *ldWriter) key(k string) {
	j.comma()
	j.b = appendJSONString(j.b, k)
	j.b = append(j.b, ':')
	j.sep = false
}

func (j *ldWriter) str(k, v string) { j.key(k); j.elem(v) }
func (j *ldWriter) elem(v string)   { j.comma(); j.b = appendJSONString(j.b, v); j.sep = true }
func (j *ldWriter) raw(v string)    { j.comma(); j.b = append(j.b, v...); j.sep = true }

// appendJSONString appends s quoted as encoding/json quotes a string with
// HTML escaping on: invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
