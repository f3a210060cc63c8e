package node

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// sameNodes reports where two trees differ in what yaml.v3 gives: kind,
// tag, style, value, anchor, line, column and children.
func sameNodes(a, b *yaml.Node, at string) error {
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Style != b.Style || a.Value != b.Value || a.Anchor != b.Anchor || a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) {
		return fmt.Errorf("%s: fast {%v %s %v %q %d:%d %d children}, yaml.v3 {%v %s %v %q %d:%d %d children}", at,
			a.Kind, a.Tag, a.Style, a.Value, a.Line, a.Column, len(a.Content), b.Kind, b.Tag, b.Style, b.Value, b.Line, b.Column, len(b.Content))
	}
	for i := range a.Content {
		if err := sameNodes(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", at, i)); err != nil {
			return err
		}
	}
	return nil
}

// checkFast parses src both ways; it reports whether the fast parser took
// it, and fails the test if it gave other nodes than yaml.v3 or took what
// yaml.v3 refuses. The fast parser parses it afresh, and in a Scratch that
// held another document, as a build's do: both must give the same.
func checkFast(t *testing.T, src string) bool {
	t.Helper()
	fast, ok := fastYAML([]byte(src), nil)
	if !ok {
		return false
	}
	var sc Scratch
	if _, ok := fastYAML([]byte(fastSeeds[1]), &sc); !ok {
		t.Fatal("the fast parser does not take a seed written for it")
	}
	inScratch, ok := fastYAML([]byte(src), &sc)
	if !ok {
		t.Fatalf("the fast parser took a document afresh but not in a Scratch:\n%s", src)
	}
	if err := sameNodes(inScratch, fast, ""); err != nil {
		t.Fatalf("in a Scratch, %v in:\n%s", err, src)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatalf("fast parser took what yaml.v3 refuses (%v):\n%s", err, src)
	}
	if len(doc.Content) != 1 {
		t.Fatalf("yaml.v3 made %d documents of:\n%s", len(doc.Content), src)
	}
	if err := sameNodes(fast, doc.Content[0], ""); err != nil {
		t.Fatalf("%v in:\n%s", err, src)
	}
	return true
}

var fastSeeds = []string{
	"title: \"Water: a shared task\"\ndate: 2024-03-18\nstatus: active\nperiod:\n  start: 2008\n  end: 2012\n",
	"partners:\n  - name: \"A\"\n    sector: business\n  - name: B Co\n    role: funder\ntags: [ethics, inclusion]\nsdgs: [6, 13]\n",
	"partners:\n- name: A\n  sector: government\nlessons:\n- one lesson\n- \"two\"\n",
	"countries: [NO, FR]\nflag: yes\nb: true\nn: null\nz: 0\nlead: 007\n",
	"url: https://example.org/a?b=c#d\nnote: C# and F#\nq: Tom \"x\" 's\n",
	"a: x # comment\n", "a: |\n  block\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: \"esc\\n\"\n", "a: 1.5\n", "a: -1\n",
	"a:\n", "a: b\na: c\n", "a:\n  b: 1\n c: 2\n", "a: [1, [2]]\n", "a: []\n", "a: [1,]\n", "a: 2024-13-01\n", "a: 2024-1-1\n",
	"a:\tb\n", "- a\n- b\n", "a: b: c\n", "a: x:\n", "  a: 1\n", "a:\n  - x\n  -  y\n", "a:\n  - - x\n", "# head\na: 1\n\n# c\nb: 2\n",
	"a:\n  - b: 1\n    c: [x, \"y z\"]\n  - d\n", "a: 'single'\n", "a: Über\n", "a: 12345678901234567890\n", "true: 1\n", "a: ~\n",
}

func TestFastYAML(t *testing.T) {
	for _, s := range fastSeeds {
		checkFast(t, s)
	}
	if !checkFast(t, fastSeeds[0]) || !checkFast(t, fastSeeds[1]) || !checkFast(t, fastSeeds[2]) || !checkFast(t, "period: {start: 2012, end:  2016 }\nq: { a: \"x\" }\n") {
		t.Error("the fast parser refused plain front matter")
	}
}

// TestFastYAMLOnTheSample parses the front matter of every file of the
// sample portal both ways.
func TestFastYAMLOnTheSample(t *testing.T) {
	site := os.DirFS("../..")
	taken, all := 0, 0
	fs.WalkDir(site, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return err
		}
		src, _ := fs.ReadFile(site, p)
		block, ok := frontMatter(src)
		if !ok {
			return nil
		}
		all++
		if checkFast(t, block) {
			taken++
		}
		return nil
	})
	t.Logf("%d of %d front matters parsed fast", taken, all)
	if all == 0 || taken*2 < all {
		t.Fatalf("%d of %d front matters parsed fast; the sample's are mostly plain", taken, all)
	}
}

// frontMatter returns what lies between the --- lines at the top of src.
func frontMatter(src []byte) (string, bool) {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return "", false
	}
	block, _, ok := bytes.Cut(rest, []byte("\n---"))
	return string(block) + "\n", ok
}

func FuzzFastYAML(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Count(s, "\n") > 200 {
			return
		}
		checkFast(t, s)
	})
}

// BenchmarkFrontMatter parses a generated case study's front matter with
// the fast path and with yaml.v3.
func BenchmarkFrontMatter(b *testing.B) {
	src := []byte(benchFrontMatter)
	if _, ok := fastYAML(src, nil); !ok {
		b.Fatal("not taken by the fast path")
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			fastYAML(src, nil)
		}
	})
	b.Run("scratch", func(b *testing.B) {
		b.ReportAllocs()
		var sc Scratch
		for b.Loop() {
			fastYAML(src, &sc)
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var doc yaml.Node
			yaml.Unmarshal(src, &doc)
		}
	})
}

const benchFrontMatter = `title: "Paimies Stramafli and Stiofejai Workforce"
summary: "Cloherou in a and more brota a rai shorul jobs is heakios diokiograiss and stan lioclieng."
date: 2010-12-10
status: active
period:
  start: 2008
partners:
  - name: "Poum Programme"
    sector: multilateral
    role: "pogiekoss zaipie"
  - name: "Bobroclou Trust"
    sector: civil-society
    role: "tadriezang by"
tags: [ethics, inclusion, human-rights]
sdgs: [6, 13]
countries: [FR, KE]
community_engagement: inform
goals:
  - "Its is with their priodress plidrea zeclel of sear cieng and is gajiet"
  - "Training vike the from gos tea mobra wie for for co also giejiess"
equity_outcomes:
  - outcome: "Houteang peahir gica joucho and jeal faithieflain *siobrio* of by gokezu"
    group: "grajie tristrai"
lessons:
  - "Saiflo mea which brio at voso folai gragiot triejo fiogriediend mouro"
sources:
  - title: "As The Report"
    url: https://example.org/reports/1
`
