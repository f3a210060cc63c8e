package render_test

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"casebook/generator"

	"github.com/piprate/json-gold/ld"
)

// sampleFiles is the repository's sample portal, built once.
var sampleFiles = sync.OnceValues(func() (map[string]string, error) {
	res, err := generator.Build(context.Background(), generator.Config{Site: os.DirFS("../.."), BaseURL: "https://cases.example.org/"})
	if err != nil {
		return nil, err
	}
	files := map[string]string{}
	for _, f := range res.Files {
		files[f.Path] = string(f.Data)
	}
	return files, nil
})

func sample(t *testing.T) map[string]string {
	t.Helper()
	files, err := sampleFiles()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

const schema = "http://schema.org/"

// schemaContext stands in for https://schema.org's JSON-LD context, which
// the tests may not fetch: like the real one, it maps every term into the
// schema.org vocabulary. The vocabulary below then says which terms exist.
var schemaContext = map[string]any{"@context": map[string]any{"@vocab": schema}}

// vocabulary is every schema.org type and property the pages may use, as
// listed on schema.org. A misspelt or invented term fails the test.
var vocabulary = strings.Fields(`Article WebSite SearchAction EntryPoint Project Organization DefinedTerm Country CreativeWork
	headline description url mainEntityOfPage datePublished dateModified inLanguage isPartOf about name member
	foundingDate dissolutionDate areaServed identifier termCode inDefinedTermSet sameAs keywords image citation
	publisher potentialAction target urlTemplate query-input`)

type loader struct{}

func (loader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	switch strings.TrimSuffix(u, "/") {
	case "https://schema.org", "http://schema.org":
		return &ld.RemoteDocument{DocumentURL: u, Document: schemaContext}, nil
	}
	return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, "the test loads no remote document: "+u)
}

var ldScript = regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`)

// expand finds the page's one JSON-LD script, parses it as JSON and expands
// it with a JSON-LD processor in safe mode, which fails on anything it
// would drop.
func expand(t *testing.T, page string) []any {
	t.Helper()
	m := ldScript.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("%d JSON-LD scripts, want 1", len(m))
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(m[0][1]), &doc); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v", err)
	}
	if doc["@context"] != "https://schema.org" {
		t.Errorf("@context = %v", doc["@context"])
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = loader{}
	opts.SafeMode = true
	out, err := ld.NewJsonLdProcessor().Expand(doc, opts)
	if err != nil {
		t.Fatalf("expanding: %v", err)
	}
	if len(out) != 1 {
		t.Fatalf("%d top nodes, want 1", len(out))
	}
	checkVocabulary(t, out)
	return out
}

// checkVocabulary walks an expanded document and reports every type or
// property outside the schema.org terms the theme is meant to use.
func checkVocabulary(t *testing.T, v any) {
	t.Helper()
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			checkVocabulary(t, x)
		}
	case map[string]any:
		for k, x := range v {
			if k == "@type" {
				for _, typ := range x.([]any) {
					if term, ok := strings.CutPrefix(typ.(string), schema); !ok || !slices.Contains(vocabulary, term) {
						t.Errorf("unknown type %v", typ)
					}
				}
				continue
			}
			if !strings.HasPrefix(k, "@") {
				if term, ok := strings.CutPrefix(k, schema); !ok || !slices.Contains(vocabulary, term) {
					t.Errorf("unknown property %s", k)
				}
			}
			checkVocabulary(t, x)
		}
	}
}

// node is an expanded node object.
type node map[string]any

func (n node) is(typ string) bool {
	types, _ := n["@type"].([]any)
	return slices.Contains(types, any(schema+typ))
}

// all returns the node objects of property p.
func (n node) all(p string) []node {
	var out []node
	vals, _ := n[schema+p].([]any)
	for _, v := range vals {
		if m, ok := v.(map[string]any); ok && m["@value"] == nil {
			out = append(out, m)
		}
	}
	return out
}

// value returns the first literal of property p.
func (n node) value(p string) any {
	vals, _ := n[schema+p].([]any)
	for _, v := range vals {
		if m, ok := v.(map[string]any); ok && m["@value"] != nil {
			return m["@value"]
		}
	}
	return nil
}

func TestCaseStudyJSONLD(t *testing.T) {
	files := sample(t)
	n := 0
	for p, page := range files {
		if !strings.HasPrefix(p, "case-studies/") || strings.Count(p, "/") != 2 || strings.HasPrefix(p, "case-studies/page/") || !strings.HasSuffix(p, "/index.html") {
			continue
		}
		n++
		t.Run(p, func(t *testing.T) {
			art := node(expand(t, page)[0].(map[string]any))
			if !art.is("Article") || art.value("headline") == nil || art.value("datePublished") == nil || art["@id"] == nil {
				t.Fatalf("not an Article with a headline, a date and an id: %v", art)
			}
			if site := art.all("isPartOf"); len(site) != 1 || !site[0].is("WebSite") {
				t.Errorf("isPartOf: %v", site)
			}
			var projects, goals []node
			for _, a := range art.all("about") {
				switch {
				case a.is("Project"):
					projects = append(projects, a)
				case a.is("DefinedTerm"):
					goals = append(goals, a)
				default:
					t.Errorf("about holds a %v", a["@type"])
				}
			}
			if len(projects) != 1 {
				t.Fatalf("%d projects, want 1", len(projects))
			}
			members := projects[0].all("member")
			if len(members) < 2 {
				t.Errorf("%d members, want at least 2", len(members))
			}
			for _, m := range members {
				if !m.is("Organization") || m.value("name") == nil {
					t.Errorf("member %v is not a named Organization", m)
				}
			}
			if len(goals) == 0 {
				t.Error("no SDG in about")
			}
			for _, g := range goals {
				if g.value("termCode") == nil || g.value("inDefinedTermSet") != "https://sdgs.un.org/goals" {
					t.Errorf("SDG term %v", g)
				}
			}
			if cites := art.all("citation"); len(cites) == 0 || !cites[0].is("CreativeWork") {
				t.Errorf("citations %v", cites)
			}
		})
	}
	if n < 12 {
		t.Errorf("checked %d case-study pages, want the sample's 12 or more", n)
	}
}

func TestHomeJSONLD(t *testing.T) {
	site := node(expand(t, sample(t)["index.html"])[0].(map[string]any))
	if !site.is("WebSite") || site.value("name") == nil || site.value("url") == nil {
		t.Fatalf("not a named WebSite: %v", site)
	}
	actions := site.all("potentialAction")
	if len(actions) != 1 || !actions[0].is("SearchAction") {
		t.Fatalf("potentialAction: %v", actions)
	}
	target := actions[0].all("target")
	if len(target) != 1 || !target[0].is("EntryPoint") {
		t.Fatalf("target: %v", target)
	}
	tmpl, _ := target[0].value("urlTemplate").(string)
	if !strings.HasPrefix(tmpl, "https://cases.example.org/search/?q=") || !strings.HasSuffix(tmpl, "{search_term_string}") {
		t.Errorf("urlTemplate %q", tmpl)
	}
	if actions[0].value("query-input") != "required name=search_term_string" {
		t.Errorf("query-input %v", actions[0].value("query-input"))
	}
}

func TestOnlyHomeAndCaseStudiesCarryJSONLD(t *testing.T) {
	for p, page := range sample(t) {
		if !strings.HasSuffix(p, ".html") || p == "index.html" || strings.HasPrefix(p, "case-studies/") {
			continue
		}
		if strings.Contains(page, "application/ld+json") {
			t.Errorf("%s carries JSON-LD", p)
		}
	}
}
