package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"

	"casebook/generator/output"
)

// shardKeys splits the sorted surfaces, with the title table's phrases
// among them, into shards of about target bytes and returns the first key
// of each. A shard starts at a title phrase only where the key before it is
// another (a key is in one shard).
func (e *encoder) shardKeys(target int) []string {
	var first []string
	size := target + 1
	// seen[g] is shard()'s value when a surface of group g was last placed.
	seen := make([]int32, len(e.ix.df))
	shard := func() int32 { return int32(len(first)) + 1 }
	t, prev := 0, ""
	start := func(k string, est int) {
		if size+est > target {
			first = append(first, separator(prev, k, first == nil))
			size = 0
		}
		size += est
	}
	for i, w := range e.ix.surfaces {
		for ; t < len(e.titleKeys) && compareUTF16(e.titleKeys[t], w) < 0; t++ {
			if k := e.titleKeys[t]; k != prev || first == nil {
				start(k, titleBytes)
			} else {
				size += titleBytes
			}
			prev = e.titleKeys[t]
		}
		g := e.ix.group[i]
		est := len(w) + 3
		if seen[g] != shard() {
			df := int(e.ix.df[g])
			est += 3 + min(df, e.opt.TopK)*4
			if df > e.opt.TopK {
				est += 7
			}
		}
		start(w, est)
		seen[g] = shard()
		prev = w
	}
	for ; t < len(e.titleKeys); t++ {
		if k := e.titleKeys[t]; k != prev || first == nil {
			start(k, titleBytes)
		} else {
			size += titleBytes
		}
		prev = e.titleKeys[t]
	}
	if first == nil {
		first = []string{""}
	}
	return first
}

// separator returns the shortest prefix of k (cut at a rune boundary)
// after prev, which comes before k: the first key of a shard starting at k,
// shorter in the manifest than k and as good for finding a shard (there is
// no key between prev and k). The first shard's is "".
func separator(prev, k string, first bool) string {
	if first {
		return ""
	}
	for i := range k {
		if i > 0 && compareUTF16(k[:i], prev) > 0 {
			return k[:i]
		}
	}
	return k
}

// titleBytes is about the size of an entry of the title table.
const titleBytes = 6

// titlePhrases sets each document's title phrase (titlePhrase) and returns
// the phrases sorted, without the empty ones (see shardKeys).
func (e *encoder) titlePhrases() []string {
	e.titlePhrase = make([]string, len(e.ix.docs))
	var ks []string
	for i, d := range e.ix.docs {
		if p := Phrase(Words(d.Title)); p != "" {
			e.titlePhrase[i] = p
			ks = append(ks, p)
		}
	}
	slices.SortFunc(ks, compareUTF16)
	return ks
}

// prefixEntry is a prefix whose words span more than one shard.
type prefixEntry struct {
	key         string
	completions []string
	df          int
	docs        []uint32
	imps        []uint8
}

// dictionary encodes the shards, with their prefix entries.
func (e *encoder) dictionary(ctx context.Context, first []string) ([]output.File, error) {
	keys := e.ix.surfaces
	virtual := make([][]prefixEntry, len(first))
	done := map[string]bool{}
	for _, f := range first[1:] {
		for _, p := range prefixes(f) {
			if done[p] {
				continue
			}
			done[p] = true
			lo, hi := hasPrefixRange(keys, p)
			s := shardOf(first, p+"*")
			if hi-lo > 0 && (shardOf(first, keys[lo]) != s || shardOf(first, keys[hi-1]) != s) {
				virtual[s] = append(virtual[s], e.prefixEntry(p, lo, hi))
			}
		}
	}
	// The title table: each title's phrase hash, in the shard of the phrase.
	titles := make([][]TitleEntry, len(first))
	for i, p := range e.titlePhrase {
		if p != "" {
			s := shardOf(first, p)
			titles[s] = append(titles[s], TitleEntry{fnv32(p), uint32(i)})
		}
	}
	files := make([]output.File, len(first))
	err := forChunks(ctx, len(first), 1, func(si, _, _ int) error {
		lo, _ := slices.BinarySearchFunc(keys, first[si], compareUTF16)
		hi := len(keys)
		if si+1 < len(first) {
			hi, _ = slices.BinarySearchFunc(keys, first[si+1], compareUTF16)
		}
		files[si] = output.File{Path: fmt.Sprintf("d%d.bin", si), Data: e.shard(keys[lo:hi], lo, virtual[si], titles[si])}
		return nil
	})
	return files, err
}

// shard encodes the words keys (the surfaces from index lo), the prefix
// entries and the title entries of one shard.
func (e *encoder) shard(keys []string, lo int, virtual []prefixEntry, titles []TitleEntry) []byte {
	type item struct {
		key  string
		word int // surface index, or -1
		pre  *prefixEntry
	}
	items := make([]item, 0, len(keys)+len(virtual))
	for i, k := range keys {
		items = append(items, item{key: k, word: lo + i})
	}
	for i := range virtual {
		items = append(items, item{key: virtual[i].key + "*", word: -1, pre: &virtual[i]})
	}
	slices.SortStableFunc(items, func(a, b item) int { return compareUTF16(a.key, b.key) })
	var text strings.Builder
	for _, it := range items {
		text.WriteString(it.key)
		if it.pre != nil {
			for _, c := range it.pre.completions {
				text.WriteString(" " + c)
			}
		}
		text.WriteByte('\n')
	}
	b := binary.AppendUvarint(nil, uint64(text.Len()))
	b = append(b, text.String()...)
	seen := map[uint32]bool{}
	for _, it := range items {
		if it.pre != nil {
			b = binary.AppendUvarint(b, uint64(it.pre.df))
			for _, d := range it.pre.docs {
				b = binary.AppendUvarint(b, uint64(d))
			}
			b = append(b, it.pre.imps...)
			continue
		}
		g := e.ix.group[it.word]
		if seen[g] {
			b = binary.AppendUvarint(b, uint64(g)<<1|1)
			continue
		}
		seen[g] = true
		b = binary.AppendUvarint(b, uint64(g)<<1)
		b = e.appendWord(b, g)
	}
	slices.SortFunc(titles, func(a, b TitleEntry) int {
		if a.Hash != b.Hash {
			if a.Hash < b.Hash {
				return -1
			}
			return 1
		}
		return int(a.Doc) - int(b.Doc)
	})
	b = binary.AppendUvarint(b, uint64(len(titles)))
	prev := uint32(0)
	for _, t := range titles {
		b = binary.AppendUvarint(b, uint64(t.Hash-prev))
		b = binary.AppendUvarint(b, uint64(t.Doc))
		prev = t.Hash
	}
	return b
}

// prefixEntry gathers the most frequent completions of prefix p (the keys
// lo to hi), their best postings merged (a document's best impact among
// them) and how many documents they have.
func (e *encoder) prefixEntry(p string, lo, hi int) prefixEntry {
	type comp struct {
		word string
		g    uint32
	}
	var comps []comp
	seen := map[uint32]bool{}
	for i := lo; i < hi; i++ {
		if g := e.ix.group[i]; !seen[g] {
			seen[g] = true
			comps = append(comps, comp{e.ix.surfaces[i], g})
		}
	}
	slices.SortStableFunc(comps, func(a, b comp) int { return int(e.ix.df[b.g]) - int(e.ix.df[a.g]) })
	comps = comps[:min(len(comps), e.opt.Completions)]
	pe := prefixEntry{key: p}
	// Merged as the script weighs completions: the most frequent weigh most.
	top := float64(e.ix.df[comps[0].g])
	best := map[uint32]float64{}
	flag := map[uint32]bool{}
	// The documents of the completions, counted once each: marked with a
	// stamp of this entry's own.
	if e.mark == nil {
		e.mark = make([]uint32, len(e.ix.docs))
	}
	e.stamp++
	for _, c := range comps {
		pe.completions = append(pe.completions, c.word)
		wt := math.Sqrt(float64(e.ix.df[c.g]) / top)
		for _, pos := range e.top(c.g) {
			d, imp := e.ix.doc(pos), e.ix.imp(pos)
			if s := wt * score(imp); s > best[d] {
				best[d], flag[d] = s, imp&titleBit != 0
			}
		}
		for _, p := range e.ix.post[e.ix.start[c.g]:e.ix.start[c.g+1]] {
			d := p >> 8
			if e.mark[d] != e.stamp {
				e.mark[d] = e.stamp
				pe.df++
			}
		}
	}
	var ds []uint32
	for d := range best {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b uint32) int {
		if best[a] != best[b] {
			if best[a] > best[b] {
				return -1
			}
			return 1
		}
		return int(e.ix.dateRank[a]) - int(e.ix.dateRank[b])
	})
	ds = ds[:min(len(ds), e.opt.TopK, pe.df)]
	for _, d := range ds {
		s := best[d]
		if flag[d] {
			s /= titleBoost
		}
		imp := uint8(max(1, math.Round(127*s/best[ds[0]])))
		if flag[d] {
			imp |= titleBit
		}
		pe.docs = append(pe.docs, d)
		pe.imps = append(pe.imps, imp)
	}
	return pe
}

// typos encodes the reversed-word shards and returns them with their first
// keys.
func (e *encoder) typos() ([]output.File, []string) {
	type rw struct {
		key string
		df  uint32
	}
	var words []rw
	for i, w := range e.ix.surfaces {
		if k := typoKey(w); k != "" {
			words = append(words, rw{k, e.ix.df[e.ix.group[i]]})
		}
	}
	slices.SortFunc(words, func(a, b rw) int { return compareUTF16(a.key, b.key) })
	var files []output.File
	var first []string
	for lo := 0; lo < len(words); {
		hi, size := lo, 0
		for hi < len(words) && (hi == lo || size+len(words[hi].key)+3 <= e.opt.TypoBytes) {
			size += len(words[hi].key) + 3
			hi++
		}
		var text strings.Builder
		for _, w := range words[lo:hi] {
			text.WriteString(w.key + "\n")
		}
		b := binary.AppendUvarint(nil, uint64(text.Len()))
		b = append(b, text.String()...)
		for _, w := range words[lo:hi] {
			b = binary.AppendUvarint(b, uint64(w.df))
		}
		prev := ""
		if lo > 0 {
			prev = words[lo-1].key
		}
		first = append(first, separator(prev, words[lo].key, lo == 0))
		files = append(files, output.File{Path: fmt.Sprintf("r%d.bin", len(files)), Data: b})
		lo = hi
	}
	if first == nil {
		first = []string{}
	}
	return files, first
}
