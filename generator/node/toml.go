package node

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"casebook/generator/diag"

	"github.com/pelletier/go-toml/v2/unstable"
	"go.yaml.in/yaml/v3"
)

// FromTOML parses a TOML document into a yaml.Node tree with the position of
// every key and value, so that the same Decoder checks YAML and TOML. Lines
// are those of data (a Decoder adds its offset); columns count characters.
// Dotted keys and [tables] become nested mappings, [[arrays of tables]]
// become lists of mappings. A key defined twice is kept twice, for the
// Decoder to report as a duplicate.
func FromTOML(file string, lines int, data []byte) (root *yaml.Node, syntax *diag.Diagnostic) {
	t := tomlTree{data: data}
	t.p.Reset(data)
	root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	cur := root
	for t.p.NextExpression() {
		e := t.p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			t.keyValue(cur, e)
		case unstable.Table:
			cur = t.table(root, e, false)
		case unstable.ArrayTable:
			cur = t.table(root, e, true)
		}
	}
	if err := t.p.Error(); err != nil {
		d := &diag.Diagnostic{Pos: diag.Pos{File: file, Line: lines + 1, Col: 1}, Msg: "TOML syntax error: " + err.Error()}
		if pe, ok := err.(*unstable.ParserError); ok && len(pe.Highlight) > 0 {
			l, c := t.at(t.offset(pe.Highlight))
			d.Pos.Line, d.Pos.Col = lines+l, c
		}
		return nil, d
	}
	return root, nil
}

type tomlTree struct {
	p    unstable.Parser
	data []byte
}

// offset returns where b, a subslice of the document, starts in it.
func (t *tomlTree) offset(b []byte) int {
	if len(b) == 0 || len(t.data) == 0 {
		return 0
	}
	return int(t.p.Range(b).Offset)
}

// at returns the 1-based line and character column of a byte offset.
func (t *tomlTree) at(off int) (line, col int) {
	before := t.data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[start:])
}

// place sets the position of y from the TOML node n.
func (t *tomlTree) place(y *yaml.Node, n *unstable.Node) {
	off := int(n.Raw.Offset)
	if n.Raw.Length == 0 && len(n.Data) > 0 {
		off = t.offset(n.Data)
	}
	y.Line, y.Column = t.at(off)
	if n.Kind == unstable.String && off > 0 && n.Raw.Length == 0 {
		y.Column-- // Data excludes the opening quote
	}
}

func (t *tomlTree) keyValue(m *yaml.Node, e *unstable.Node) {
	keys := e.Key()
	var parts []*unstable.Node
	for keys.Next() {
		parts = append(parts, keys.Node())
	}
	for _, k := range parts[:len(parts)-1] {
		m = t.child(m, k, false)
	}
	last := parts[len(parts)-1]
	kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(last.Data)}
	t.place(kn, last)
	m.Content = append(m.Content, kn, t.value(e.Value()))
}

// child returns the mapping under key k of m, creating it; with array set it
// appends a new mapping to the list under k.
func (t *tomlTree) child(m *yaml.Node, k *unstable.Node, array bool) *yaml.Node {
	name := string(k.Data)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != name {
			continue
		}
		v := m.Content[i+1]
		switch {
		case array && v.Kind == yaml.SequenceNode:
			el := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: v.Line, Column: v.Column}
			t.place(el, k)
			v.Content = append(v.Content, el)
			return el
		case v.Kind == yaml.SequenceNode && len(v.Content) > 0:
			return v.Content[len(v.Content)-1]
		case v.Kind == yaml.MappingNode:
			return v
		}
	}
	kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}
	t.place(kn, k)
	v := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: kn.Line, Column: kn.Column}
	if array {
		el := v
		v = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: kn.Line, Column: kn.Column, Content: []*yaml.Node{el}}
		m.Content = append(m.Content, kn, v)
		return el
	}
	m.Content = append(m.Content, kn, v)
	return v
}

func (t *tomlTree) table(root *yaml.Node, e *unstable.Node, array bool) *yaml.Node {
	keys := e.Key()
	var parts []*unstable.Node
	for keys.Next() {
		parts = append(parts, keys.Node())
	}
	m := root
	for i, k := range parts {
		m = t.child(m, k, array && i == len(parts)-1)
	}
	return m
}

func (t *tomlTree) value(n *unstable.Node) *yaml.Node {
	y := &yaml.Node{Kind: yaml.ScalarNode}
	t.place(y, n)
	switch n.Kind {
	case unstable.String:
		y.Tag, y.Value = "!!str", string(n.Data)
	case unstable.Integer:
		y.Tag, y.Value = "!!int", strings.ReplaceAll(string(n.Data), "_", "")
	case unstable.Float:
		y.Tag, y.Value = "!!float", strings.ReplaceAll(string(n.Data), "_", "")
	case unstable.Bool:
		y.Tag, y.Value = "!!bool", string(n.Data)
	case unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime:
		y.Tag, y.Value = "!!timestamp", string(n.Data)
	case unstable.Array:
		y.Kind, y.Tag = yaml.SequenceNode, "!!seq"
		it := n.Children()
		for it.Next() {
			y.Content = append(y.Content, t.value(it.Node()))
		}
	case unstable.InlineTable:
		y.Kind, y.Tag = yaml.MappingNode, "!!map"
		it := n.Children()
		for it.Next() {
			t.keyValue(y, it.Node())
		}
	default:
		y.Tag, y.Value = "!!str", fmt.Sprint(string(n.Data))
	}
	return y
}
