package site

import (
	"testing"
	"time"

	"casebook/generator/config"
	"casebook/generator/content"
)

func cs(slug string, day int, partners []content.Partner, tags []string, sdgs []int, countries ...string) *content.CaseStudy {
	return &content.CaseStudy{Slug: slug, Title: slug, Date: time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC),
		Partners: partners, Tags: tags, SDGs: sdgs, Countries: countries}
}

func TestAssemble(t *testing.T) {
	tel := content.Partner{Name: "Example Telecom", Sector: "business", Role: "funder"}
	fund := content.Partner{Name: "Fundação Exemplo", Sector: "civil-society"}
	city := content.Partner{Name: "City Hall", Sector: "government"}
	set := &content.Set{Studies: []*content.CaseStudy{
		cs("c", 3, []content.Partner{tel, city}, []string{"ethics"}, []int{6}, "KE", "NG", "US"),
		cs("b", 2, []content.Partner{tel, fund}, []string{"innovation"}, []int{4, 10}, "BR"),
		cs("a", 1, []content.Partner{fund, city}, []string{"inclusion"}, []int{4}),
	}}
	cfg := config.Default()
	cfg.Tags = []string{"climate"}
	cfg.Descriptions = map[string]string{"sdg:4": "Our own words."}
	s := Assemble(cfg, set, make([]Body, 3), nil)

	if len(s.Tags) != 5 || s.Tags[4].Key != "climate" || s.Tags[3].Name != "Human rights" {
		t.Errorf("tags %v", names(s.Tags))
	}
	if len(s.SDGs) != 17 || s.SDGs[3].URL != "/sdgs/4-quality-education/" || len(s.SDGs[3].Studies) != 2 || s.SDGs[3].Description != "Our own words." {
		t.Errorf("SDG 4: %+v", s.SDGs[3])
	}
	if got := names(s.Regions); len(got) != 2 || got[0] != "Africa" || got[1] != "Americas" {
		t.Errorf("regions %v", got)
	}
	am := s.Regions[1]
	if got := names(am.Children); len(got) != 2 || got[0] != "Latin America and the Caribbean" || got[1] != "Northern America" || len(am.Studies) != 2 {
		t.Errorf("Americas: %v, %d studies", got, len(am.Studies))
	}
	if africa := s.Regions[0]; len(africa.Studies) != 1 || len(africa.Children) != 1 || africa.Children[0].Slug != "sub-saharan-africa" {
		t.Errorf("Africa: %+v", africa)
	}
	if len(s.Partners) != 3 || s.Partners[1].Slug != "example-telecom" || s.Partners[2].Page != "/partners/fundacao-exemplo/" {
		t.Errorf("partners %+v", s.Partners)
	}
	if tp := s.Partners[1]; len(tp.Roles) != 2 || tp.Roles[0].Study.Slug != "c" || tp.Roles[0].Role != "funder" || tp.Sector.Key != "business" {
		t.Errorf("telecom roles %+v", tp.Roles)
	}
	if got := names(s.Sectors[1].Studies[0].SectorTerm); len(got) != 2 || got[0] != "Business" || got[1] != "Government" {
		t.Errorf("sectors of c: %v", got)
	}
	// b shares a partner with c (4) and with a a partner and an SDG (4+2).
	b := s.Studies[1]
	if len(b.Related) != 2 || b.Related[0].Slug != "a" || b.Related[1].Slug != "c" {
		t.Errorf("related of b: %v", slugs(b.Related))
	}
	if !s.Updated.Equal(set.Studies[0].Date) {
		t.Errorf("updated %v", s.Updated)
	}
}

func TestRelatedIsBoundedOnLargeSites(t *testing.T) {
	// Every study shares a tag with every other: candidates must be capped,
	// and related lists must still be filled.
	var studies []*content.CaseStudy
	for i := range 2000 {
		p := []content.Partner{{Name: "Org " + string(rune('A'+i%26)), Sector: "business"}, {Name: "Shared City", Sector: "government"}}
		studies = append(studies, cs("s", 1+i%28, p, []string{"innovation"}, []int{1 + i%17}))
	}
	s := Assemble(config.Default(), &content.Set{Studies: studies}, make([]Body, len(studies)), nil)
	for _, st := range s.Studies {
		if len(st.Related) != maxRelated {
			t.Fatalf("%d related, want %d", len(st.Related), maxRelated)
		}
	}
}

func names(ts []*Term) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

func slugs(ss []*Study) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Slug)
	}
	return out
}
