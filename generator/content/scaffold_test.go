package content

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestScaffold checks that a new file names every field of the model, is
// refused until its placeholders are filled, and passes once they are.
func TestScaffold(t *testing.T) {
	src := string(Scaffold(`Water "kiosks" in Kisumu`, "water-kiosks", time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)))
	for _, key := range append(append([]string{}, caseKeys...), partnerKeys...) {
		if !regexp.MustCompile(`(?m)^#?\s*-?\s*` + key + `:`).MatchString(src) {
			t.Errorf("the scaffold does not show %s", key)
		}
	}
	for _, key := range append(append(outcomeKeys, sourceKeys...), "category", "funding", "in_kind", "end", "alt") {
		if !strings.Contains(src, key+":") {
			t.Errorf("the scaffold does not show %s", key)
		}
	}
	opt := Options{Tags: CoreTags(), Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	_, diags := ParseCaseStudy("content/case-studies/x.md", []byte(src), opt)
	placeholders := strings.Count(src[:strings.Index(src[4:], "\n---")+4], `"TODO:`)
	if len(diags) != placeholders || diags.Errors() != placeholders {
		t.Fatalf("%d placeholders, but diagnostics:\n%s", placeholders, diags.Error())
	}
	for _, d := range diags {
		if d.Msg != "placeholder not filled in" || !strings.HasPrefix(d.Hint, "replace it with ") {
			t.Errorf("unexpected diagnostic %v", d)
		}
	}
	// Fill in every placeholder as an editor would.
	fills := []string{
		"A utility and a residents' cooperative run water kiosks.",
		"2019",
		"City Water Company", "government", "operates the kiosks",
		"Kisumu Residents Cooperative", "community", "runs the kiosks day to day",
		"Safe water within 200 metres of every home",
		"Households with a kiosk nearby", "households in informal settlements",
		"Share the kiosk revenue openly",
		"Kiosk report", "https://example.org/report",
	}
	i := 0
	filled := regexp.MustCompile(`"TODO:[^"]*"`).ReplaceAllStringFunc(src, func(string) string {
		if i >= len(fills) {
			t.Fatalf("more placeholders than fills")
		}
		i++
		if fills[i-1] == "2019" {
			return "2019"
		}
		return `"` + fills[i-1] + `"`
	})
	if i != len(fills) {
		t.Fatalf("%d placeholders filled, %d fills", i, len(fills))
	}
	cs, diags := ParseCaseStudy("content/case-studies/x.md", []byte(filled), opt)
	if len(diags) != 0 {
		t.Fatalf("the filled scaffold does not pass:\n%s", diags.Error())
	}
	if cs.Title != `Water "kiosks" in Kisumu` || !cs.Draft || cs.Period.Start != 2019 {
		t.Errorf("decoded %+v", cs)
	}
}
