package node

import (
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastYAML parses the YAML that front matter is nearly always written in,
// in a third of the time yaml.v3 takes (BenchmarkFrontMatter): block
// mappings with plain keys, block sequences, and on one line each, plain
// scalars, double-quoted strings without escapes and flow lists and maps
// of them. It gives the nodes
// yaml.v3 gives (kind, tag, style, value, line and column; FuzzFastYAML
// compares them) and reports false for anything else — comments after a
// value, block scalars, anchors, tags, escapes, numbers other than whole
// ones, a value left empty, odd indentation, errors — which yaml.v3 then
// parses, and reports.
//
// With a Scratch, the nodes are made in its memory (see ParseYAMLIn).
func fastYAML(data []byte, s *Scratch) (*yaml.Node, bool) {
	// Keys and values are slices of one copy of the block: a case study
	// then keeps its front matter as one object rather than thirty. At
	// 100,000 studies, copying each value, as yaml.v3 does, made 3 million
	// of the 9.5 million objects the collector marked again and again
	// during the render; the block is a third larger than its values.
	p := fastParser{src: string(data)}
	if s != nil {
		p.lines = s.lines[:0]
		defer func() { s.lines, s.stack = p.lines, p.stack[:0] }()
	}
	if !printable(p.src) || !p.split() || len(p.lines) == 0 || p.lines[0].indent != 0 {
		return nil, false
	}
	// The nodes and the lists of children are made in two blocks sized
	// from the lines: each node is someone's child but the root.
	if s != nil && cap(s.nodes) >= p.want && cap(s.kids) >= p.want {
		p.nodes, p.kids = s.nodes[:0], s.kids[:0]
	} else {
		p.nodes, p.kids = make([]yaml.Node, 0, p.want+p.want/4), make([]*yaml.Node, 0, p.want+p.want/4)
		if s != nil {
			s.nodes, s.kids = p.nodes, p.kids
		}
	}
	if s != nil {
		p.stack = s.stack[:0]
	}
	n, ok := p.mapping(0)
	if !ok || p.at < len(p.lines) {
		return nil, false
	}
	return n, true
}

// Scratch is memory that ParseYAMLIn parses documents in and uses again
// for the next: a build parses a hundred thousand front matters, and their
// nodes, made afresh, were a quarter of what it allocated. The nodes of a
// document parsed in a Scratch are valid until the next is; their strings
// are the document's own, and stay. Its zero value is ready; it is not
// safe for concurrent use.
type Scratch struct {
	lines []fastLine
	nodes []yaml.Node
	kids  []*yaml.Node
	stack []*yaml.Node
}

type fastLine struct {
	indent int
	text   string // after the indentation, trailing spaces trimmed
	line   int    // 1-based
}

type fastParser struct {
	src   string
	lines []fastLine
	at    int
	nodes []yaml.Node  // the block the next nodes are made in
	kids  []*yaml.Node // the block the next lists of children are made in
	stack []*yaml.Node // the children of the collections being parsed
	want  int          // how many nodes the lines make, about
}

// node returns a new node holding n. A front matter's nodes live and die
// together: they are made in blocks, an allocation for dozens of them
// rather than one each.
func (p *fastParser) node(n yaml.Node) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, max(8, p.want))
	}
	p.want--
	p.nodes = append(p.nodes, n)
	return &p.nodes[len(p.nodes)-1]
}

// children returns the children pushed on the stack since start, as a
// collection's Content (nil for none), and pops them.
func (p *fastParser) children(start int) []*yaml.Node {
	n := len(p.stack) - start
	if n == 0 {
		return nil
	}
	if len(p.kids)+n > cap(p.kids) {
		p.kids = make([]*yaml.Node, 0, max(16, n, p.want))
	}
	at := len(p.kids)
	p.kids = append(p.kids, p.stack[start:]...)
	p.stack = p.stack[:start]
	return p.kids[at : at+n : at+n]
}

// split cuts src into its lines that hold something other than a comment.
func (p *fastParser) split() bool {
	rest := p.src
	for n := 1; rest != ""; n++ {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		i := 0
		for i < len(l) && l[i] == ' ' {
			i++
		}
		text := strings.TrimRight(l[i:], " ")
		switch {
		case text == "" || text[0] == '#':
			continue
		case strings.ContainsAny(l, "\t\r") || strings.HasPrefix(text, "---") || strings.HasPrefix(text, "..."):
			return false
		}
		p.lines = append(p.lines, fastLine{indent: i, text: text, line: n})
		p.want += nodesIn(text)
	}
	return true
}

// nodesIn estimates how many nodes a line makes: a list item's mapping,
// a key, a value or the list or mapping under the key, and a flow list's
// items.
func nodesIn(text string) int {
	n := 1
	if strings.HasPrefix(text, "- ") {
		n++
	}
	if strings.Contains(text, ":") {
		n++
	}
	if strings.Contains(text, "[") {
		n += 1 + strings.Count(text, ",")
	}
	return n
}

// mapping parses the keys at indent from the current line on.
func (p *fastParser) mapping(indent int) (*yaml.Node, bool) {
	first := p.lines[p.at]
	m := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: first.line, Column: indent + 1})
	seen := map[string]bool{}
	start := len(p.stack)
	for p.at < len(p.lines) {
		l := p.lines[p.at]
		if l.indent < indent {
			break
		}
		if l.indent > indent || l.text[0] == '-' {
			return nil, false
		}
		key, value, ok := strings.Cut(l.text, ":")
		if !ok || !plainKey(key) || seen[key] || value != "" && value[0] != ' ' {
			return nil, false
		}
		seen[key] = true
		k := p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: l.line, Column: indent + 1})
		p.at++
		var v *yaml.Node
		if value = strings.TrimLeft(value, " "); value != "" {
			if v, ok = p.inline(value, l.line, indent+1+len(l.text)-len(value)); !ok {
				return nil, false
			}
		} else {
			if p.at == len(p.lines) {
				return nil, false // an empty value: null
			}
			next := p.lines[p.at]
			switch {
			case next.indent > indent && next.text[0] != '-':
				v, ok = p.mapping(next.indent)
			case next.indent >= indent && next.text[0] == '-':
				v, ok = p.sequence(next.indent)
			default:
				return nil, false
			}
			if !ok {
				return nil, false
			}
		}
		p.stack = append(p.stack, k, v)
	}
	m.Content = p.children(start)
	return m, true
}

// sequence parses the "- " items at indent from the current line on.
func (p *fastParser) sequence(indent int) (*yaml.Node, bool) {
	first := p.lines[p.at]
	s := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: first.line, Column: indent + 1})
	start := len(p.stack)
	for p.at < len(p.lines) {
		l := &p.lines[p.at]
		if l.indent < indent || l.indent == indent && l.text[0] != '-' {
			break
		}
		if l.indent > indent || len(l.text) < 3 || l.text[1] != ' ' || l.text[2] == ' ' {
			return nil, false
		}
		item := l.text[2:]
		if key, _, ok := strings.Cut(item, ":"); ok && plainKey(key) {
			// "- name: x": a mapping whose keys are two columns in.
			l.indent, l.text = indent+2, item
			m, ok := p.mapping(indent + 2)
			if !ok {
				return nil, false
			}
			p.stack = append(p.stack, m)
			continue
		}
		v, ok := p.inline(item, l.line, indent+3)
		if !ok || v.Kind != yaml.ScalarNode {
			return nil, false
		}
		p.stack = append(p.stack, v)
		p.at++
	}
	s.Content = p.children(start)
	return s, true
}

// inline parses a value written on one line, starting at column col.
func (p *fastParser) inline(s string, line, col int) (*yaml.Node, bool) {
	switch s[0] {
	case '[':
		items, ok := flowItems(s, ']', col)
		if !ok {
			return nil, false
		}
		seq := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: col})
		start := len(p.stack)
		for _, it := range items {
			v, ok := p.scalar(it.text, line, it.col, true)
			if !ok {
				return nil, false
			}
			p.stack = append(p.stack, v)
		}
		seq.Content = p.children(start)
		return seq, true
	case '{':
		return p.flowMapping(s, line, col)
	}
	return p.scalar(s, line, col, false)
}

// flowMapping parses {key: value, ...} with plain keys and scalar values.
func (p *fastParser) flowMapping(s string, line, col int) (*yaml.Node, bool) {
	items, ok := flowItems(s, '}', col)
	if !ok {
		return nil, false
	}
	m := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Line: line, Column: col})
	seen := map[string]bool{}
	start := len(p.stack)
	for _, it := range items {
		key, rest, ok := strings.Cut(it.text, ": ")
		value := strings.TrimLeft(rest, " ")
		if !ok || !plainKey(key) || seen[key] || value == "" {
			return nil, false
		}
		seen[key] = true
		k := p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: line, Column: it.col})
		v, ok := p.scalar(value, line, it.col+len(it.text)-len(value), true)
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, k, v)
	}
	m.Content = p.children(start)
	return m, true
}

// flowItem is an entry of a one-line flow list or map: its text, without
// the spaces around it, and the column it starts at.
type flowItem struct {
	text string
	col  int
}

// flowItems splits a flow collection written at column col, s[0] being
// its opening bracket, into its entries; false for an unclosed, empty or
// nested collection or an empty entry.
func flowItems(s string, closing byte, col int) ([]flowItem, bool) {
	if len(s) < 2 || s[len(s)-1] != closing {
		return nil, false
	}
	inner := s[1 : len(s)-1]
	if strings.ContainsAny(inner, "[]{}") || strings.TrimSpace(inner) == "" {
		return nil, false
	}
	var items []flowItem
	at := col + 1
	for _, item := range strings.Split(inner, ",") {
		text := strings.TrimLeft(item, " ")
		lead := len(item) - len(text)
		if text = strings.TrimRight(text, " "); text == "" {
			return nil, false
		}
		items = append(items, flowItem{text, at + lead})
		at += len(item) + 1
	}
	return items, true
}

// scalar parses a double-quoted string without escapes or a plain scalar
// whose tag is certain: a word or sentence, a whole number, a date, a
// boolean or null.
func (p *fastParser) scalar(s string, line, col int, flow bool) (*yaml.Node, bool) {
	n := p.node(yaml.Node{Kind: yaml.ScalarNode, Line: line, Column: col})
	if s[0] == '"' {
		if len(s) < 2 || s[len(s)-1] != '"' || strings.ContainsAny(s[1:len(s)-1], `"\`) {
			return nil, false
		}
		n.Tag, n.Style, n.Value = "!!str", yaml.DoubleQuotedStyle, s[1:len(s)-1]
		return n, true
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || s[len(s)-1] == ':' {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		// In a flow collection yaml.v3 ends a plain scalar at ',' and '?'
		// (and may at ':'): such an entry is left to it.
		if c := s[i]; c < ' ' || c == 0x7f || flow && (c == ',' || c == '?' || c == ':') {
			return nil, false
		}
	}
	n.Value = s
	switch c := s[0]; {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		switch s {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			n.Tag = "!!bool"
		case "null", "Null", "NULL":
			n.Tag = "!!null"
		default:
			n.Tag = "!!str"
		}
		return n, true
	case c >= '0' && c <= '9':
		if wholeNumber(s) {
			n.Tag = "!!int"
			return n, true
		}
		if len(s) == 10 && s[4] == '-' && s[7] == '-' && wholeNumber(s[:4]) && digits(s[5:7]) && digits(s[8:]) {
			if _, err := time.Parse(time.DateOnly, s); err == nil {
				n.Tag = "!!timestamp"
				return n, true
			}
		}
	}
	return nil, false
}

// printable reports whether s is UTF-8 of characters YAML allows, none
// of them a line break other than \n.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r == '\n', r >= 0x20 && r <= 0x7e:
		case r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff, r >= 0xd800 && r < 0xe000, r == 0xfffe, r == 0xffff:
			return false
		}
	}
	return true
}

// plainKey reports whether a key is written plainly and is read as text.
// yaml.v3 takes a plain key of at most 1024 bytes (its simple-key limit);
// a longer one is left to it, to refuse.
func plainKey(k string) bool {
	if k == "" || len(k) > 1024 || !(k[0] >= 'a' && k[0] <= 'z' || k[0] >= 'A' && k[0] <= 'Z' || k[0] == '_') {
		return false
	}
	for i := 1; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	switch k {
	case "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL":
		return false
	}
	return true
}

// wholeNumber reports whether s is a whole number without a sign, a
// leading zero or more digits than an int64 surely holds.
func wholeNumber(s string) bool {
	return s != "" && len(s) <= 18 && digits(s) && (s[0] != '0' || len(s) == 1)
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
