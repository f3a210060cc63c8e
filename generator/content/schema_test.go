package content

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"casebook/generator/node"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/txtar"
)

// frontMatter parses a file's front matter into plain JSON values, as an
// editor's YAML tooling sees it.
func frontMatter(t *testing.T, src []byte) any {
	t.Helper()
	b, bad := Split("x.md", src)
	if bad != nil {
		t.Fatalf("split: %v", bad)
	}
	var root *yaml.Node
	if b.Format == TOML {
		root, bad = node.FromTOML("x.md", 0, b.Data)
	} else {
		root, bad = node.ParseYAML("x.md", 0, b.Data)
	}
	if bad != nil {
		t.Fatalf("parse: %v", bad)
	}
	return plain(root)
}

func plain(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = plain(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, plain(c))
		}
		return l
	}
	switch n.Tag {
	case "!!int":
		if v, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return json.Number(strconv.FormatInt(v, 10))
		}
	case "!!float":
		return json.Number(n.Value)
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}

func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema(CoreTags())))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("case-study.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("case-study.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// schemaRejects are the broken files of testdata/broken.txtar whose fault a
// JSON Schema can state; the others break rules across fields or files
// (two sectors, outcome years within the period, duplicate keys, ...).
var schemaRejects = []string{
	"unknown-key", "unknown-nested-key", "missing-required", "missing-nested", "empty-required", "wrong-type-list",
	"wrong-type-scalar", "wrong-type-number", "bad-date", "enum-status", "enum-sector", "enum-engagement", "enum-category",
	"unknown-tag", "sdgs", "countries", "period", "one-partner", "image", "image-alt-too-long", "slug", "title-too-long",
	"currency", "placeholder", "bad-urls", "toml",
}

func TestSchemaAgreesWithValidator(t *testing.T) {
	s := compile(t)
	accept := map[string][]byte{"valid": []byte(valid)}
	files, _ := filepath.Glob("../../content/case-studies/*.md")
	if len(files) < 12 {
		t.Fatalf("found %d sample case studies", len(files))
	}
	for _, f := range files {
		accept[f], _ = os.ReadFile(f)
	}
	for name, src := range accept {
		if _, diags := ParseCaseStudy(name, src, Options{Tags: CoreTags()}); diags.Errors() > 0 {
			t.Errorf("%s: the validator rejects it:\n%s", name, diags.Error())
		}
		if err := s.Validate(frontMatter(t, src)); err != nil {
			t.Errorf("%s: the schema rejects it: %v", name, err)
		}
	}
	a, err := txtar.ParseFile("testdata/broken.txtar")
	if err != nil {
		t.Fatal(err)
	}
	srcs := map[string][]byte{}
	for _, f := range a.Files {
		if name, ok := strings.CutSuffix(f.Name, ".md"); ok {
			srcs[name] = f.Data
		}
	}
	for _, name := range schemaRejects {
		src, ok := srcs[name]
		if !ok {
			t.Fatalf("no case %s in broken.txtar", name)
		}
		if _, diags := ParseCaseStudy(name, src, Options{Tags: CoreTags()}); diags.Errors() == 0 {
			t.Errorf("%s: the validator accepts it", name)
		}
		if err := s.Validate(frontMatter(t, src)); err == nil {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
}
