// Package node decodes positioned YAML nodes into typed values and reports
// every problem it meets as a diagnostic, with the exact line and column.
//
// YAML is parsed by go.yaml.in/yaml/v3 into a yaml.Node tree; TOML is parsed
// into the same kind of tree by FromTOML, so that one schema walker serves
// both. A Decoder adds a line offset (the lines of the file before the
// parsed block) so that positions are those of the file itself, not of the
// block. Per content-model.md a bad value is reported at the value, an
// unknown or duplicated key at the key, and a missing field at its parent key.
//
// Aliases are refused rather than expanded, so that a hostile document cannot
// blow up memory through them.
package node

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"casebook/generator/diag"

	"go.yaml.in/yaml/v3"
)

// Decoder walks nodes of one file and collects diagnostics. It is not safe
// for concurrent use; use one Decoder per file.
type Decoder struct {
	File  string // the file as written under the site folder
	Lines int    // lines of the file before the parsed block
	// Placeholder, when set, is a prefix that marks text left to fill in
	// ("TODO"): String refuses it.
	Placeholder string
	Diags       diag.List
}

// Pos returns the position of n in the file.
func (d *Decoder) Pos(n *yaml.Node) diag.Pos {
	if n == nil || n.Line == 0 {
		return diag.Pos{File: d.File}
	}
	return diag.Pos{File: d.File, Line: n.Line + d.Lines, Col: n.Column}
}

// Errorf reports an error about field at n, with an optional hint.
func (d *Decoder) Errorf(n *yaml.Node, field, hint, format string, args ...any) {
	d.Diags.Add(diag.Diagnostic{Pos: d.Pos(n), Field: field, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// Warnf reports a warning about field at n, with an optional hint.
func (d *Decoder) Warnf(n *yaml.Node, field, hint, format string, args ...any) {
	d.Diags.Add(diag.Diagnostic{Pos: d.Pos(n), Field: field, Msg: fmt.Sprintf(format, args...), Hint: hint, Severity: diag.Warning})
}

// Join returns the path of key inside field: Join("period", "start") is
// "period.start"; Join("", "title") is "title".
func Join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

// Index returns the path of the i-th (0-based) element of field: "partners[0]".
func Index(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

// Map is a decoded mapping: its keys in order, with their key and value nodes.
// The zero Map (from a node that was not a mapping) has no keys.
type Map struct {
	Node  *yaml.Node // the mapping node itself, nil when absent
	Key   *yaml.Node // the key naming the mapping in its parent, for "missing field" positions
	Field string
	// The keys, in document order. A mapping has a few dozen at most, so
	// a lookup reads them all: three maps a mapping were a twentieth of a
	// large build's allocations.
	order []string
	keys  []*yaml.Node
	vals  []*yaml.Node
	// covered are keys already reported another way: the known key an unknown
	// one was suggested as, or a key whose value was refused. Require does
	// not report them missing a second time.
	covered []string
}

// find returns the index of key in m.order, or -1.
func (m Map) find(key string) int {
	for i, k := range m.order {
		if k == key {
			return i
		}
	}
	return -1
}

// Has reports whether key is present (even with a null value).
func (m Map) Has(key string) bool { return m.find(key) >= 0 }

// Get returns the value of key, or nil when it is absent or null.
func (m Map) Get(key string) *yaml.Node {
	i := m.find(key)
	if i < 0 || IsNull(m.vals[i]) {
		return nil
	}
	return m.vals[i]
}

// KeyNode returns the key node of key, or nil.
func (m Map) KeyNode(key string) *yaml.Node {
	if i := m.find(key); i >= 0 {
		return m.keys[i]
	}
	return nil
}

// Keys returns the keys in document order.
func (m Map) Keys() []string { return m.order }

// IsNull reports whether n is an explicit or implicit null.
func IsNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// Map decodes n as a mapping whose keys must be among known. Unknown keys are
// reported at the key with a "did you mean" hint when a known key is close;
// duplicate keys are reported at the second occurrence. key is the node that
// names this mapping in its parent (nil for the root); it is where missing
// fields are reported.
func (d *Decoder) Map(n, key *yaml.Node, field string, known []string) Map {
	m := Map{Node: n, Key: key, Field: field}
	if n == nil || !d.kind(n, field, yaml.MappingNode) {
		return m
	}
	pairs := len(n.Content) / 2
	m.order, m.keys, m.vals = make([]string, 0, pairs), make([]*yaml.Node, 0, pairs), make([]*yaml.Node, 0, pairs)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !d.noAlias(k, field) || !d.noAlias(v, Join(field, k.Value)) {
			m.covered = append(m.covered, k.Value)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.Errorf(k, field, "", "keys must be plain names, found %s", describe(k))
			continue
		}
		name := k.Value
		if known != nil && !contains(known, name) {
			hint, best := suggest(name, known)
			if hint != "" {
				m.covered = append(m.covered, best)
				hint = fmt.Sprintf("did you mean the key %q?", best)
			}
			d.Errorf(k, Join(field, name), hint, "unknown key %q", name)
			continue
		}
		if j := m.find(name); j >= 0 {
			first := m.keys[j]
			d.Diags.Add(diag.Diagnostic{Pos: d.Pos(k), Field: Join(field, name), Msg: "duplicate key", Also: []diag.Pos{d.Pos(first)},
				Hint: "keep one of the two; the first is at " + d.Pos(first).String()})
			continue
		}
		m.order, m.keys, m.vals = append(m.order, name), append(m.keys, k), append(m.vals, v)
	}
	return m
}

// Require reports each of names that is absent or null in m, at the key that
// names the mapping (or at the mapping itself for the root).
func (d *Decoder) Require(m Map, names ...string) {
	if m.Node == nil {
		return
	}
	at := d.Pos(m.Key)
	if m.Key == nil {
		// The root has no key: point at the line that opens the block.
		at = diag.Pos{File: d.File, Line: max(d.Lines, 1), Col: 1}
	}
	for _, name := range names {
		i := m.find(name)
		switch {
		case i < 0 && slices.Contains(m.covered, name):
		case i < 0:
			d.Diags.Add(diag.Diagnostic{Pos: at, Field: Join(m.Field, name), Msg: "required field is missing"})
		case IsNull(m.vals[i]):
			d.Errorf(m.keys[i], Join(m.Field, name), "", "required field is empty")
		}
	}
}

// Seq decodes n as a list and returns its elements. A single scalar where a
// list is expected is reported with a hint to write it as a list.
func (d *Decoder) Seq(n *yaml.Node, field string) []*yaml.Node {
	if n == nil || !d.noAlias(n, field) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		hint := ""
		if n.Kind == yaml.ScalarNode {
			hint = fmt.Sprintf("write a list: [%s]", n.Value)
		}
		d.Errorf(n, field, hint, "expected a list, found %s", describe(n))
		return nil
	}
	for _, e := range n.Content {
		d.noAlias(e, field)
	}
	return n.Content
}

// String decodes a scalar as text. Numbers and booleans are taken as written,
// since `title: 2024` is meant as text.
func (d *Decoder) String(n *yaml.Node, field string) (string, bool) {
	if n == nil || !d.kind(n, field, yaml.ScalarNode) {
		return "", false
	}
	return n.Value, true
}

// Int decodes a whole number.
func (d *Decoder) Int(n *yaml.Node, field string) (int, bool) {
	if n == nil || !d.kind(n, field, yaml.ScalarNode) {
		return 0, false
	}
	if n.Tag == "!!int" {
		if v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil && v >= math.MinInt32 && v <= math.MaxInt32 {
			return int(v), true
		}
		d.Errorf(n, field, "", "number %s is out of range", n.Value)
		return 0, false
	}
	d.Errorf(n, field, "", "expected a whole number, found %s", describe(n))
	return 0, false
}

// Float decodes a number.
func (d *Decoder) Float(n *yaml.Node, field string) (float64, bool) {
	if n == nil || !d.kind(n, field, yaml.ScalarNode) {
		return 0, false
	}
	if n.Tag == "!!int" || n.Tag == "!!float" {
		v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if n.Tag == "!!int" {
			var i int64
			i, err = strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
			v = float64(i)
		}
		if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return v, true
		}
	}
	d.Errorf(n, field, "", "expected a number, found %s", describe(n))
	return 0, false
}

// Bool decodes true or false.
func (d *Decoder) Bool(n *yaml.Node, field string) (bool, bool) {
	if n == nil || !d.kind(n, field, yaml.ScalarNode) {
		return false, false
	}
	if n.Tag == "!!bool" {
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", true
	}
	d.Errorf(n, field, "write true or false", "expected true or false, found %s", describe(n))
	return false, false
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Date decodes a calendar date written YYYY-MM-DD.
func (d *Decoder) Date(n *yaml.Node, field string) (time.Time, bool) {
	if n == nil || !d.kind(n, field, yaml.ScalarNode) {
		return time.Time{}, false
	}
	v := n.Value
	if dateRE.MatchString(v) {
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return t, true
		}
		d.Errorf(n, field, "", "%s is not a date of the calendar", v)
		return time.Time{}, false
	}
	d.Errorf(n, field, "write the date as YYYY-MM-DD, e.g. 2024-03-18", "expected a date, found %s", describe(n))
	return time.Time{}, false
}

// Enum decodes text that must be one of allowed; what: "sector", "status".
func (d *Decoder) Enum(n *yaml.Node, field string, allowed []string) (string, bool) {
	v, ok := d.String(n, field)
	if !ok {
		return "", false
	}
	if contains(allowed, v) {
		return v, true
	}
	hint := Suggest(v, allowed, "")
	if hint == "" {
		hint = "allowed: " + strings.Join(allowed, ", ")
	} else {
		hint += " (allowed: " + strings.Join(allowed, ", ") + ")"
	}
	d.Errorf(n, field, hint, "%q is not allowed", v)
	return "", false
}

func (d *Decoder) kind(n *yaml.Node, field string, want yaml.Kind) bool {
	if !d.noAlias(n, field) {
		return false
	}
	if n.Kind == yaml.ScalarNode && d.Placeholder != "" && strings.HasPrefix(strings.TrimSpace(n.Value), d.Placeholder) {
		d.Errorf(n, field, "replace it with "+strings.TrimLeft(strings.TrimPrefix(strings.TrimSpace(n.Value), d.Placeholder), ": "), "placeholder not filled in")
		return false
	}
	if n.Kind == want {
		return true
	}
	d.Errorf(n, field, "", "expected %s, found %s", kindName(want), describe(n))
	return false
}

func (d *Decoder) noAlias(n *yaml.Node, field string) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		d.Errorf(n, field, "write the value out instead of referring to it", "YAML anchors and aliases are not supported")
		return false
	}
	return true
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "a map of keys"
	case yaml.SequenceNode:
		return "a list"
	}
	return "a single value"
}

// describe names what a node holds, for "expected X, found Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map of keys"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!int", "!!float":
		return "the number " + v
	case "!!bool":
		return "the boolean " + v
	case "!!timestamp":
		return "the date " + v
	}
	return fmt.Sprintf("the text %q", v)
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
