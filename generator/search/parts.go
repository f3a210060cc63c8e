package search

import (
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"casebook/generator/output"
)

// packs places the full postings of every group with more than K postings,
// in key order, several lists a file up to PackBytes.
func (e *encoder) packs() {
	e.packOf = map[uint32]packLoc{}
	pack, off := 0, 0
	for i := range e.ix.surfaces {
		g := e.ix.group[i]
		if _, done := e.packOf[g]; done || e.listSize[g] == 0 {
			continue
		}
		n := e.listSize[g]
		if off > 0 && off+n > e.opt.PackBytes {
			pack, off = pack+1, 0
		}
		e.packOf[g] = packLoc{pack, off, n}
		off += n
	}
}

func (e *encoder) postingFiles() []output.File {
	var bufs [][]byte
	order := make([]uint32, 0, len(e.packOf))
	for g := range e.packOf {
		order = append(order, g)
	}
	slices.SortFunc(order, func(a, b uint32) int {
		la, lb := e.packOf[a], e.packOf[b]
		if la.pack != lb.pack {
			return la.pack - lb.pack
		}
		return la.off - lb.off
	})
	for _, g := range order {
		loc := e.packOf[g]
		for len(bufs) <= loc.pack {
			bufs = append(bufs, nil)
		}
		bufs[loc.pack] = e.appendPostings(bufs[loc.pack], g)
	}
	files := make([]output.File, len(bufs))
	for i, b := range bufs {
		files[i] = output.File{Path: fmt.Sprintf("p%d.bin", i), Data: b}
	}
	return files
}

// Column encodings (see encode.go), chosen per facet as the smallest
// compressed.
const (
	colRaw   = 0 // a combination a byte (two when more than 256)
	colDelta = 1 // the same, each the difference from the previous document's, modulo the combinations
	// m ≥ 2: m documents a byte, base the number of combinations
)

// columns encodes the facet columns.
func (e *encoder) columns() []output.File {
	n := len(e.ix.docs)
	fr := e.opt.FacetRange
	nr := max(1, (n+fr-1)/fr)
	files := make([]output.File, 0, len(e.facets)*nr+1)
	combos := binary.AppendUvarint(nil, uint64(len(e.facets)))
	var key []byte
	for f := range e.facets {
		// The facet's combinations of values, in document order.
		index := map[string]int{}
		var list [][]int
		var count []int
		keys := make([]int, n)
		for i, d := range e.ix.docs {
			key = key[:0]
			for _, v := range d.Facets[f] {
				key = binary.AppendUvarint(key, uint64(v))
			}
			id, ok := index[string(key)]
			if !ok {
				id = len(list)
				index[string(key)] = id
				list = append(list, d.Facets[f])
				count = append(count, 0)
			}
			count[id]++
			keys[i] = id
		}
		c := len(list)
		// Two numberings: the commonest combination first, for bytes and
		// packed bytes; and the documents' own order, in which a facet the
		// documents are sorted by rises within each run of equal earlier
		// facets, so that its differences are small.
		numbering := func(less func(a, b int) int) []int {
			rank := make([]int, c)
			for i := range rank {
				rank[i] = i
			}
			slices.SortStableFunc(rank, less)
			return rank
		}
		byCount := numbering(func(a, b int) int { return count[b] - count[a] })
		bySort := numbering(func(a, b int) int { return cmpValues(list[a], list[b]) })
		type candidate struct {
			mode  int
			rank  []int
			files []output.File
			size  int
		}
		cands := []candidate{{mode: colRaw, rank: byCount}, {mode: colDelta, rank: bySort}}
		if m := packing(c); m > 1 {
			cands = append(cands, candidate{mode: m, rank: byCount})
		}
		best := -1
		for ci := range cands {
			cd := &cands[ci]
			id := make([]int, c)
			for i, k := range cd.rank {
				id[k] = i
			}
			for r := range nr {
				lo, hi := r*fr, min(n, (r+1)*fr)
				b := encodeColumn(keys[lo:hi], id, c, cd.mode)
				cd.files = append(cd.files, output.File{Path: fmt.Sprintf("f%d-%d.bin", f, r), Data: b})
				if len(cands) > 1 {
					z, _ := gzipBytes(b, gzip.BestCompression)
					cd.size += len(z)
				}
			}
			if best < 0 || cd.size < cands[best].size {
				best = ci
			}
		}
		cd := cands[best]
		files = append(files, cd.files...)
		combos = binary.AppendUvarint(combos, uint64(cd.mode))
		combos = binary.AppendUvarint(combos, uint64(c))
		for _, k := range cd.rank {
			combos = binary.AppendUvarint(combos, uint64(len(list[k])))
			for _, v := range list[k] {
				combos = binary.AppendUvarint(combos, uint64(v))
			}
		}
	}
	return append(files, output.File{Path: "s.bin", Data: combos})
}

// packing returns how many documents of a facet with c combinations fit in
// a byte, when more than one does.
func packing(c int) int {
	if c < 2 {
		return 0
	}
	m, p := 0, 1
	for p*c <= 256 {
		p *= c
		m++
	}
	return m
}

// encodeColumn encodes the combinations keys (numbered id[key]) of a range
// of documents in a mode.
func encodeColumn(keys, id []int, c, mode int) []byte {
	if mode >= 2 {
		b := make([]byte, (len(keys)+mode-1)/mode)
		p := 1
		for j, k := range keys {
			if j%mode == 0 {
				p = 1
			}
			b[j/mode] += byte(id[k] * p)
			p *= c
		}
		return b
	}
	n := len(keys)
	wide := c > 256
	b := make([]byte, n, n*2)
	if wide {
		b = b[:2*n]
	}
	prev := 0
	for j, k := range keys {
		v := id[k]
		if mode == colDelta {
			v, prev = (v-prev+c)%c, v
		}
		b[j] = byte(v)
		if wide {
			b[n+j] = byte(v >> 8)
		}
	}
	return b
}

// cards encodes the result cards, BlockSize documents a file.
func (e *encoder) cards() ([]output.File, error) {
	var files []output.File
	docs := e.ix.docs
	for lo := 0; lo < len(docs); lo += e.opt.BlockSize {
		var block []any
		for _, d := range docs[lo:min(len(docs), lo+e.opt.BlockSize)] {
			partners := d.Partners
			if partners == nil {
				partners = []string{}
			}
			fv := make([][]int, len(d.Facets))
			for i, vs := range d.Facets {
				fv[i] = append([]int{}, vs...)
			}
			block = append(block, []any{strings.TrimPrefix(d.URL, "/"), d.Title, d.Summary, d.Date, partners, fv})
		}
		data, err := json.Marshal(block)
		if err != nil {
			return nil, err
		}
		files = append(files, output.File{Path: fmt.Sprintf("c%d.bin", len(files)), Data: data})
	}
	return files, nil
}

// titleFiles is how many parts the title table has: about 8 KB each.
func titleFiles(n int) int { return max(1, (n*6+8191)/8192) }

// titles encodes the title table: for every document whose title has a
// phrase, the phrase's hash and the document, in part hash % parts, sorted.
func (e *encoder) titles() []output.File {
	parts := titleFiles(len(e.ix.docs))
	type entry struct{ h, doc uint32 }
	lists := make([][]entry, parts)
	for i, d := range e.ix.docs {
		if p := Phrase(Words(d.Title)); p != "" {
			h := fnv32(p)
			lists[h%uint32(parts)] = append(lists[h%uint32(parts)], entry{h, uint32(i)})
		}
	}
	files := make([]output.File, parts)
	for i, l := range lists {
		slices.SortFunc(l, func(a, b entry) int {
			if a.h != b.h {
				if a.h < b.h {
					return -1
				}
				return 1
			}
			return int(a.doc) - int(b.doc)
		})
		b := binary.AppendUvarint(nil, uint64(len(l)))
		prev := uint32(0)
		for _, x := range l {
			b = binary.AppendUvarint(b, uint64(x.h-prev))
			b = binary.AppendUvarint(b, uint64(x.doc))
			prev = x.h
		}
		files[i] = output.File{Path: fmt.Sprintf("t%d.bin", i), Data: b}
	}
	return files
}
