package site

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"casebook/generator/config"
	"casebook/generator/content"
	"casebook/generator/markdown"
)

func TestBodiesMadeOnDemand(t *testing.T) {
	set := &content.Set{Studies: []*content.CaseStudy{{Slug: "a", Title: "A"}, {Slug: "b", Title: "B"}}}
	made := map[string]int{}
	s := Assemble(config.Default(), set, Bodies{Make: func(cs *content.CaseStudy, sc *markdown.Scratch) (Body, error) {
		if sc != nil {
			t.Error("Rendered made a body in a Scratch")
		}
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

// TestLend: a lent body is made in the Scratch given, every time, and not
// kept; a body Rendered made, until released, is lent as it is.
func TestLend(t *testing.T) {
	set := &content.Set{Studies: []*content.CaseStudy{{Slug: "a", Title: "A"}}}
	var scratches []*markdown.Scratch
	s := Assemble(config.Default(), set, Bodies{Make: func(cs *content.CaseStudy, sc *markdown.Scratch) (Body, error) {
		scratches = append(scratches, sc)
		return Body{Result: markdown.Result{Text: fmt.Sprint("made ", len(scratches))}}, nil
	}}, nil)
	st := s.Studies[0]
	var sc markdown.Scratch
	for i, want := range []string{"made 1", "made 2"} {
		if b, err := st.Lend(&sc); err != nil || b.Text != want || scratches[i] != &sc {
			t.Fatalf("Lend %d: %q, %v, made in %p, not %p", i, b.Text, err, scratches[i], &sc)
		}
	}
	st.Rendered()
	if b, _ := st.Lend(&sc); b.Text != "made 3" || len(scratches) != 3 {
		t.Errorf("Lend after Rendered: %q, made %d times; want Rendered's body", b.Text, len(scratches))
	}
	st.Release()
	if b, _ := st.Lend(&sc); b.Text != "made 4" || scratches[3] != &sc {
		t.Errorf("Lend after Release: %q; want one made in the Scratch", b.Text)
	}
}

func TestStudyPlace(t *testing.T) {
	set := &content.Set{Studies: []*content.CaseStudy{{Slug: "a", Title: "A", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, {Slug: "b", Title: "B"}}}
	s := Assemble(config.Default(), set, Bodies{Held: make([]Body, 2)}, nil)
	for want, st := range s.Studies {
		if i, ok := st.Place(s.Studies); !ok || i != want {
			t.Errorf("%s: Place %d, %v; want %d", st.Slug, i, ok, want)
		}
	}
	if _, ok := s.Studies[1].Place(s.Studies[:1]); ok {
		t.Error("a study has a place in a list it is not in")
	}
	other := Assemble(config.Default(), set, Bodies{Held: make([]Body, 2)}, nil)
	if _, ok := other.Studies[0].Place(s.Studies); ok {
		t.Error("a study of another site has a place in this one")
	}
	if _, ok := (&Study{CaseStudy: set.Studies[0]}).Place(s.Studies); ok {
		t.Error("a Study made outside Assemble has a place")
	}
}
