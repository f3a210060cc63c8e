package render

import (
	"encoding/json"
	"html/template"

	"casebook/generator/site"
)

// jsonLD returns schema.org data for a page as a script body. encoding/json
// escapes <, > and & so no value can close the script element.
func (t *Theme) jsonLD(p *Page) template.JS {
	var v any
	switch {
	case p.Study != nil:
		v = t.studyLD(p.Study)
	case p.Kind == "home":
		v = map[string]any{
			"@context": "https://schema.org", "@type": "WebSite",
			"name": t.cfg.Title, "url": t.cfg.Abs("/"), "description": t.cfg.Description, "inLanguage": t.cfg.Language,
			"potentialAction": map[string]any{
				"@type": "SearchAction", "target": t.cfg.Abs("/search/") + "?q={search_term_string}",
				"query-input": "required name=search_term_string",
			},
		}
	default:
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

func (t *Theme) studyLD(st *site.Study) map[string]any {
	var members []map[string]any
	for _, p := range st.Partners {
		org := map[string]any{"@type": "Organization", "name": p.Name, "url": t.cfg.Abs(p.Org.Page)}
		if p.URL != "" {
			org["sameAs"] = p.URL
		}
		members = append(members, org)
	}
	var about []map[string]any
	for _, g := range st.SDGTerms {
		about = append(about, map[string]any{
			"@type": "DefinedTerm", "name": g.Name, "termCode": g.Key,
			"inDefinedTermSet": "https://sdgs.un.org/goals", "url": t.cfg.Abs(g.URL),
		})
	}
	project := map[string]any{"@type": "Project", "name": st.Title, "description": st.Summary, "member": members}
	if len(about) > 0 {
		project["about"] = about
	}
	art := map[string]any{
		"@context": "https://schema.org", "@type": "Article",
		"headline": st.Title, "description": st.Summary, "url": t.cfg.Abs(st.URL),
		"datePublished": st.Date.Format("2006-01-02"), "inLanguage": t.cfg.Language,
		"about": project,
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
	return art
}
