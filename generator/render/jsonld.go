package render

import (
	"encoding/json"
	"html/template"
	"strconv"

	"casebook/generator/site"
)

// jsonLD returns schema.org data for a page as a script body: a WebSite
// with its SearchAction on the home page, an Article on a case-study page,
// nothing elsewhere. encoding/json escapes <, > and & so no value can close
// the script element.
func (t *Theme) jsonLD(p *Page) template.JS {
	var v any
	switch {
	case p.Study != nil:
		v = t.studyLD(p.Study)
	case p.Kind == "home":
		v = t.websiteLD(true)
	default:
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

// websiteLD describes the portal; top is true for the document's root
// node, which carries the context and the search action.
func (t *Theme) websiteLD(top bool) map[string]any {
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

// studyLD describes a case study: an Article about the partnership, a
// Project whose members are the partner Organizations, and about the SDG
// DefinedTerms it works towards; its sources are the Article's citations.
func (t *Theme) studyLD(st *site.Study) map[string]any {
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
		"isPartOf": t.websiteLD(false),
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
