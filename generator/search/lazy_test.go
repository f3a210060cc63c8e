package search

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"casebook/generator/config"
	"casebook/generator/content"
	"casebook/generator/site"
	"casebook/internal/corpus"
)

// TestBuilderMakesTextsAsGiven checks a site's index, whose documents get
// their texts (labels, roles, goals, outcomes, lessons) only when their
// bodies are given, against the index of the same documents with every
// text made up front: the same files, byte for byte.
func TestBuilderMakesTextsAsGiven(t *testing.T) {
	ctx := context.Background()
	s := generated(t, 300)
	body := func(st *site.Study) string { return "the story of " + st.Slug }

	// Each body is lent, as a build lends the page's (site.Study.Lend):
	// its memory is overwritten once Add returns.
	b := NewBuilder(s)
	var lent []byte
	for _, st := range s.Studies {
		lent = append(lent[:0], body(st)...)
		if err := b.Add(st, unsafe.String(unsafe.SliceData(lent), len(lent))); err != nil {
			t.Fatal(err)
		}
		for i := range lent {
			lent[i] = '#'
		}
	}
	lazy, err := b.Files(ctx)
	if err != nil {
		t.Fatal(err)
	}

	docs, facets := fromSite(s)
	details := 0
	for i, st := range s.Studies {
		studyText(st, &docs[i], nil)
		docs[i].Text[FieldBody] = body(st)
		details += len(docs[i].Text[FieldDetails])
	}
	if details == 0 {
		t.Fatal("the corpus gives no details to compare")
	}
	eager, err := Index(ctx, docs, facets, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if len(lazy) != len(eager) {
		t.Fatalf("%d files, want %d", len(lazy), len(eager))
	}
	for i := range lazy {
		if lazy[i].Path != eager[i].Path || !bytes.Equal(lazy[i].Data, eager[i].Data) {
			t.Fatalf("file %d: %s (%d bytes), want %s (%d bytes)", i, lazy[i].Path, len(lazy[i].Data), eager[i].Path, len(eager[i].Data))
		}
	}
}

// TestBuilderRefusesOtherStudies: Add takes only the studies of the site
// the Builder was made for, found by their place in it.
func TestBuilderRefusesOtherStudies(t *testing.T) {
	s, other := generated(t, 5), generated(t, 5)
	b := NewBuilder(s)
	for _, st := range []*site.Study{other.Studies[0], {CaseStudy: s.Studies[0].CaseStudy, URL: s.Studies[0].URL}} {
		if err := b.Add(st, "text"); err == nil {
			t.Errorf("%s, not a study of the site, was added", st.URL)
		}
	}
	if err := b.Add(s.Studies[2], "text"); err != nil {
		t.Errorf("a study of the site: %v", err)
	}
}

// generated assembles a generated site of n case studies (internal/corpus),
// with empty bodies held.
func generated(t *testing.T, n int) *site.Site {
	t.Helper()
	fsys := corpus.Site(n)
	cfg, diags := config.Load(fsys)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	set, diags := content.Load(context.Background(), fsys, content.Options{Tags: append(content.CoreTags(), cfg.Tags...)})
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	return site.Assemble(cfg, set, site.Bodies{Held: make([]site.Body, len(set.Studies))}, nil)
}

// TestStudyTextAsJoined: studyText, which writes the texts of several
// values into a buffer already holding others, gives the texts the values
// joined with newlines give.
func TestStudyTextAsJoined(t *testing.T) {
	s := generated(t, 50)
	docs, _ := fromSite(s)
	buf := []byte("what the arena held before")
	for i, st := range s.Studies {
		var labels, details []string
		for _, ts := range [][]*site.Term{st.TagTerms, st.SectorTerm, st.SDGTerms, st.Regions} {
			for _, t := range ts {
				labels = append(labels, t.Name)
			}
		}
		for _, c := range st.Countries {
			labels = append(labels, c.Name)
		}
		if slices.Contains(content.Statuses(), st.Status) {
			labels = append(labels, st.Status)
		}
		if slices.Contains(content.Engagements(), st.CommunityEngagement) {
			labels = append(labels, st.CommunityEngagement)
		}
		for _, p := range st.Partners {
			details = append(details, p.Role)
		}
		for _, g := range st.Goals {
			details = append(details, inlineText(g))
		}
		for _, o := range st.Outcomes {
			details = append(details, inlineText(o.Outcome), o.Group, o.Indicator)
		}
		for _, l := range st.Lessons {
			details = append(details, inlineText(l.Text))
		}
		want := [NumFields]string{st.Title, strings.Join(docs[i].Partners, "\n"), st.Summary,
			strings.Join(labels, "\n"), strings.Join(details, "\n"), "body"}
		docs[i].Text[FieldBody] = "body"
		buf = studyText(st, &docs[i], buf)
		if docs[i].Text != want {
			t.Fatalf("%s:\n%q\nwant\n%q", st.Slug, docs[i].Text, want)
		}
	}
}
