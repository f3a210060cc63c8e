package search

import (
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

// columns encodes the facet columns.
func (e *encoder) columns() []output.File {
	var files []output.File
	n := len(e.ix.docs)
	combos := binary.AppendUvarint(nil, uint64(len(e.facets)))
	for f := range e.facets {
		// The facet's combinations of values, the commonest first.
		index := map[string]int{}
		var list [][]int
		var count []int
		keys := make([]int, n)
		for i, d := range e.ix.docs {
			key := fmt.Sprint(d.Facets[f])
			id, ok := index[key]
			if !ok {
				id = len(list)
				index[key] = id
				list = append(list, d.Facets[f])
				count = append(count, 0)
			}
			count[id]++
			keys[i] = id
		}
		rank := make([]int, len(list))
		for i := range rank {
			rank[i] = i
		}
		slices.SortStableFunc(rank, func(a, b int) int { return count[b] - count[a] })
		id := make([]int, len(list))
		combos = binary.AppendUvarint(combos, uint64(len(list)))
		for i, c := range rank {
			id[c] = i
			combos = binary.AppendUvarint(combos, uint64(len(list[c])))
			for _, v := range list[c] {
				combos = binary.AppendUvarint(combos, uint64(v))
			}
		}
		for r := 0; r == 0 || r*e.opt.FacetRange < n; r++ {
			lo, hi := r*e.opt.FacetRange, min(n, (r+1)*e.opt.FacetRange)
			var b []byte
			for _, k := range keys[lo:hi] {
				b = append(b, byte(id[k]))
			}
			if len(list) > 256 {
				for _, k := range keys[lo:hi] {
					b = append(b, byte(id[k]>>8))
				}
			}
			files = append(files, output.File{Path: fmt.Sprintf("f%d-%d.bin", f, r), Data: b})
		}
	}
	return append(files, output.File{Path: "s.bin", Data: combos})
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
