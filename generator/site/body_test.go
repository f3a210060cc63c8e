package site

import (
	"errors"
	"testing"

	"casebook/generator/config"
	"casebook/generator/content"
	"casebook/generator/markdown"
)

func TestBodiesMadeOnDemand(t *testing.T) {
	set := &content.Set{Studies: []*content.CaseStudy{{Slug: "a", Title: "A"}, {Slug: "b", Title: "B"}}}
	made := map[string]int{}
	s := Assemble(config.Default(), set, Bodies{Make: func(cs *content.CaseStudy) (Body, error) {
		made[cs.Slug]++
		if cs.Slug == "b" {
			return Body{}, errors.New("broken")
		}
		return Body{Result: markdown.Result{Text: "body of " + cs.Slug}}, nil
	}}, nil)
	a := s.Studies[0]
	if a.Slug != "a" {
		t.Fatalf("studies in order %s, %s", s.Studies[0].Slug, s.Studies[1].Slug)
	}
	if len(made) != 0 {
		t.Fatalf("bodies made before they were asked for: %v", made)
	}
	for range 3 {
		if b, err := a.Rendered(); err != nil || b.Text != "body of a" {
			t.Fatalf("Rendered: %q, %v", b.Text, err)
		}
	}
	if made["a"] != 1 {
		t.Errorf("the body was made %d times for three calls", made["a"])
	}
	if _, err := s.Studies[1].Rendered(); err == nil {
		t.Error("a failed rendering gave no error")
	}
	a.Release()
	if b, err := a.Rendered(); err != nil || b.Text != "body of a" || made["a"] != 2 {
		t.Errorf("after Release: %q, %v, made %d times; want it made again", b.Text, err, made["a"])
	}
}

func TestHeldBodiesOutliveRelease(t *testing.T) {
	set := &content.Set{Studies: []*content.CaseStudy{{Slug: "a", Title: "A"}}}
	s := Assemble(config.Default(), set, Bodies{Held: []Body{{Result: markdown.Result{Text: "held"}}}}, nil)
	st := s.Studies[0]
	st.Release()
	if b, err := st.Rendered(); err != nil || b.Text != "held" {
		t.Errorf("after Release: %q, %v", b.Text, err)
	}
}
