package render

import (
	"encoding/json"
	"html/template"
	"strconv"
	"testing"
	"time"

	"casebook/generator/config"
	"casebook/generator/content"
	"casebook/generator/region"
	"casebook/generator/site"
)

// nasty holds what JSON inside a script element must escape or mend: the
// characters that could close it or start a comment, separators that end a
// JavaScript line, control characters and bytes that are not UTF-8.
var nasty = []string{"", "plain", `</script><!--"q"\b`, "a & b > c", "line\u2028para\u2029", "tab\tnl\ncr\rbs\bff\f\x01\x1f\x7f", "bad \xff\xfe utf-8 \xe2\x82", "Zoë · 日本 🌍"}

func TestJSONLDAsEncodingJSON(t *testing.T) {
	for i, s := range nasty {
		cfg, diags := config.Parse([]byte("title = " + strconv.Quote("Portal "+s) + "\ndescription = " + strconv.Quote(s) + "\nbase_url = \"https://x.example/p/\"\n"))
		if diags.Errors() > 0 {
			t.Fatalf("config: %v", diags)
		}
		th := &Theme{cfg: cfg}
		home := &Page{Kind: "home"}
		if got, want := th.jsonLD(home), marshal(t, mapWebsiteLD(th, true)); string(got) != want {
			t.Errorf("home %d:\n got %s\nwant %s", i, got, want)
		}
		for _, st := range ldStudies(s) {
			if got, want := th.jsonLD(&Page{Study: st}), marshal(t, mapStudyLD(th, st)); string(got) != want {
				t.Errorf("study %q:\n got %s\nwant %s", st.Slug, got, want)
			}
		}
	}
	if got := (&Theme{}).jsonLD(&Page{Kind: "term"}); got != "" {
		t.Errorf("a term page has JSON-LD %s", got)
	}
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ldStudies are case studies that take every branch of studyLD, with s in
// every string.
func ldStudies(s string) []*site.Study {
	org := &site.Partner{Page: "/partners/" + s + "/"}
	full := &site.Study{
		CaseStudy: &content.CaseStudy{
			Slug: "full", Title: "T " + s, Summary: "S " + s,
			Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Updated: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC),
			Period:   content.Period{Start: 2019, End: 2023},
			Partners: []content.Partner{{Name: "A " + s, URL: "https://a.example/" + s}, {Name: "B"}},
			Sources: []content.Source{
				{Title: "Src " + s, URL: "https://s.example/?q=" + s, Publisher: "Pub " + s, Date: "2023-05"},
				{Title: "Bare"},
			},
			Image: &content.Image{Src: "/case-studies/full/" + s + ".jpg"},
		},
		URL:       "/case-studies/full-" + s + "/",
		TagTerms:  []*site.Term{{Name: "Inclusion " + s}, {Name: "Ethics"}},
		SDGTerms:  []*site.Term{{Key: "5", Name: "Gender " + s, URL: "/sdgs/5/"}},
		Countries: []region.Country{{Code: "KE", Name: "Kenya " + s}, {Code: "TZ", Name: "Tanzania"}},
	}
	for i := range full.CaseStudy.Partners {
		full.Partners = append(full.Partners, site.PartnerRef{Partner: &full.CaseStudy.Partners[i], Org: org})
	}
	bare := &site.Study{
		CaseStudy: &content.CaseStudy{Slug: "bare", Title: s, Summary: s, Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Period: content.Period{Start: 2020}, Image: &content.Image{}},
		URL:       "/case-studies/bare/",
	}
	return []*site.Study{full, bare}
}

func FuzzJSONString(f *testing.F) {
	for _, s := range nasty {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

// mapWebsiteLD is the JSON-LD of the portal as it was made before
// jsonLD wrote it by hand, through maps and encoding/json: the reference
// jsonLD must match byte for byte.
// It describes the portal; top is true for the document's root
// node, which carries the context and the search action.
func mapWebsiteLD(t *Theme, top bool) map[string]any {
	w := map[string]any{"@type": "WebSite", "@id": t.cfg.Abs("/") + "#website", "name": t.cfg.Title, "url": t.cfg.Abs("/")}
	if !top {
		return w
	}
	w["@context"] = "https://schema.org"
	w["description"] = t.cfg.Description
	w["inLanguage"] = t.cfg.Language
	w["potentialAction"] = map[string]any{
		"@type":       "SearchAction",
		"target":      map[string]any{"@type": "EntryPoint", "urlTemplate": t.cfg.Abs("/search/") + "?q={search_term_string}"},
		"query-input": "required name=search_term_string",
	}
	return w
}

// mapStudyLD is the reference for a case study: it describes one: an Article about the partnership, a
// Project whose members are the partner Organizations, and about the SDG
// DefinedTerms it works towards; its sources are the Article's citations.
func mapStudyLD(t *Theme, st *site.Study) map[string]any {
	var members []map[string]any
	for _, p := range st.Partners {
		org := map[string]any{"@type": "Organization", "@id": t.cfg.Abs(p.Org.Page) + "#org", "name": p.Name, "url": t.cfg.Abs(p.Org.Page)}
		if p.URL != "" {
			org["sameAs"] = p.URL
		}
		members = append(members, org)
	}
	project := map[string]any{
		"@type": "Project", "@id": t.cfg.Abs(st.URL) + "#project",
		"name": st.Title, "description": st.Summary, "member": members,
		"foundingDate": strconv.Itoa(st.Period.Start),
	}
	if st.Period.End != 0 {
		project["dissolutionDate"] = strconv.Itoa(st.Period.End)
	}
	var places []map[string]any
	for _, c := range st.Countries {
		places = append(places, map[string]any{"@type": "Country", "name": c.Name, "identifier": c.Code})
	}
	if len(places) > 0 {
		project["areaServed"] = places
	}
	about := []map[string]any{project}
	for _, g := range st.SDGTerms {
		about = append(about, map[string]any{
			"@type": "DefinedTerm", "name": "SDG " + g.Key + ": " + g.Name, "termCode": g.Key,
			"inDefinedTermSet": "https://sdgs.un.org/goals", "url": t.cfg.Abs(g.URL),
		})
	}
	art := map[string]any{
		"@context": "https://schema.org", "@type": "Article", "@id": t.cfg.Abs(st.URL) + "#article",
		"headline": st.Title, "description": st.Summary, "url": t.cfg.Abs(st.URL), "mainEntityOfPage": t.cfg.Abs(st.URL),
		"datePublished": st.Date.Format("2006-01-02"), "inLanguage": t.cfg.Language,
		"isPartOf": mapWebsiteLD(t, false),
		"about":    about,
	}
	if !st.Updated.IsZero() {
		art["dateModified"] = st.Updated.Format("2006-01-02")
	}
	if st.Image != nil && st.Image.Src != "" {
		art["image"] = t.cfg.Abs(st.Image.Src)
	}
	var kw []string
	for _, tg := range st.TagTerms {
		kw = append(kw, tg.Name)
	}
	if len(kw) > 0 {
		art["keywords"] = kw
	}
	var cites []map[string]any
	for _, s := range st.Sources {
		c := map[string]any{"@type": "CreativeWork", "name": s.Title}
		if s.URL != "" {
			c["url"] = s.URL
		}
		if s.Publisher != "" {
			c["publisher"] = map[string]any{"@type": "Organization", "name": s.Publisher}
		}
		if s.Date != "" {
			c["datePublished"] = s.Date
		}
		cites = append(cites, c)
	}
	if len(cites) > 0 {
		art["citation"] = cites
	}
	return art
}

// jsonLD is appendJSONLD in a buffer of its own.
func (t *Theme) jsonLD(p *Page) template.JS {
	js, _ := t.appendJSONLD(nil, p)
	return js
}
