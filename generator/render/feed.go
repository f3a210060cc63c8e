package render

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"casebook/generator/output"
	"casebook/generator/site"
)

// feedSize is how many entries a feed carries.
const feedSize = 20

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Link       atomLink       `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Summary    string         `xml:"summary"`
	Categories []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// Feeds returns the site's Atom feed and one per tag. Dates come from the
// content, never the clock, so builds are reproducible.
func (t *Theme) Feeds(s *site.Site) ([]output.File, error) {
	files := []output.File{}
	f, err := t.feed(s, s.Config.Title, "/feed.xml", "/", s.Studies)
	if err != nil {
		return nil, err
	}
	files = append(files, f)
	for _, tag := range s.Tags {
		f, err := t.feed(s, s.Config.Title+": "+tag.Name, tag.URL+"feed.xml", tag.URL, tag.Studies)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

func (t *Theme) feed(s *site.Site, title, self, alternate string, studies []*site.Study) (output.File, error) {
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	studies = studies[:min(len(studies), feedSize)]
	for _, st := range studies {
		updated = later(updated, st.Date, st.Updated)
	}
	feed := atomFeed{
		Lang: s.Config.Language, Title: title, ID: t.cfg.Abs(self), Updated: updated.Format(time.RFC3339),
		Links: []atomLink{
			{Href: t.cfg.Abs(self), Rel: "self", Type: "application/atom+xml"},
			{Href: t.cfg.Abs(alternate), Rel: "alternate", Type: "text/html"},
		},
		Author: atomAuthor{Name: s.Config.Title},
	}
	for _, st := range studies {
		e := atomEntry{
			Title: st.Title, ID: t.cfg.Abs(st.URL), Link: atomLink{Href: t.cfg.Abs(st.URL)},
			Published: st.Date.Format(time.RFC3339), Updated: later(st.Date, st.Updated).Format(time.RFC3339),
			Summary: st.Summary,
		}
		for _, tag := range st.TagTerms {
			e.Categories = append(e.Categories, atomCategory{Term: tag.Key, Label: tag.Name})
		}
		feed.Entries = append(feed.Entries, e)
	}
	return t.xmlFile(self, feed)
}

func later(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

func (t *Theme) xmlFile(path string, v any) (output.File, error) {
	b, err := xml.Marshal(v)
	if err != nil {
		return output.File{}, fmt.Errorf("%s: %w", path, err)
	}
	b = append([]byte(xml.Header), b...)
	if b, err = t.min.Bytes("application/xml", b); err != nil {
		return output.File{}, fmt.Errorf("%s: %w", path, err)
	}
	return output.File{Path: strings.TrimPrefix(path, "/"), Data: b}, nil
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// Sitemap returns sitemap.xml, listing every HTML page but the 404 page,
// and robots.txt pointing at it.
func (t *Theme) Sitemap(s *site.Site) ([]output.File, error) {
	var set urlset
	for p := range t.pageSeq(s) {
		if p.Kind == "404" {
			continue
		}
		u := sitemapURL{Loc: t.cfg.Abs(p.Path)}
		if st := p.Study; st != nil {
			u.LastMod = later(st.Date, st.Updated).Format("2006-01-02")
		}
		set.URLs = append(set.URLs, u)
	}
	sm, err := t.xmlFile("/sitemap.xml", set)
	if err != nil {
		return nil, err
	}
	robots := fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", t.cfg.Abs("/sitemap.xml"))
	return []output.File{sm, {Path: "robots.txt", Data: []byte(robots)}}, nil
}
