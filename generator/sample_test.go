package generator_test

import (
	"context"
	"os"
	"testing"

	"casebook/generator"
	"casebook/generator/content"
	"casebook/generator/region"
)

// TestSamplePortal builds the repository's own site (content/, casebook.toml)
// and checks that it is clean and covers what the sample promises: at least
// 12 case studies, every tag and sector, 10 SDGs, 4 regions, and sources
// on every case study.
func TestSamplePortal(t *testing.T) {
	site := os.DirFS("..")
	res, err := generator.Build(context.Background(), generator.Config{Site: site, BaseURL: "https://cases.example.org/", Strict: true, CheckLinks: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Diags.Error())
	}
	set, diags := content.Load(context.Background(), site, content.Options{Tags: content.CoreTags()})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	tags, sectors, sdgs, regions := map[string]bool{}, map[string]bool{}, map[int]bool{}, map[string]bool{}
	for _, cs := range set.Studies {
		if len(cs.Sources) == 0 {
			t.Errorf("%s has no sources", cs.File)
		}
		for _, s := range cs.Sources {
			if s.URL == "" {
				t.Errorf("%s: source %q has no URL", cs.File, s.Title)
			}
		}
		for _, x := range cs.Tags {
			tags[x] = true
		}
		for _, p := range cs.Partners {
			sectors[p.Sector] = true
		}
		for _, n := range cs.SDGs {
			sdgs[n] = true
		}
		for _, c := range cs.Countries {
			r, _ := region.Lookup(c)
			regions[r.Region] = true
		}
	}
	if len(set.Studies) < 12 || len(tags) != len(content.CoreTags()) || len(sectors) != len(content.Sectors()) || len(sdgs) < 10 || len(regions) < 4 {
		t.Errorf("sample covers %d studies, %d tags, %d sectors, %d SDGs, %d regions", len(set.Studies), len(tags), len(sectors), len(sdgs), len(regions))
	}
	if len(set.Pages) < 2 {
		t.Errorf("sample has %d plain pages, want about and methodology", len(set.Pages))
	}
}
