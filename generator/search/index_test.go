package search

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"casebook/generator/output"
)

// built is a decoded index, for tests.
type built struct {
	heads  int // entries whose head was checked
	m      manifest
	parts  map[string][]byte // uncompressed, by part name ("d0"); full postings files as they are (gzip members)
	files  []output.File
	shards [][]Entry
	titles [][]TitleEntry // each shard's part of the title table
}

func buildAndDecode(t testing.TB, docs []Doc, facets []Facet, opt Options) *built {
	t.Helper()
	files, err := Index(context.Background(), docs, facets, opt)
	if err != nil {
		t.Fatal(err)
	}
	b := &built{parts: map[string][]byte{}, files: files}
	for _, f := range files {
		if f.Path == ManifestPath {
			if err := json.Unmarshal(f.Data, &b.m); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		if f.Path == ManifestPath {
			continue
		}
		if !strings.HasPrefix(f.Path, "search/"+b.m.Hash+"/") || !strings.HasSuffix(f.Path, ".bin") {
			t.Fatalf("file %s is not under search/%s/", f.Path, b.m.Hash)
		}
		data, err := Gunzip(f.Data)
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		name := strings.TrimSuffix(f.Path[strings.LastIndexByte(f.Path, '/')+1:], ".bin")
		if name[0] == 'p' {
			data = f.Data
		}
		if name == "all" {
			ps, err := DecodeBundle(data)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range ps {
				b.parts[k] = v
			}
			continue
		}
		b.parts[name] = data
	}
	for i := range b.m.Shards {
		es, ts, err := DecodeShardTitles(b.parts["d"+itoa(i)], b.m.TopK, b.m.HeadMin)
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		b.shards = append(b.shards, es)
		b.titles = append(b.titles, ts)
	}
	return b
}

func itoa(i int) string { return strconv.Itoa(i) }

// full returns an entry's full postings.
func (b *built) full(t testing.TB, e Entry) []Posting {
	t.Helper()
	if e.Pack < 0 {
		ps := slices.Clone(e.Top)
		slices.SortFunc(ps, func(a, b Posting) int { return int(a.Doc) - int(b.Doc) })
		return ps
	}
	pack := b.parts["p"+itoa(e.Pack)]
	if e.Off+e.Len > len(pack) {
		t.Fatalf("%q: postings at %d+%d past the end of pack %d (%d bytes)", e.Key, e.Off, e.Len, e.Pack, len(pack))
	}
	// The member alone is a gzip stream: what a Range request fetches.
	m, err := Gunzip(pack[e.Off : e.Off+e.Len])
	if err != nil {
		t.Fatalf("%q: member at %d+%d of pack %d: %v", e.Key, e.Off, e.Len, e.Pack, err)
	}
	if e.At >= len(m) {
		t.Fatalf("%q: list at %d past the end of its member (%d bytes)", e.Key, e.At, len(m))
	}
	ps, _, err := DecodeList(m[e.At:], e.DF-e.HeadDF)
	if err != nil {
		t.Fatalf("%q: %v", e.Key, err)
	}
	// A list with a head holds the postings the head leaves out.
	if e.HeadDF > 0 {
		ps = append(ps, b.head(t, e)...)
		slices.SortFunc(ps, func(a, b Posting) int { return int(a.Doc) - int(b.Doc) })
		for i := 1; i < len(ps); i++ {
			if ps[i].Doc == ps[i-1].Doc {
				t.Fatalf("%q: document %d in the list and in its head", e.Key, ps[i].Doc)
			}
		}
	}
	return ps
}

// head returns the head of an entry's full postings.
func (b *built) head(t testing.TB, e Entry) []Posting {
	t.Helper()
	pack := b.parts["p"+itoa(e.HeadPack)]
	if e.HeadOff+e.HeadLen > len(pack) {
		t.Fatalf("%q: head at %d+%d past the end of pack %d", e.Key, e.HeadOff, e.HeadLen, e.HeadPack)
	}
	m, err := Gunzip(pack[e.HeadOff : e.HeadOff+e.HeadLen])
	if err != nil {
		t.Fatalf("%q: head member: %v", e.Key, err)
	}
	head, err := DecodePostings(m, e.HeadDF)
	if err != nil {
		t.Fatalf("%q: head: %v", e.Key, err)
	}
	return head
}

// checkHead checks the head of an entry whose full postings (list and head
// together, see full) are ps, when it has one: no posting left out scores
// as much as one in.
func (b *built) checkHead(t testing.TB, e Entry, ps []Posting) {
	t.Helper()
	if b.m.HeadMin == 0 || e.DF < b.m.HeadMin {
		if e.HeadDF != 0 {
			t.Errorf("%q: a head of %d for df %d", e.Key, e.HeadDF, e.DF)
		}
		return
	}
	if e.HeadDF < 0 || e.HeadDF >= e.DF {
		t.Fatalf("%q: head of %d postings for df %d", e.Key, e.HeadDF, e.DF)
	}
	head := b.head(t, e)
	least := math.Inf(1)
	for _, p := range head {
		least = min(least, score(p.Impact))
	}
	for _, p := range ps {
		if score(p.Impact) >= least && !slices.Contains(head, p) {
			t.Fatalf("%q: %v scores %v, not less than the head's least %v, and is left out", e.Key, p, score(p.Impact), least)
		}
	}
	b.heads++
}

// docOrder maps each document number of the index to the input document.
func (b *built) docOrder(t testing.TB, docs []Doc) []int {
	byURL := map[string]int{}
	for i, d := range docs {
		byURL[strings.TrimPrefix(d.URL, "/")] = i
	}
	var out []int
	for blk := 0; ; blk++ {
		data, ok := b.parts["c"+itoa(blk)]
		if !ok {
			break
		}
		var cards [][]json.RawMessage
		if err := json.Unmarshal(data, &cards); err != nil {
			t.Fatal(err)
		}
		for _, c := range cards {
			var u string
			json.Unmarshal(c[0], &u)
			out = append(out, byURL[u])
		}
	}
	if len(out) != len(docs) {
		t.Fatalf("%d cards for %d documents", len(out), len(docs))
	}
	return out
}

// TestRoundTrip builds an index, decodes every file and checks it against
// postings computed again, the slow way, from the documents.
func TestRoundTrip(t *testing.T) {
	docs, facets := synth(600, 60)
	docs[3].Title = "AT&T and Café Société: Ünïcode"
	docs[3].Text[FieldTitle] = docs[3].Title
	// A facet no document has and one every document has alike: columns of
	// a single combination.
	facets = append(facets, Facet{Param: "none", Values: values("x")}, Facet{Param: "all", Values: values("y")})
	for i := range docs {
		docs[i].Facets = append(docs[i].Facets, nil, []int{0})
	}
	facets[len(facets)-1].Values[0].Count = len(docs)
	for _, opt := range []Options{
		{TopK: 10, FacetRange: 250, HeadSize: 8, Completions: 4}, // separate files; layout picks sizes; heads, value sets
		{TopK: 4, BlockSize: 7, ShardBytes: 1 << 10, TypoBytes: 512, PackBytes: 2 << 10, FacetRange: 1000, Completions: 3},
		{TopK: 10, FacetRange: 50000, Completions: 4, BundleBytes: 64 << 20}, // one file
	} {
		b := buildAndDecode(t, docs, facets, opt)
		order := b.docOrder(t, docs)
		// Expected: group → documents, from the text.
		want := map[string]map[int]bool{}
		title := map[string]map[int]bool{}
		for id, orig := range order {
			d := docs[orig]
			for _, p := range d.Partners {
				if k := Phrase(Words(p)); k != "" {
					if want[k] == nil {
						want[k], title[k] = map[int]bool{}, map[int]bool{}
					}
					want[k][id], title[k][id] = true, true
				}
			}
			for f, text := range d.Text {
				for _, w := range Words(text) {
					for _, p := range append([]string{w}, Parts(w)...) {
						if len(p) > maxWord || p == "" {
							continue
						}
						k := stemKey(p)
						if want[k] == nil {
							want[k], title[k] = map[int]bool{}, map[int]bool{}
						}
						want[k][id] = true
						if f == FieldTitle || f == FieldPartners {
							title[k][id] = true
						}
					}
				}
			}
		}
		seen := map[string]bool{}
		for si, es := range b.shards {
			if len(es) > 0 && compareUTF16(es[0].Key, b.m.Shards[si]) < 0 {
				t.Errorf("shard %d starts with %q, before its first key %q", si, es[0].Key, b.m.Shards[si])
			}
			for _, e := range es {
				if e.Prefix {
					if shardOf(b.m.Shards, e.Key+"*") != si {
						t.Errorf("prefix entry %q in shard %d, where the script does not look", e.Key, si)
					}
					for _, c := range e.Completions {
						if !strings.HasPrefix(c, e.Key) {
							t.Errorf("prefix %q lists %q", e.Key, c)
						}
					}
					continue
				}
				if shardOf(b.m.Shards, e.Key) != si {
					t.Errorf("%q in shard %d, where the script does not look", e.Key, si)
				}
				if seen[e.Key] {
					t.Errorf("%q twice", e.Key)
				}
				seen[e.Key] = true
				k := stemKey(e.Key)
				ps := b.full(t, e)
				var got []int
				for _, p := range ps {
					got = append(got, int(p.Doc))
					if (p.Impact&titleBit != 0) != title[k][int(p.Doc)] {
						t.Errorf("%q in %d: title bit %v", e.Key, p.Doc, p.Impact&titleBit != 0)
					}
					if p.Impact&0x7f == 0 {
						t.Errorf("%q in %d: zero impact", e.Key, p.Doc)
					}
				}
				var exp []int
				for d := range want[k] {
					exp = append(exp, d)
				}
				slices.Sort(exp)
				if !slices.Equal(got, exp) || e.DF != len(exp) {
					t.Fatalf("%q (stem %q): df %d, documents %v, want %v", e.Key, k, e.DF, got, exp)
				}
				if len(e.Top) != min(e.DF, b.m.TopK) {
					t.Errorf("%q: %d top postings for df %d", e.Key, len(e.Top), e.DF)
				}
				for i, p := range e.Top {
					if i > 0 && score(p.Impact) > score(e.Top[i-1].Impact) {
						t.Errorf("%q: top postings out of order", e.Key)
					}
					j, ok := slices.BinarySearchFunc(ps, p.Doc, func(a Posting, d uint32) int { return int(a.Doc) - int(d) })
					if !ok || ps[j].Impact != p.Impact && (e.Pack < 0 || ps[j].Impact != coarse(p.Impact)) {
						t.Errorf("%q: top posting %v not in the full list", e.Key, p)
					}
				}
				b.checkHead(t, e, ps)
				// No posting outside the top list scores above its last.
				if len(e.Top) == b.m.TopK {
					// The full list's impacts are coarse (see coarse).
					last := score(coarse(e.Top[len(e.Top)-1].Impact))
					for _, p := range ps {
						if score(p.Impact) > last && !slices.ContainsFunc(e.Top, func(q Posting) bool { return q.Doc == p.Doc }) {
							t.Errorf("%q: %v beats the top list", e.Key, p)
						}
					}
				}
			}
		}
		for _, w := range []string{"at&t", "at", "cafe", "societe", "unicode"} {
			if !seen[w] {
				t.Errorf("%q not in the dictionary", w)
			}
		}
		// Reversed words: every word that can be a correction, once.
		var typos []string
		for i := range b.m.Typos {
			ws, dfs, err := DecodeTypos(b.parts["r"+itoa(i)])
			if err != nil {
				t.Fatal(err)
			}
			// The manifest's key: a prefix of the shard's first, after the
			// previous shard's last.
			if len(ws) == 0 || !strings.HasPrefix(typoKey(ws[0]), b.m.Typos[i]) || slices.Contains(dfs, 0) ||
				len(typos) > 0 && compareUTF16(typoKey(typos[len(typos)-1]), b.m.Typos[i]) >= 0 {
				t.Errorf("reversed-word shard %d: first %q, manifest %q", i, ws[0], b.m.Typos[i])
			}
			typos = append(typos, ws...)
		}
		var wantTypos []string
		for w := range seen {
			if typoKey(w) != "" {
				wantTypos = append(wantTypos, w)
			}
		}
		slices.Sort(typos)
		slices.Sort(wantTypos)
		if !slices.Equal(typos, wantTypos) {
			t.Errorf("reversed words: %d, want %d", len(typos), len(wantTypos))
		}
		// Facet columns give every document its values.
		all, err := DecodeCombos(b.parts["s"])
		if err != nil || len(all) != len(facets) {
			t.Fatalf("combinations of %d facets: %v", len(all), err)
		}
		for f := range facets {
			sets := all[f].Sets
			var got []int
			for r := 0; r*b.m.Range < len(docs); r++ {
				n := min(len(docs), (r+1)*b.m.Range) - r*b.m.Range
				col, err := DecodeColumn(b.parts["f"+itoa(f)+"-"+itoa(r)], n, len(sets), all[f].Mode)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, col...)
			}
			for id, orig := range order {
				if w := slices.Sorted(slices.Values(docs[orig].Facets[f])); !slices.Equal(sets[got[id]], w) && !(len(w) == 0 && len(sets[got[id]]) == 0) {
					t.Fatalf("facet %d of document %d: %v, want %v", f, id, sets[got[id]], w)
				}
			}
		}
		// Value sets, when the manifest says so: a facet value's documents.
		if b.m.Sets {
			for f, fc := range facets {
				for v := range fc.Values {
					set, err := DecodeColumn(b.parts["v"+itoa(f)+"-"+itoa(v)], len(docs), 2, packing(2))
					if err != nil {
						t.Fatalf("value set %d-%d: %v", f, v, err)
					}
					for id, orig := range order {
						if want := slices.Contains(docs[orig].Facets[f], v); (set[id] == 1) != want {
							t.Fatalf("value set %d-%d: document %d %v, want %v", f, v, id, set[id] == 1, want)
						}
					}
				}
			}
		} else if _, ok := b.parts["v0-0"]; ok {
			t.Errorf("value sets the manifest does not announce")
		}
		// The title table finds every document by its title.
		for id, orig := range order {
			p := Phrase(Words(docs[orig].Title))
			if p == "" {
				continue
			}
			if !slices.Contains(b.titles[shardOf(b.m.Shards, p)], TitleEntry{fnv32(p), uint32(id)}) {
				t.Fatalf("title %q of document %d not in the title table", docs[orig].Title, id)
			}
		}
		// Documents are in facet-sorted order.
		for id := 1; id < len(order); id++ {
			if cmpValues(docs[order[id-1]].Facets[0], docs[order[id]].Facets[0]) > 0 {
				t.Fatalf("documents %d and %d out of facet order", id-1, id)
			}
		}
		if opt.HeadSize > 0 && b.heads == 0 {
			t.Errorf("HeadSize %d: no list has a head", opt.HeadSize)
		}
	}
}

// TestHeadsOfEqualScores indexes documents that are all alike, so that
// every posting of a word scores the same: a head then holds none of them
// (all left out must score less than all in), never the whole list, and
// the lists still give every document.
func TestHeadsOfEqualScores(t *testing.T) {
	docs, facets := synth(300, 40)
	for i := range docs {
		docs[i].Title, docs[i].Summary, docs[i].Partners, docs[i].Text = docs[0].Title, docs[0].Summary, docs[0].Partners, docs[0].Text
	}
	b := buildAndDecode(t, docs, facets, Options{TopK: 10, HeadSize: 8, FacetRange: 100, Completions: 4})
	for _, es := range b.shards {
		for _, e := range es {
			if e.Prefix || e.DF < b.m.HeadMin {
				continue
			}
			if e.DF != len(docs) || e.HeadDF != 0 {
				t.Fatalf("%q: df %d, head %d; want %d and an empty head", e.Key, e.DF, e.HeadDF, len(docs))
			}
			ps := b.full(t, e)
			if len(ps) != e.DF {
				t.Fatalf("%q: %d postings in the list and its head, want %d", e.Key, len(ps), e.DF)
			}
			b.checkHead(t, e, ps)
		}
	}
	if b.heads == 0 {
		t.Fatal("no list has a head")
	}
}

func TestDeterministic(t *testing.T) {
	docs, facets := synth(300, 40)
	a, err := Index(context.Background(), docs, facets, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	rand.New(rand.NewSource(2)).Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	b, err := Index(context.Background(), docs, facets, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, b, a)
}

// sameFiles fails the test unless got has the files of want, byte for byte.
func sameFiles(t *testing.T, got, want []output.File) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("%s differs", want[i].Path)
		}
	}
}

// TestFileBudget checks one file per 8 documents at a few sizes.
func TestFileBudget(t *testing.T) {
	for _, n := range []int{15, 200, 3000} {
		docs, facets := synth(n, 300)
		files, err := Index(context.Background(), docs, facets, Defaults())
		if err != nil {
			t.Fatal(err)
		}
		if limit := max(2, n/8); len(files) > limit {
			t.Errorf("%d documents: %d files, over the budget of %d", n, len(files), limit)
		}
	}
}

func TestCompareUTF16(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	alphabet := []rune{'a', 'z', 'é', 'ſ', '\uE000', '\uFFFD', '😀', '𝔸', '東'}
	rnd := func() string {
		rs := make([]rune, r.Intn(4))
		for i := range rs {
			rs[i] = alphabet[r.Intn(len(alphabet))]
		}
		return string(rs)
	}
	ref := func(a, b string) int {
		ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
		return slices.Compare(ua, ub)
	}
	sign := func(x int) int { return min(1, max(-1, x)) }
	for range 20000 {
		a, b := rnd(), rnd()
		if got, want := sign(compareUTF16(a, b)), ref(a, b); got != want {
			t.Fatalf("compareUTF16(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}

func TestTypoKey(t *testing.T) {
	for in, want := range map[string]string{"water": "wreta", "abc": "", "ab12": "", "école": "éeloc", "straße": "seßart"} {
		if got := typoKey(in); got != want {
			t.Errorf("typoKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInlineText(t *testing.T) {
	for in, want := range map[string]string{
		"Equip *teachers*":                        "Equip *teachers*",
		"See [the report](https://example.org/x)": "See [the report",
		"[a](u) and [b](v) end":                   "[a and [b end",
		"broken [x](never closed":                 "broken [xnever closed",
	} {
		if got := inlineText(in); got != want {
			t.Errorf("inlineText(%q) = %q, want %q", in, got, want)
		}
	}
}
