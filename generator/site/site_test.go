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
	s := Assemble(cfg, set, Bodies{Held: make([]Body, 3)}, nil)

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
	if len(b.Related()) != 2 || b.Related()[0].Slug != "a" || b.Related()[1].Slug != "c" {
		t.Errorf("related of b: %v", slugs(b.Related()))
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
	s := Assemble(config.Default(), &content.Set{Studies: studies}, Bodies{Held: make([]Body, len(studies))}, nil)
	for _, st := range s.Studies {
		if len(st.Related()) != maxRelated {
			t.Fatalf("%d related, want %d", len(st.Related()), maxRelated)
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

func TestRelatedWeighsRareFeatures(t *testing.T) {
	gov := func(n string) content.Partner { return content.Partner{Name: n, Sector: "government"} }
	biz := func(n string) content.Partner { return content.Partner{Name: n, Sector: "business"} }
	// Every study has a government and a business partner and the
	// innovation tag: those say nothing. "near" shares the rare SDG 14 with
	// "x"; "far" shares only the common features and SDG 1, which most have.
	studies := []*content.CaseStudy{
		cs("x", 9, []content.Partner{gov("G1"), biz("B1")}, []string{"innovation"}, []int{1, 14}),
		cs("far", 8, []content.Partner{gov("G2"), biz("B2")}, []string{"innovation"}, []int{1}),
		cs("near", 1, []content.Partner{gov("G3"), biz("B3")}, []string{"innovation"}, []int{14}),
	}
	for i := range 5 {
		studies = append(studies, cs("filler", 2+i, []content.Partner{gov("G" + string(rune('a'+i))), biz("B" + string(rune('a'+i)))}, []string{"innovation"}, []int{1}))
	}
	s := Assemble(config.Default(), &content.Set{Studies: studies}, Bodies{Held: make([]Body, len(studies))}, nil)
	x := s.Studies[0]
	if got := slugs(x.Related()); len(got) < minRelated || got[0] != "near" {
		t.Errorf("related of x: %v, want near first", got)
	}
}

func TestRelatedBounds(t *testing.T) {
	p := func(n, sector string) content.Partner { return content.Partner{Name: n, Sector: sector} }
	for _, tc := range []struct {
		name         string
		others, near int // studies besides the first; how many of them share its partner
		want         int
	}{
		{"one other study", 1, 1, 1},
		{"one close study is filled up to the minimum", 6, 1, minRelated},
		{"many close ones stop at the maximum", 9, 9, maxRelated},
	} {
		studies := []*content.CaseStudy{cs("first", 28, []content.Partner{p("Org", "business"), p("City", "government")}, []string{"ethics"}, []int{6})}
		for i := range tc.others {
			partners := []content.Partner{p("Other "+string(rune('a'+i)), "business"), p("Council "+string(rune('a'+i)), "government")}
			if i < tc.near {
				partners = append(partners, p("Org", "business"))
			}
			studies = append(studies, cs("s", 1+i, partners, []string{"inclusion"}, []int{1}))
		}
		s := Assemble(config.Default(), &content.Set{Studies: studies}, Bodies{Held: make([]Body, len(studies))}, nil)
		if got := len(s.Studies[0].Related()); got != tc.want {
			t.Errorf("%s: %d related, want %d", tc.name, got, tc.want)
		}
	}
}

func TestShared(t *testing.T) {
	tel := content.Partner{Name: "Example Telecom", Sector: "business"}
	fund := content.Partner{Name: "Fundação Exemplo", Sector: "civil-society"}
	city := content.Partner{Name: "City Hall", Sector: "government"}
	set := &content.Set{Studies: []*content.CaseStudy{
		cs("a", 2, []content.Partner{tel, fund}, []string{"innovation", "ethics"}, []int{4, 10}),
		cs("b", 1, []content.Partner{tel, city, tel}, []string{"ethics"}, []int{10, 6}),
	}}
	s := Assemble(config.Default(), set, Bodies{Held: make([]Body, 2)}, nil)
	sh := s.Studies[0].Shared(s.Studies[1])
	if len(sh.Partners) != 1 || sh.Partners[0].Name != "Example Telecom" {
		t.Errorf("shared partners %v", sh.Partners)
	}
	if got := names(sh.Terms); len(got) != 3 || got[0] != "Reduced Inequalities" || got[1] != "Business" || got[2] != "Ethics" {
		t.Errorf("shared terms %v", got)
	}
}
