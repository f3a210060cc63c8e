package node

import (
	"testing"

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
