package content

import (
	"strings"
	"time"
)

// Scaffold returns a new case study with every field present and explained
// by a comment. Values the editor must supply are placeholders starting with
// Placeholder, which the validator refuses until they are replaced; the file
// is a draft until the editor removes that line.
func Scaffold(title, slug string, date time.Time) []byte {
	r := strings.NewReplacer(
		"{{slug}}", slug,
		"{{title}}", strings.ReplaceAll(strings.TrimSpace(title), `"`, `\"`),
		"{{date}}", date.Format(time.DateOnly),
		"{{year}}", date.Format("2006"),
	)
	return []byte(r.Replace(scaffold))
}

const scaffold = `---
# A cross-sector partnership case study. Replace every value that starts
# with TODO, then run: casebook check. The rules: casebook schema, or README.md.
title: "{{title}}"  # 1–120 characters, plain text
summary: "TODO: one or two sentences: who partnered, to do what, for whom"  # ≤ 300 characters; shown on cards, in search results and feeds
date: {{date}}  # publication date of this case study, YYYY-MM-DD
# slug: {{slug}}  # optional: the URL is /case-studies/<slug>/; by default the file name
# updated: {{date}}  # optional: date of the last substantial revision (not before date)
draft: true  # built only with --drafts and in serve; delete this line to publish
status: active  # planned, active, completed, paused or ended
period:
  start: "TODO: the year the partnership started, e.g. 2019"
  # end: {{year}}  # optional: the year it ended (not before start)
partners:  # at least two organisations, from at least two different sectors
  - name: "TODO: organisation name"
    sector: "TODO: business, government, civil-society, community, academia, philanthropy or multilateral"
    role: "TODO: what it brought, e.g. funding and technology"  # optional
    # url: https://example.org  # optional: its website, http or https
  - name: "TODO: organisation name"
    sector: "TODO: business, government, civil-society, community, academia, philanthropy or multilateral"
    role: "TODO: what it brought"
tags: [inclusion]  # at least one of: innovation, inclusion, ethics, human-rights (and the site's own tags)
sdgs: []  # optional: UN Sustainable Development Goals, numbers 1–17, e.g. [4, 10]
countries: []  # optional: ISO 3166-1 alpha-2 codes, e.g. [KE, US]; the UN region is derived
# community_engagement: involve  # optional: inform, consult, involve, collaborate or empower (IAP2 spectrum)
goals:  # at least one: what the partnership set out to achieve; inline Markdown allowed
  - "TODO: a goal"
equity_outcomes:  # at least one: what changed, for whom
  - outcome: "TODO: what changed"  # inline Markdown allowed
    group: "TODO: who benefits, e.g. teachers in under-resourced schools"
    # indicator: share of households with safe water  # optional: what was measured
    # baseline: 40  # optional: the value before the partnership
    # value: 85  # optional: the measured result
    # target: 90  # optional
    # unit: "%"  # optional; with %, numbers are 0–100
    # year: {{year}}  # optional: the year of value, within the period
    # source: report  # optional: the id of an entry in sources
lessons:  # at least one; a sentence, or {lesson: …, category: …}
  - "TODO: a lesson learned"
  # - lesson: Agree on shared indicators before the first year.
  #   category: measurement  # governance, trust, resources, measurement, community, equity, scaling, policy, communication or ethics
# resources:  # optional
#   funding: {amount: 1500000, currency: USD}  # ISO 4217 currency code
#   in_kind: staff time and office space
sources:  # recommended: citations for the facts above
  - title: "TODO: title of a report, article or web page"
    url: "TODO: its address, https://…"
    # publisher: Example Foundation
    # date: {{year}}  # YYYY, YYYY-MM or YYYY-MM-DD
    # lang: es  # the language of the title, when it is not the site's
    # id: report  # needed when an outcome cites it with source: report
# image:  # optional
#   src: photo.jpg  # beside index.md in a <slug>/ folder, or under static/
#   alt: "What the picture shows, for people who cannot see it"  # required with src, ≤ 250 characters
---

## Context

TODO: the problem, the place and the people, before the partnership.

## How the partnership works

## Community involvement

## Results

## Challenges

## What others can learn
`
