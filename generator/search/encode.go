package search

import (
	"context"
	"encoding/binary"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// The file formats. Every file but the manifest is gzip-compressed by the
// build (hosts serve it as is: no server compression needed, and the wire
// size is the file size); inside, numbers are unsigned LEB128 varints.
//
// Dictionary shard (d<i>.bin):
//
//	varint textLen, text: the shard's keys, each followed by "\n", in UTF-16 order;
//	  a prefix entry's key is "<prefix>*" followed by " <completion>" for each of
//	  its completions, the most frequent first
//	then for each key, in order:
//	  word entry:   varint group<<1|seen; unless seen (the group's data came
//	                earlier in this shard): varint df, k=min(df,K) doc ids in
//	                rank order, k impact bytes, and when df > K, where the
//	                full postings are: varint pack, varint offset and varint
//	                length (bytes) of their gzip member in the pack file,
//	                varint offset of the list in the member, uncompressed;
//	                and when df is at least the manifest's hm (the least df
//	                of a list with a head), varint count, pack, offset and
//	                length of the list's head: a member of its own, the
//	                list's best postings (see headRule), as a list
//	  prefix entry: varint df (documents of its completions), k doc ids, k impacts
//	then the title table's part: varint entries, and for each, varint hash
//	  (the gap from the previous one), varint document: the hash is FNV-1a of
//	  a title's Phrase, for every title whose phrase falls in the shard's key
//	  range, in the order of the hashes
//
// An impact byte is titleBit | the BM25F value quantised to 1–127.
//
// Full postings (p<i>.bin): gzip members (not compressed again by the
// build), each of one or more lists, each n varints (first doc id, then the
// gaps) followed by n impact bytes, rounded to sixteen levels (see coarse).
// A list is its group's df postings, or, for a list with a head, those the
// head leaves out; the heads come after every list, in files of their own,
// a member each.
//
// Reversed words (r<i>.bin): varint textLen, text: keys (first letter, then the
// rest of the word reversed) each followed by "\n", in UTF-16 order; then
// varint df for each key.
//
// Facet combinations (s.bin): varint facets; for each facet, varint mode
// (how its columns are encoded), varint combos, and for each combination,
// varint count and the value numbers.
//
// Facet column (f<facet>-<range>.bin): the combination number of each
// document of the range (FacetRange documents), in the facet's mode:
//
//	0: one byte each when the facet has at most 256 combinations, else
//	   every low byte and then every high byte;
//	1: as 0, but each number is the difference from the previous document's
//	   (0 before the first), modulo the number of combinations: a facet the
//	   documents are sorted by, its combinations numbered in that order;
//	m ≥ 2: m documents a byte, the first in the lowest base-combos digit.
//
// Value set (v<facet>-<value>.bin), when the manifest's vs says so: the
// documents that have the value, a facet column of every document in mode 8
// with two combinations, 0 (without) and 1 (with).
//
// Cards (c<i>.bin): JSON, an array of [url, title, summary, date, partners,
// facet values (one array a facet)] for BlockSize documents.

// appendEntry encodes a word entry's postings data.
func (e *encoder) appendWord(b []byte, g uint32) []byte {
	df := int(e.ix.df[g])
	b = binary.AppendUvarint(b, uint64(df))
	top := e.top(g)
	for _, p := range top {
		b = binary.AppendUvarint(b, uint64(e.ix.doc(p)))
	}
	for _, p := range top {
		b = append(b, e.ix.imp(p))
	}
	if df > e.opt.TopK {
		loc := e.packOf[g]
		m := e.members[loc.member]
		b = binary.AppendUvarint(b, uint64(m.pack))
		b = binary.AppendUvarint(b, uint64(m.off))
		b = binary.AppendUvarint(b, uint64(m.len))
		b = binary.AppendUvarint(b, uint64(loc.at))
		if h, ok := e.headOf[g]; ok {
			b = binary.AppendUvarint(b, uint64(e.headDF[g]))
			b = binary.AppendUvarint(b, uint64(e.members[h].pack))
			b = binary.AppendUvarint(b, uint64(e.members[h].off))
			b = binary.AppendUvarint(b, uint64(e.members[h].len))
		}
	}
	return b
}

// top returns the positions of group g's best postings, best first: by
// score, then newest. The lists are chosen once, by tops.
func (e *encoder) top(g uint32) []uint32 { return e.best[g] }

// tops chooses every group's best postings, in parallel.
func (e *encoder) tops(ctx context.Context) error {
	e.best = make([][]uint32, len(e.ix.df))
	better := func(a, b uint32) int {
		sa, sb := score(e.ix.imp(a)), score(e.ix.imp(b))
		if sa != sb {
			if sa > sb {
				return -1
			}
			return 1
		}
		return int(e.ix.dateRank[e.ix.doc(a)]) - int(e.ix.dateRank[e.ix.doc(b)])
	}
	k := e.opt.TopK
	return forChunks(ctx, len(e.best), 1024, func(_, lo, hi int) error {
		for gr := lo; gr < hi; gr++ {
			// Keep the k best in order; most postings do not beat the k-th.
			best := make([]uint32, 0, k+1)
			for p := e.ix.start[gr]; p < e.ix.start[gr+1]; p++ {
				if len(best) == k && better(p, best[k-1]) >= 0 {
					continue
				}
				i, _ := slices.BinarySearchFunc(best, p, better)
				best = slices.Insert(best, i, p)
				if len(best) > k {
					best = best[:k]
				}
			}
			e.best[gr] = best
		}
		return nil
	})
}

// appendPostings encodes group g's full postings: with a head, those the
// head leaves out (see appendHead); with head false, the head's.
func (e *encoder) appendPostings(b []byte, g uint32, head bool) []byte {
	lo, hi := e.ix.start[g], e.ix.start[g+1]
	in := e.headRule(g)
	prev := uint32(0)
	for p := lo; p < hi; p++ {
		if in[e.ix.imp(p)] == head {
			d := e.ix.doc(p)
			b = binary.AppendUvarint(b, uint64(d-prev))
			prev = d
		}
	}
	for _, p := range e.ix.post[lo:hi] {
		if imp := uint8(p); in[imp] == head {
			b = append(b, coarse(imp))
		}
	}
	return b
}

// hasHead says whether group g's full postings have a head: the postings
// that score best, about HeadSize of them, in a gzip member of their own, so
// that one word with filters reads a few KB for its first results instead of
// a list of tens of thousands. The list holds the others: the script puts
// the two together when it needs them all.
func (e *encoder) hasHead(g uint32) bool {
	return e.opt.HeadSize > 0 && int(e.ix.df[g]) >= e.headMin()
}

// headMin is the least document frequency of a list with a head (in the
// manifest, hm), 0 when lists have none.
func (e *encoder) headMin() int {
	if e.opt.HeadSize <= 0 {
		return 0
	}
	return max(8*e.opt.HeadSize, e.opt.TopK+1)
}

// headRule says which of group g's postings (by impact) are in its head:
// those whose score (the coarse impact, times the title boost) is at least
// the HeadSize-th best's, or above it when that score is shared by more
// than twice HeadSize postings and at least K score more, or by every
// posting (a head may then be empty: never the whole list). Every posting
// left out scores less than every one in, so that the best of the head's
// that pass a query's filters are its first results. Without a head, none
// are.
// The rules are made once, by headRules.
func (e *encoder) headRule(g uint32) *[256]bool {
	if in := e.heads[g]; in != nil {
		return in
	}
	return &noHead
}

// noHead is the rule of a list without a head.
var noHead [256]bool

// headRules makes the rule of every list with a head: the impacts whose
// postings are in it.
func (e *encoder) headRules() {
	e.heads = map[uint32]*[256]bool{}
	for g := range e.ix.df {
		if e.hasHead(uint32(g)) {
			e.heads[uint32(g)] = e.cut(uint32(g))
		}
	}
}

// cut makes group g's head rule (see headRule).
func (e *encoder) cut(g uint32) *[256]bool {
	lo, hi := e.ix.start[g], e.ix.start[g+1]
	// Coarse impacts take a few values: count the postings of each score.
	var count [256]int
	for _, p := range e.ix.post[lo:hi] {
		count[coarse(uint8(p))]++
	}
	per := map[float64]int{}
	for imp, n := range count {
		if n > 0 {
			per[score(uint8(imp))] += n
		}
	}
	scores := slices.Sorted(maps.Keys(per))
	slices.Reverse(scores)
	theta, above, with := 0.0, 0, 0
	for _, s := range scores {
		theta, above, with = s, with, with+per[s]
		if with >= e.opt.HeadSize {
			break
		}
	}
	strict := with > 2*e.opt.HeadSize && above >= e.opt.TopK || with == int(hi-lo)
	in := new([256]bool)
	for imp := range in {
		s := score(coarse(uint8(imp)))
		in[imp] = s > theta || s == theta && !strict
	}
	return in
}

// appendHead encodes group g's head as a list and records its length in
// headDF.
func (e *encoder) appendHead(b []byte, g uint32) []byte {
	in := e.headRule(g)
	e.headDF[g] = 0
	for _, p := range e.ix.post[e.ix.start[g]:e.ix.start[g+1]] {
		if in[uint8(p)] {
			e.headDF[g]++
		}
	}
	return e.appendPostings(b, g, true)
}

// postingsSize is the length of group g's full postings as appendPostings
// encodes them (without the head's, when the list has one).
func (e *encoder) postingsSize(g uint32) int {
	lo, hi := e.ix.start[g], e.ix.start[g+1]
	in := e.headRule(g)
	n, prev := 0, uint32(0)
	for p := lo; p < hi; p++ {
		if in[e.ix.imp(p)] {
			continue
		}
		d := e.ix.doc(p)
		for x := d - prev; x >= 0x80; x >>= 7 {
			n++
		}
		n += 2 // the last byte of the gap, and the impact
		prev = d
	}
	return n
}

// coarse rounds an impact of the full postings to a multiple of 8 (1 and 127
// at the ends): sixteen levels instead of 127 halve the bytes of the
// impacts, most of a long list's, and keep the order of the top postings,
// which the dictionary holds exactly.
func coarse(imp uint8) uint8 {
	v := max(1, min(127, (int(imp&0x7f)+4)/8*8))
	return uint8(v) | imp&titleBit
}

// typoKey is a word's key in the reversed-word list: its first letter, then
// the rest reversed; "" for a word that cannot be a typo's correction (shorter
// than four letters, or not all letters).
func typoKey(w string) string {
	if !hasTypoKey(w) {
		return ""
	}
	rs := []rune(w)
	slices.Reverse(rs[1:])
	return string(rs)
}

// hasTypoKey reports whether typoKey(w) is not "", without making it.
func hasTypoKey(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	return n >= 4
}

// prefixes returns the non-empty prefixes of w, shortest first, cut at rune
// boundaries.
func prefixes(w string) []string {
	var out []string
	for i := range w {
		if i > 0 {
			out = append(out, w[:i])
		}
	}
	return append(out, w)
}

// hasPrefixRange returns the range [lo, hi) of the sorted keys that start
// with p.
func hasPrefixRange(keys []string, p string) (int, int) {
	lo, _ := slices.BinarySearchFunc(keys, p, compareUTF16)
	// Keys with the prefix are contiguous from lo; after them, none has it.
	hi := lo + sort.Search(len(keys)-lo, func(i int) bool { return !strings.HasPrefix(keys[lo+i], p) })
	return lo, hi
}

// shardOf returns the shard a key is looked up in: the last whose first key
// is at most the key (the client does the same with the manifest's list).
func shardOf(first []string, key string) int {
	i, found := slices.BinarySearchFunc(first, key, compareUTF16)
	if found {
		return i
	}
	return max(0, i-1)
}
