package node

import (
	"regexp"
	"strconv"
	"strings"

	"casebook/generator/diag"

	"go.yaml.in/yaml/v3"
)

// yamlLineRE reads the line number out of yaml/v3's syntax errors, which
// carry it only in their text ("yaml: line 3: mapping values are not allowed").
// This is the one place a position is read from a string: the library's boundary.
var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// ParseYAML parses a YAML document into its root node. An empty document
// yields a nil root and no error. A syntax error is returned as a diagnostic
// placed at the line where the parser stopped, shifted by lines.
func ParseYAML(file string, lines int, data []byte) (*yaml.Node, *diag.Diagnostic) {
	return ParseYAMLIn(nil, file, lines, data)
}

// ParseYAMLIn is ParseYAML, but the nodes may be made in s's memory: they
// are valid until s is given to ParseYAMLIn again (their strings stay
// valid). With a nil s, it is ParseYAML.
func ParseYAMLIn(s *Scratch, file string, lines int, data []byte) (*yaml.Node, *diag.Diagnostic) {
	if n, ok := fastYAML(data, s); ok {
		return n, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		pos := diag.Pos{File: file, Line: lines + 1}
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			if m[1] != "" {
				n, _ := strconv.Atoi(m[1])
				pos.Line = lines + n
			}
			msg = msg[len(m[0]):]
		}
		return nil, &diag.Diagnostic{Pos: pos, Msg: "YAML syntax error: " + msg, Hint: yamlHint(msg)}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

func yamlHint(msg string) string {
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		return `a value holding ": " must be quoted, e.g. title: "Water: a shared task"`
	case strings.Contains(msg, "tab character"):
		return "indent with spaces, not tabs"
	case strings.Contains(msg, "found character that cannot start any token"):
		return "YAML is indented with spaces, not tabs; values starting with @ or ` must be quoted"
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-'"):
		return "check the indentation of this line and the one above"
	case strings.Contains(msg, "found unknown escape character"):
		return `inside "double quotes" a backslash starts an escape; use 'single quotes' or write \\`
	}
	return ""
}
