package content

import (
	"encoding/json"

	"casebook/generator/region"
)

// JSONSchema returns the JSON Schema (draft 2020-12) of a case study's front
// matter for a site with the given tag vocabulary, for editors' YAML
// tooling. It is built from the same vocabularies and limits as the
// validator. The schema cannot state the rules that span fields or files
// (two sectors among the partners, period.end ≥ period.start, outcome
// sources that resolve, one sector per organisation); `casebook check`
// reports those.
func JSONSchema(tags []string) []byte {
	str := func(desc string, max int) map[string]any {
		return map[string]any{"$ref": "#/$defs/text", "maxLength": max, "description": desc}
	}
	list := func(desc string, min int, items any) map[string]any {
		s := map[string]any{"type": "array", "description": desc, "items": items}
		if min > 0 {
			s["minItems"] = min
		}
		return s
	}
	enum := func(desc string, values []string) map[string]any {
		return map[string]any{"type": "string", "enum": values, "description": desc}
	}
	year := func(desc string) map[string]any {
		return map[string]any{"type": "integer", "minimum": 1800, "maximum": 2200, "description": desc}
	}
	object := func(desc string, required []string, props map[string]any) map[string]any {
		s := map[string]any{"type": "object", "additionalProperties": false, "properties": props, "description": desc}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	date := map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}-\d{2}$`, "format": "date"}
	url := map[string]any{"type": "string", "pattern": `^https?://[^\s/]+`, "description": "an http or https address"}
	number := map[string]any{"type": "number"}

	schema := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://casebook.invalid/schema/case-study.json",
		"title":       "casebook case study",
		"description": "The front matter of a cross-sector partnership case study (content/case-studies/*.md).",
		"$defs": map[string]any{
			"text": map[string]any{"type": "string", "minLength": 1, "pattern": `\S`,
				"not": map[string]any{"pattern": `^\s*` + Placeholder}},
			"partner": object("an organisation in the partnership", []string{"name", "sector"}, map[string]any{
				"name":   str("the organisation's name; its page is /partners/<slug of name>/", 200),
				"sector": enum("one sector per organisation across the site", Sectors()),
				"role":   map[string]any{"type": "string", "description": `what it brought: "funder and technology partner"`},
				"url":    url,
			}),
			"outcome": object("an equity outcome: what changed, for whom", []string{"outcome", "group"}, map[string]any{
				"outcome":   str("what changed; inline Markdown allowed", 500),
				"group":     str(`who benefits: "teachers in under-resourced schools"`, 200),
				"indicator": map[string]any{"type": "string", "description": "what was measured"},
				"baseline":  number, "value": number, "target": number,
				"unit":   map[string]any{"type": "string", "description": `"teachers", "%", "households"; with %, numbers are 0–100`},
				"year":   year("the year of value, within the period"),
				"source": map[string]any{"type": "string", "description": "the id of an entry in sources"},
			}),
			"source": object("a citation", []string{"title"}, map[string]any{
				"id":        map[string]any{"type": "string", "description": "needed when an outcome cites it; unique in the file"},
				"title":     str("the title of the report, article or page", 300),
				"url":       url,
				"publisher": map[string]any{"type": "string"},
				"date":      map[string]any{"type": "string", "pattern": `^\d{4}(-\d{2}(-\d{2})?)?$`, "description": "YYYY, YYYY-MM or YYYY-MM-DD"},
				"lang":      map[string]any{"type": "string", "pattern": `^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`, "description": "the language of the title when it is not the site's, as a BCP 47 tag: es, fr, nl"},
			}),
		},
		"type":                 "object",
		"additionalProperties": false,
		"required":             required,
		"properties": map[string]any{
			"title":   str("1–120 characters, plain text", 120),
			"summary": str("1–300 characters, plain text; used on cards, in search results, descriptions and feeds", 300),
			"date":    withDesc(date, "publication date of the case study, YYYY-MM-DD"),
			"updated": withDesc(date, "date of the last substantial revision; not before date"),
			"draft":   map[string]any{"type": "boolean", "description": "drafts are built only with --drafts and in serve"},
			"slug":    map[string]any{"type": "string", "pattern": `^[a-z0-9]+(-[a-z0-9]+)*$`, "description": "the URL is /case-studies/<slug>/; default: the file or folder name"},
			"status":  enum("the state of the partnership", Statuses()),
			"period": object("when the partnership ran", []string{"start"}, map[string]any{
				"start": year("the year it started"), "end": year("the year it ended; not before start"),
			}),
			"partners": list("at least two partners from at least two different sectors", 2, map[string]any{"$ref": "#/$defs/partner"}),
			"tags":     withUnique(list("themes of the case study", 1, map[string]any{"enum": tags})),
			"sdgs":     withUnique(list("UN Sustainable Development Goals, 1–17", 0, map[string]any{"type": "integer", "minimum": 1, "maximum": 17})),
			"countries": withUnique(list("ISO 3166-1 alpha-2 codes; the UN M49 region is derived", 0,
				map[string]any{"enum": region.Codes()})),
			"community_engagement": enum("the level on the IAP2 spectrum of public participation", Engagements()),
			"goals":                list("what the partnership set out to achieve; inline Markdown allowed", 1, str("a goal", 500)),
			"equity_outcomes":      list("what changed, for whom", 1, map[string]any{"$ref": "#/$defs/outcome"}),
			"lessons": list("lessons learned: a sentence, or {lesson, category}", 1, map[string]any{"oneOf": []any{
				str("a lesson", 1000),
				object("a lesson with a category", []string{"lesson"}, map[string]any{
					"lesson":   str("the lesson", 1000),
					"category": enum("what the lesson is about", LessonCategories()),
				}),
			}}),
			"resources": object("what went into the partnership", nil, map[string]any{
				"funding": object("money committed", []string{"amount", "currency"}, map[string]any{
					"amount":   map[string]any{"type": "number", "minimum": 0},
					"currency": map[string]any{"type": "string", "pattern": `^[A-Z]{3}$`, "description": "ISO 4217 code: USD, EUR, KES"},
				}),
				"in_kind": map[string]any{"type": "string", "description": "staff time, premises, equipment"},
			}),
			"sources": list("citations for the facts in the case study", 0, map[string]any{"$ref": "#/$defs/source"}),
			"image": object("an illustration", []string{"src", "alt"}, map[string]any{
				"src": map[string]any{"type": "string", "description": "a path beside index.md in a <slug>/ folder, or under static/"},
				"alt": str("what the picture shows, for people who cannot see it", 250),
			}),
		},
	}
	b, err := json.MarshalIndent(schema, "", "  ")
	if err != nil {
		panic(err) // the schema is built from plain maps: it always encodes
	}
	return append(b, '\n')
}

func withDesc(m map[string]any, desc string) map[string]any {
	out := map[string]any{"description": desc}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func withUnique(m map[string]any) map[string]any {
	m["uniqueItems"] = true
	return m
}
