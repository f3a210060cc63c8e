package search

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// TestLayoutsAgree runs the same queries in Chromium on two indexes of one
// portal: one whose facets are a column each over every document and whose
// lists have no heads, and one with value sets over several ranges and heads
// on the long lists, where a word with filters finds its first results. The
// results, totals and counts must be the same, and the first results drawn
// early must begin the final page (a head may have fewer than a page).
func TestLayoutsAgree(t *testing.T) {
	docs, facets := synth(3000, 200)
	// the same sizes for both, so that only ranges, sets and heads differ
	plain := Defaults()
	plain.BundleBytes, plain.BlockSize, plain.ShardBytes, plain.TypoBytes, plain.PackBytes = 0, 10, 8<<10, 8<<10, 32<<10
	sets := plain
	plain.HeadSize, plain.FacetRange = 0, len(docs)
	sets.HeadSize, sets.FacetRange = 16, 400
	type outcome struct {
		Docs   []string
		Total  *int
		Counts [][]int
		Early  *struct {
			Docs  []string
			Total *int
		}
	}
	type query struct {
		q    string
		sel  map[string][]string
		page int
	}
	mid := func(f Facet) string { return f.Values[len(f.Values)/2].Key }
	var queries []query
	for i := range facets {
		for j := i + 1; j < len(facets); j++ {
			sel := map[string][]string{facets[i].Param: {mid(facets[i])}, facets[j].Param: {mid(facets[j])}}
			queries = append(queries, query{"water", sel, 0}, query{"the", sel, 0})
		}
		queries = append(queries, query{"", map[string][]string{facets[i].Param: {mid(facets[i])}}, 0})
	}
	two := map[string][]string{facets[0].Param: {facets[0].Values[0].Key, facets[0].Values[1].Key}}
	queries = append(queries, query{"the", two, 1}, query{"water", two, 2}, query{"", two, 1}, query{"water partnership", two, 0})

	// the files a common word with two filters asks for before its first result
	heavy := map[string][]string{facets[0].Param: {mid(facets[0])}, facets[1].Param: {mid(facets[1])}}
	run := func(opt Options) ([]outcome, *countingServer, []string) {
		files, err := Index(context.Background(), docs, facets, opt)
		if err != nil {
			t.Fatal(err)
		}
		srv := newCountingServer(t, files)
		ctx := openServer(t, srv)
		var out []outcome
		for _, q := range queries {
			args, _ := json.Marshal([]any{q.q, q.sel, q.page})
			v := evalJS[map[string]any](t, ctx, `(async ([q, sel, page]) => {
				const E = window.E ||= casebookSearch.engine("/search/"), M = await E.manifest();
				const s = M.f.map(f => (sel[f.p] || []).map(k => f.v.findIndex(v => v[0] == k)));
				const urls = async ds => (await E.cards(ds)).map(c => c[0]);
				let early = null;
				const r = await E.query(q, s, page, false, async r => { early ||= { docs: await urls(r.docs), total: r.total } });
				return { docs: await urls(r.docs), total: r.total, counts: r.counts, early };
			})(`+string(args)+`)`)
			raw, _ := json.Marshal(v)
			var o outcome
			if err := json.Unmarshal(raw, &o); err != nil {
				t.Fatal(err)
			}
			out = append(out, o)
		}
		replay(t, ctx, srv, "the", heavy, false)
		return out, srv, srv.firstFiles()
	}
	want, _, plainFiles := run(plain)
	got, srv, setsFiles := run(sets)
	// The first result reads the filters' value sets and the word's head
	// (one member of a postings file), not the facets' columns.
	kinds := func(files []string) map[byte]int {
		k := map[byte]int{}
		for _, f := range files {
			k[f[0]]++
		}
		return k
	}
	if k := kinds(setsFiles); k['v'] != 2 || k['f'] != 0 || k['p'] != 1 {
		t.Errorf("\"the\" with two filters, before the first result: %v; want two value sets, the head and no column", setsFiles)
	}
	if k := kinds(plainFiles); k['f'] == 0 {
		t.Errorf("\"the\" with two filters and one range, before the first result: %v; want the facets' columns", plainFiles)
	}
	fromHead, partial := 0, 0
	for i, q := range queries {
		name := fmt.Sprintf("%q %v page %d", q.q, q.sel, q.page)
		w, g := want[i], got[i]
		if len(w.Docs) == 0 {
			t.Errorf("%s: no results", name)
		}
		if !reflect.DeepEqual(w.Docs, g.Docs) || !reflect.DeepEqual(w.Total, g.Total) || !reflect.DeepEqual(w.Counts, g.Counts) {
			t.Errorf("%s: with value sets and heads %v (%v), counts %v; want %v (%v), counts %v", name, g.Docs, g.Total, g.Counts, w.Docs, w.Total, w.Counts)
		}
		if e := g.Early; e != nil && (len(e.Docs) == 0 || len(e.Docs) > len(g.Docs) || !reflect.DeepEqual(e.Docs, g.Docs[:len(e.Docs)])) {
			t.Errorf("%s: first results %v, then %v", name, e.Docs, g.Docs)
		}
		if e := g.Early; e != nil && e.Total == nil && q.q != "" && len(q.sel) > 0 {
			fromHead++
			if len(e.Docs) < len(g.Docs) {
				partial++
			}
		}
	}
	if fromHead == 0 || partial == 0 {
		t.Errorf("%d queries had their first results from a head, %d of them fewer than a page: want some of each", fromHead, partial)
	}
	if srv.ranges == 0 {
		t.Error("no Range request")
	}
	t.Logf("%d queries agree; %d drew their first results from a head, %d of them fewer than a page; \"the\" with two filters asks for %v, without value sets and heads %v", len(queries), fromHead, partial, setsFiles, plainFiles)
}
