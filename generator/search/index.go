package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"strings"
	"unicode/utf16"
	"unsafe"

	"github.com/kljensen/snowball/english"
)

// BM25F's saturation; the field weights and b are in docs.go.
const k1 = 1.2

// titleBit marks an impact whose term is in the document's title or
// partner names; the low seven bits are the quantised BM25F score.
const titleBit = 0x80

// maxWord is the longest word indexed, in bytes; longer runs (hashes, long
// URLs) are not words anyone types.
const maxWord = 64

// index is the inverted index before encoding. Documents are numbered in
// facet-sorted order; surfaces (the normalised words as written) are sorted
// in UTF-16 order, which is how JavaScript compares strings; each surface
// belongs to a stem group, and postings are per group.
type index struct {
	docs     []Doc
	surfaces []string
	group    []uint32 // stem group of each surface
	df       []uint32 // documents of each group
	start    []uint32 // postings of group g: post[start[g]:start[g+1]]
	post     []uint32 // doc<<8 | impact, each group's in document order
	dateRank []uint32 // position of each document among all, newest first
}

// tokenizer turns documents into per-document term frequencies with a
// dictionary of its own; one runs per worker.
type tokenizer struct {
	words  []string
	seen   []int32 // for each term, its position in the current document's list, or -1
	keys   []slot  // for each term, its slot
	table  []slot  // open addressing by hash
	seed   maphash.Seed
	buf    []uint64 // the current document's list, reused
	packed []byte   // the current document's list packed, reused
	arena  []byte   // the block new words are kept in (see keep)
}

// slot is a term in the tokenizer's table: a word of up to 8 bytes is its
// own key, its bytes in a number; a longer one is keyed by its hash and
// compared in full.
type slot struct {
	key  uint64
	id   uint32 // term+1; 0 for an empty slot
	size uint32 // bytes
}

// id returns the term number of w, adding it when new. A table of its own,
// which compares most words as one number, is three times as fast as a map
// here, where it runs for every word of every document.
func (tz *tokenizer) id(w []byte) uint32 {
	// Grown at three quarters full rather than half: the table is read at
	// random for every word, and a smaller one misses the cache less
	// (BenchmarkTokenize: 5% faster).
	if len(tz.words)*4 >= len(tz.table)*3 {
		tz.grow()
	}
	var key, h uint64
	if len(w) <= 8 {
		for i, c := range w {
			key |= uint64(c) << (8 * i)
		}
		h = (key ^ uint64(len(w))<<59) * 0x9e3779b97f4a7c15
		h ^= h >> 29
	} else {
		h = maphash.Bytes(tz.seed, w)
		key = h
	}
	mask := uint64(len(tz.table) - 1)
	for i := h >> 7 & mask; ; i = (i + 1) & mask {
		sl := &tz.table[i]
		if sl.id == 0 {
			id := uint32(len(tz.words))
			*sl = slot{key: key, id: id + 1, size: uint32(len(w))}
			tz.words = append(tz.words, tz.keep(w))
			tz.keys = append(tz.keys, *sl)
			tz.seen = append(tz.seen, -1)
			return id
		}
		if sl.key == key && sl.size == uint32(len(w)) && (len(w) <= 8 || tz.words[sl.id-1] == string(w)) {
			return sl.id - 1
		}
	}
}

// keep returns w as a string in the tokenizer's arena: its words are
// slices of a few large blocks rather than as many small objects, which the
// collector marked through the build (66,000 fewer allocations in
// BenchmarkIndex's 10,000 documents).
func (tz *tokenizer) keep(w []byte) string {
	if len(w) == 0 {
		return ""
	}
	if len(tz.arena)+len(w) > cap(tz.arena) {
		tz.arena = make([]byte, 0, max(64<<10, len(w)))
	}
	at := len(tz.arena)
	tz.arena = append(tz.arena, w...)
	return unsafe.String(&tz.arena[at], len(w))
}

func (tz *tokenizer) grow() {
	if tz.table == nil {
		tz.seed = maphash.MakeSeed()
	}
	tz.table = make([]slot, max(1<<12, 2*len(tz.table)))
	mask := uint64(len(tz.table) - 1)
	for _, sl := range tz.keys {
		h := sl.key
		if sl.size <= 8 {
			h = (h ^ uint64(sl.size)<<59) * 0x9e3779b97f4a7c15
			h ^= h >> 29
		}
		i := h >> 7 & mask
		for tz.table[i].id != 0 {
			i = (i + 1) & mask
		}
		tz.table[i] = sl
	}
}

// doc returns a document's term frequencies, four bits a field under the
// term number (term<<24 | tf), packed (packTF), and its field lengths.
func (tz *tokenizer) doc(d *Doc) ([]byte, [NumFields]uint16) {
	posts := tz.buf[:0]
	var lens [NumFields]uint16
	add := func(w []byte, f int) {
		id := tz.id(w)
		i := tz.seen[id]
		if i < 0 {
			i = int32(len(posts))
			tz.seen[id] = i
			posts = append(posts, uint64(id)<<24)
		}
		shift := uint(4 * f)
		if (posts[i]>>shift)&15 < 15 {
			posts[i] += 1 << shift
		}
		if lens[f] < math.MaxUint16 {
			lens[f]++
		}
	}
	// Each partner's name is a term too (see Phrase), so that searching for
	// an organisation finds its case studies first; titles have their own
	// table (see encoder.titles).
	for _, name := range d.Partners {
		if p := Phrase(Words(name)); p != "" {
			add([]byte(p), FieldPartners)
			lens[FieldPartners]--
		}
	}
	for f, text := range d.Text {
		eachWord(text, func(w []byte) {
			if len(w) > maxWord {
				return
			}
			add(w, f)
			if slices.Contains(w, '&') {
				start := 0
				for i := 0; i <= len(w); i++ {
					if i == len(w) || w[i] == '&' {
						add(w[start:i], f)
						start = i + 1
					}
				}
			}
		})
	}
	for _, p := range posts {
		tz.seen[p>>24] = -1
	}
	tz.buf = posts
	// Packed in a reused buffer, then copied at size: appended to from
	// nothing, each document's bytes were made four or five times over.
	tz.packed = packTF(tz.packed[:0], posts)
	return bytes.Clone(tz.packed), lens
}

// Between the passes of the index build, a document's postings are held
// packed in bytes, a third of the memory of []uint64. packTF packs term
// frequencies (term<<24 | tf, see tokenizer.doc) as two varints a posting:
// the term and tf rotated so that the body field's count comes first, as a
// count in the body alone, the common case, then takes one byte.
func packTF(dst []byte, posts []uint64) []byte {
	const k, mask = 4 * FieldBody, 1<<24 - 1
	for _, p := range posts {
		tf := p & mask
		dst = binary.AppendUvarint(dst, p>>24)
		dst = binary.AppendUvarint(dst, tf>>k|tf<<(24-k)&mask)
	}
	return dst
}

// unpackTF appends what packTF packed to dst.
func unpackTF(dst []uint64, b []byte) []uint64 {
	const k, mask = 4 * FieldBody, 1<<24 - 1
	for len(b) > 0 {
		term, n := binary.Uvarint(b)
		rot, m := binary.Uvarint(b[n:])
		b = b[n+m:]
		dst = append(dst, term<<24|rot>>(24-k)|rot<<k&mask)
	}
	return dst
}

// packImpacts packs group impacts (group<<8 | impact): the group as a
// varint, then the impact's byte.
func packImpacts(dst []byte, posts []uint64) []byte {
	for _, p := range posts {
		dst = append(binary.AppendUvarint(dst, p>>8), byte(p))
	}
	return dst
}

// eachImpact calls f with each group and impact packImpacts packed.
func eachImpact(b []byte, f func(group uint32, imp uint8)) {
	for len(b) > 0 {
		g, n := binary.Uvarint(b)
		f(uint32(g), b[n])
		b = b[n+1:]
	}
}

// buildIndex groups the surfaces of tokenised documents by stem and
// computes each posting's impact. posts[d] and lens[d] are what tzOf[d].doc
// returned for document d; tzs are all the tokenizers.
func buildIndex(ctx context.Context, docs []Doc, posts [][]byte, lens [][NumFields]uint16, tzOf, tzs []*tokenizer) (*index, error) {
	n := len(docs)
	if n >= 1<<24 {
		return nil, fmt.Errorf("search: %d documents, more than the index numbers (%d)", n, 1<<24-1)
	}
	workers := runtime.GOMAXPROCS(0)
	chunk := max(64, (n+workers*4-1)/(workers*4))
	dateRank := make(chan []uint32, 1)
	go func() { dateRank <- rankByDate(docs) }()

	// One dictionary of surfaces, sorted; stem groups numbered in the order
	// of their first surface, so that a group's postings sit near its words.
	global := map[string]uint32{}
	var surfaces []string
	for _, tz := range tzs {
		for _, w := range tz.words {
			if _, ok := global[w]; !ok {
				global[w] = 0
				surfaces = append(surfaces, w)
			}
		}
	}
	slices.SortFunc(surfaces, compareUTF16)
	for i, w := range surfaces {
		global[w] = uint32(i)
	}
	ix := &index{docs: docs, surfaces: surfaces, group: make([]uint32, len(surfaces))}
	stems := map[string]uint32{}
	for i, w := range surfaces {
		key := stemKey(w)
		id, ok := stems[key]
		if !ok {
			id = uint32(len(stems))
			stems[key] = id
		}
		ix.group[i] = id
	}
	groups := len(stems)

	var avg [NumFields]float64
	for _, l := range lens {
		for f := range l {
			avg[f] += float64(l[f])
		}
	}
	for f := range avg {
		avg[f] = max(1, avg[f]/float64(max(1, n)))
	}

	// Each tokenizer's words, by its number, → stem group.
	locals := map[*tokenizer][]uint32{}
	for _, tz := range tzs {
		local := make([]uint32, len(tz.words))
		for i, w := range tz.words {
			local[i] = ix.group[global[w]]
		}
		locals[tz] = local
	}
	// Each document's postings become group<<8 | impact, packed over its
	// frequencies, and each chunk of documents counts its postings by
	// group; then each chunk places its postings, in document order,
	// after those of the chunks before it (a counting sort, in parallel).
	chunks := (n + chunk - 1) / chunk
	counts := make([][]uint32, chunks)
	err := forChunks(ctx, n, chunk, func(k, lo, hi int) error {
		acc := &accumulator{slot: make([]int32, groups)}
		for i := range acc.slot {
			acc.slot[i] = -1
		}
		cnt := make([]uint32, groups)
		var buf []uint64
		for i := lo; i < hi; i++ {
			buf = acc.impacts(unpackTF(buf[:0], posts[i]), locals[tzOf[i]], &lens[i], &avg)
			for _, p := range buf {
				cnt[p>>8]++
			}
			// The impacts take less room than the frequencies: packed
			// over them, in place.
			posts[i] = packImpacts(posts[i][:0], buf)
		}
		counts[k] = cnt
		return nil
	})
	if err != nil {
		return nil, err
	}
	ix.df = make([]uint32, groups)
	ix.start = make([]uint32, groups+1)
	for gr := range groups {
		// counts[k][gr] becomes where chunk k's postings of gr go.
		at := ix.start[gr]
		for _, cnt := range counts {
			c := cnt[gr]
			cnt[gr] = at
			at += c
		}
		ix.df[gr] = at - ix.start[gr]
		ix.start[gr+1] = at
	}
	total := ix.start[groups]
	// One array rather than one of documents and one of impacts: the
	// postings are placed at random, and each costs one cache miss
	// instead of two.
	ix.post = make([]uint32, total)
	err = forChunks(ctx, n, chunk, func(k, lo, hi int) error {
		next := counts[k]
		for d := lo; d < hi; d++ {
			eachImpact(posts[d], func(gr uint32, imp uint8) {
				ix.post[next[gr]] = uint32(d)<<8 | uint32(imp)
				next[gr]++
			})
			posts[d] = nil
		}
		counts[k] = nil
		return nil
	})
	if err != nil {
		return nil, err
	}

	ix.dateRank = <-dateRank
	return ix, nil
}

// rankByDate returns the place of each document among all, newest first
// (ties in document order).
func rankByDate(docs []Doc) []uint32 {
	// The dates in an array of their own: sorting through the documents
	// read one at random a comparison (0.2 s at 100,000).
	type dated struct {
		date string
		doc  int
	}
	byDate := make([]dated, len(docs))
	for i := range docs {
		byDate[i] = dated{docs[i].Date, i}
	}
	slices.SortFunc(byDate, func(a, b dated) int {
		if a.date != b.date {
			return strings.Compare(b.date, a.date)
		}
		return a.doc - b.doc
	})
	rank := make([]uint32, len(docs))
	for r, d := range byDate {
		rank[d.doc] = uint32(r)
	}
	return rank
}

// accumulator sums a document's term frequencies by stem group; one runs
// per worker.
type accumulator struct {
	slot []int32 // for each group, its place in tf, or -1
	tf   []groupTF
}

type groupTF struct {
	group uint32
	tf    [NumFields]uint16
}

// impacts turns one document's surface frequencies into group impacts,
// group<<8 | impact, in the order of the groups' first surfaces.
func (a *accumulator) impacts(posts []uint64, local []uint32, lens *[NumFields]uint16, avg *[NumFields]float64) []uint64 {
	a.tf = a.tf[:0]
	for _, p := range posts {
		g := local[p>>24]
		i := a.slot[g]
		if i < 0 {
			i = int32(len(a.tf))
			a.slot[g] = i
			a.tf = append(a.tf, groupTF{group: g})
		}
		for f := range NumFields {
			a.tf[i].tf[f] += uint16(p>>(4*f)) & 15
		}
	}
	out := posts[:0]
	for _, t := range a.tf {
		a.slot[t.group] = -1
		var x float64
		for f, tf := range t.tf {
			if tf > 0 {
				x += Weights[f] * float64(tf) / (1 - fieldB[f] + fieldB[f]*float64(lens[f])/avg[f])
			}
		}
		imp := uint64(max(1, math.Round(127*x/(k1+x))))
		if t.tf[FieldTitle] > 0 || t.tf[FieldPartners] > 0 {
			imp |= titleBit
		}
		out = append(out, uint64(t.group)<<8|imp)
	}
	return out
}

// Phrase is the term of a name (an organisation, a title): its first six
// words joined by "_", when there are at least two and the term is at most
// maxWord bytes; "" otherwise. The script looks a query's phrase up the same
// way.
func Phrase(words []string) string {
	if len(words) < 2 {
		return ""
	}
	p := strings.Join(words[:min(6, len(words))], "_")
	if len(p) > maxWord {
		return ""
	}
	return p
}

// stemKey is the stem group of a surface: its Snowball English stem for a
// word of ASCII letters, the surface itself otherwise (numbers, joined
// words, other scripts).
func stemKey(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	return english.Stem(w, true)
}

// compareUTF16 orders strings as JavaScript does, by UTF-16 code units.
func compareUTF16(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if a[i] < 0xee && b[i] < 0xee || a[i] < 0x80 || b[i] < 0x80 {
				if a[i] < b[i] {
					return -1
				}
				return 1
			}
			return compareRunes(a[i:], b[i:])
		}
	}
	return len(a) - len(b)
}

// compareRunes compares by UTF-16 code units from the first differing byte,
// where the two strings' runes may need surrogate pairs.
func compareRunes(a, b string) int {
	ua := utf16.Encode([]rune(a))
	ub := utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			if ua[i] < ub[i] {
				return -1
			}
			return 1
		}
	}
	return len(ua) - len(ub)
}

// score is the score a posting contributes to a one-term query before the
// term's idf, and the order of a dictionary entry's top postings: the
// quantised BM25F value, boosted when the term is in the title.
func score(imp uint8) float64 {
	s := float64(imp & 0x7f)
	if imp&titleBit != 0 {
		s *= titleBoost
	}
	return s
}

// titleBoost multiplies the score of a document whose title or partner
// names hold every term of the query.
const titleBoost = 1.5

// fnv32 is FNV-1a, the hash of a title's phrase in the title table.
func fnv32(s string) uint32 {
	h := uint32(0x811c9dc5)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 0x01000193
	}
	return h
}

// doc returns the document of posting p.
func (ix *index) doc(p uint32) uint32 { return ix.post[p] >> 8 }

// imp returns the impact of posting p.
func (ix *index) imp(p uint32) uint8 { return uint8(ix.post[p]) }
