package node

import (
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"go.yaml.in/yaml/v3"
)

func TestFromTOMLPositions(t *testing.T) {
	src := "title = \"Été\"\nsdgs = [4, 10]\n\n[period]\nstart = 2019\n\n[[partners]]\nname = \"A\"\nsector = 'business'\n[[partners]]\nname = \"B\"\nsector = \"government\"\nperiod.end = 2020\n"
	root, d := FromTOML("f.md", 1, []byte(src))
	if d != nil {
		t.Fatal(d)
	}
	dec := &Decoder{File: "f.md", Lines: 1}
	m := dec.Map(root, nil, "", nil)
	check := func(n *yaml.Node, line, col int, val string) {
		t.Helper()
		p := dec.Pos(n)
		if p.Line != line || p.Col != col || (val != "" && n.Value != val) {
			t.Errorf("got %v %q, want %d:%d %q", p, n.Value, line, col, val)
		}
	}
	check(m.KeyNode("title"), 2, 1, "title")
	check(m.Get("title"), 2, 9, "Été")
	check(m.Get("sdgs").Content[1], 3, 12, "10")
	period := dec.Map(m.Get("period"), m.KeyNode("period"), "period", nil)
	check(period.KeyNode("start"), 6, 1, "start")
	check(period.Get("start"), 6, 9, "2019")
	ps := m.Get("partners")
	if ps.Kind != yaml.SequenceNode || len(ps.Content) != 2 {
		t.Fatalf("partners: %v", ps.Kind)
	}
	p1 := dec.Map(ps.Content[1], nil, "partners[1]", nil)
	check(p1.Get("sector"), 13, 10, "government")
	check(dec.Map(p1.Get("period"), nil, "", nil).Get("end"), 14, 14, "2020")
	check(dec.Map(ps.Content[0], nil, "", nil).Get("sector"), 10, 10, "business")
}

func TestFromTOMLSyntaxError(t *testing.T) {
	_, d := FromTOML("f.md", 1, []byte("title = \"x\"\nsummary = = 3\n"))
	if d == nil || d.Pos.Line != 3 {
		t.Fatalf("got %+v, want an error on line 3", d)
	}
}

// FuzzFromTOML compares the positioned conversion with go-toml's own
// decoder: a document it decodes converts without a syntax error, with the
// same top-level keys, and every position lies inside the document.
func FuzzFromTOML(f *testing.F) {
	f.Add("title = \"x\"\n[period]\nstart = 2019\n[[partners]]\nname = \"a\"\n")
	f.Add("a.b.c = 1\nd = [1, {e = 2}]\n")
	f.Add("x = 1979-05-27\ny = 'lit'\nz = \"\"\"multi\nline\"\"\"\n")
	f.Add("[a]\n[[a.b]]\nc = true\n")
	f.Fuzz(func(t *testing.T, src string) {
		root, syn := FromTOML("f.toml", 0, []byte(src))
		lines := 1 + strings.Count(src, "\n")
		if syn != nil {
			if syn.Pos.Line < 1 || syn.Pos.Line > lines {
				t.Fatalf("syntax error outside the document: %v", syn)
			}
		}
		var want map[string]any
		if err := toml.Unmarshal([]byte(src), &want); err != nil {
			return
		}
		if syn != nil {
			t.Fatalf("go-toml decodes %q but FromTOML says %v", src, syn)
		}
		got := map[string]bool{}
		for i := 0; i+1 < len(root.Content); i += 2 {
			got[root.Content[i].Value] = true
		}
		if len(got) != len(want) {
			t.Fatalf("%q: keys %v, go-toml %v", src, got, want)
		}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Line < 1 || n.Line > lines || n.Column < 1 {
				t.Fatalf("%q: node %q at %d:%d", src, n.Value, n.Line, n.Column)
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(root)
	})
}
