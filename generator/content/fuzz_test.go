package content

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzParseCaseStudy checks that any input yields either a case study or
// positioned diagnostics, never a panic; that every position lies inside the
// file; and that a file with no diagnostics has every required field.
func FuzzParseCaseStudy(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte(strings.ReplaceAll(valid, "\n", "\r\n")))
	f.Add([]byte("+++\ntitle = \"x\"\n[period]\nstart = 2019\n+++\n"))
	f.Add([]byte("---\na: &a [*a]\n---\n"))
	f.Add([]byte("---\n- 1\n---\n"))
	f.Add([]byte("\ufeff---\ntitle: x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		tm := time.AfterFunc(3*time.Second, func() { panic(fmt.Sprintf("HANG on %q", src)) })
		cs, diags := ParseCaseStudy("f.md", src, Options{Tags: CoreTags()})
		tm.Stop()
		lines := 1 + bytes.Count(normalizeCR(src), []byte{'\n'})
		for _, d := range diags {
			if d.Pos.File != "f.md" || d.Pos.Line < 1 || d.Pos.Line > lines || d.Msg == "" {
				t.Fatalf("diagnostic outside the file (%d lines): %+v", lines, d)
			}
		}
		if len(diags) == 0 {
			if cs == nil || cs.Title == "" || cs.Summary == "" || cs.Date.IsZero() || cs.Status == "" || cs.Period.Start == 0 ||
				len(cs.Partners) < 2 || len(cs.Tags) == 0 || len(cs.Goals) == 0 || len(cs.Outcomes) == 0 || len(cs.Lessons) == 0 {
				t.Fatalf("no diagnostics but an incomplete case study: %+v", cs)
			}
		}
	})
}
