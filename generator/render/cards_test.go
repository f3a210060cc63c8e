package render

import (
	"context"
	"strings"
	"testing"
	"unsafe"

	"casebook/generator/config"
	"casebook/generator/content"
	"casebook/generator/site"
	"casebook/themes"
)

// TestCardsMadeOnce: fill executes every study's card once; every page
// then gets that card, the same string, without executing it again. A
// study of another site gets a card made for it.
func TestCardsMadeOnce(t *testing.T) {
	cfg := config.Default()
	th, err := LoadTheme(themes.Default(), cfg, NewMinifier(true))
	if err != nil {
		t.Fatal(err)
	}
	set := &content.Set{}
	for _, slug := range []string{"a", "b", "c"} {
		set.Studies = append(set.Studies, &content.CaseStudy{Slug: slug, Title: "Study " + slug, Summary: "About " + slug})
	}
	s := site.Assemble(cfg, set, site.Bodies{Held: make([]site.Body, len(set.Studies))}, nil)
	c := th.newCards(s, Options{})
	if err := c.fill(context.Background(), s.Studies); err != nil {
		t.Fatal(err)
	}
	for i, st := range s.Studies {
		made := c.html[i].Load()
		if made == nil {
			t.Fatalf("no card made for %s", st.Slug)
		}
		got, err := c.get(st)
		if err != nil {
			t.Fatal(err)
		}
		if unsafe.StringData(string(got)) != unsafe.StringData(string(*made)) {
			t.Errorf("the card of %s was executed again", st.Slug)
		}
	}
	other := site.Assemble(cfg, &content.Set{Studies: []*content.CaseStudy{{Slug: "a", Title: "Another a"}}}, site.Bodies{Held: make([]site.Body, 1)}, nil)
	got, err := c.get(other.Studies[0])
	if err != nil || !strings.Contains(string(got), "Another a") {
		t.Errorf("card of another site's study: %q, %v", got, err)
	}
}
