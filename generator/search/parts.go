package search

import (
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"casebook/generator/output"
	"casebook/internal/huffman"
)

// memberBytes is the least size of a member of a full-postings file,
// uncompressed: lists are gzip-compressed in members of their own (a list
// this long or longer alone, shorter lists with their neighbours), so that
// the script fetches the one member a query needs with a Range request
// instead of the whole file (and the whole file from a host that ignores
// Range). A file of members is a gzip file too.
const memberBytes = 1024

// member is one gzip member of a full-postings file: its groups' lists, or
// one group's head.
type member struct {
	pack     int
	groups   []uint32
	head     bool
	off, len int    // in the compressed file
	data     []byte // compressed
}

// packs places the full postings of every group with more than K postings,
// in key order, several lists a file up to PackBytes, in members of at least
// memberBytes; then the heads of the lists that have one (see hasHead),
// each a member of its own, in files of their own after those.
func (e *encoder) packs() {
	e.packOf = map[uint32]packLoc{}
	e.headOf = map[uint32]int{}
	e.headDF = make([]int, len(e.ix.df))
	e.members = nil
	pack, off, moff := 0, 0, 0
	var heads []uint32
	for i := range e.ix.surfaces {
		g := e.ix.group[i]
		if _, done := e.packOf[g]; done || e.listSize[g] == 0 {
			continue
		}
		if e.hasHead(g) {
			heads = append(heads, g)
		}
		n := e.listSize[g]
		if off > 0 && off+n > e.opt.PackBytes {
			pack, off = pack+1, 0
		}
		if off == 0 || moff >= memberBytes {
			e.members = append(e.members, member{pack: pack})
			moff = 0
		}
		m := len(e.members) - 1
		e.members[m].groups = append(e.members[m].groups, g)
		e.packOf[g] = packLoc{m, moff}
		off += n
		moff += n
	}
	// A head is about two bytes a posting, uncompressed.
	hb := 2 * e.opt.HeadSize
	if len(heads) > 0 && off > 0 {
		pack, off = pack+1, 0
	}
	for _, g := range heads {
		if off > 0 && off+hb > e.opt.PackBytes {
			pack, off = pack+1, 0
		}
		e.members = append(e.members, member{pack: pack, groups: []uint32{g}, head: true})
		e.headOf[g] = len(e.members) - 1
		off += hb
	}
}

// compressMembers compresses every member, in parallel, and places them in
// their files.
func (e *encoder) compressMembers(ctx context.Context) error {
	err := forChunks(ctx, len(e.members), 64, func(_, lo, hi int) error {
		var raw []byte
		var z huffman.Encoder
		for i := lo; i < hi; i++ {
			m := &e.members[i]
			raw = raw[:0]
			for _, gr := range m.groups {
				if m.head {
					raw = e.appendHead(raw, gr)
				} else {
					raw = e.appendPostings(raw, gr, false)
				}
			}
			// Literals alone, Huffman-coded: the lists are most of the
			// index's bytes, varints in which back-references find little
			// (compress/flate's level 4 makes the 10k portal's 3% smaller,
			// in 4.4 times the time: 374 against 84 ms).
			m.data = z.AppendGzip(make([]byte, 0, len(raw)*3/4+64), raw)
		}
		return nil
	})
	if err != nil {
		return err
	}
	off := 0
	for i := range e.members {
		m := &e.members[i]
		if i > 0 && e.members[i-1].pack != m.pack {
			off = 0
		}
		m.off, m.len = off, len(m.data)
		off += m.len
	}
	return nil
}

// postingFiles returns the full-postings files, compressed already, each
// made at its size. (files lets the members' bytes go once every part is
// made.)
func (e *encoder) postingFiles() []output.File {
	var sizes []int
	for _, m := range e.members {
		if m.pack == len(sizes) {
			sizes = append(sizes, 0)
		}
		sizes[m.pack] = m.off + m.len
	}
	files := make([]output.File, len(sizes))
	for _, m := range e.members {
		if files[m.pack].Data == nil {
			files[m.pack] = output.File{Path: fmt.Sprintf("p%d.bin", m.pack), Data: make([]byte, 0, sizes[m.pack])}
		}
		files[m.pack].Data = append(files[m.pack].Data, m.data...)
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
		if e.sets {
			files = append(files, e.valueSets(f)...)
		}
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

// valueSets encodes facet f's value sets: for each value, a column of every
// document in mode 8 with two combinations, 1 for the documents that have it.
func (e *encoder) valueSets(f int) []output.File {
	files := make([]output.File, len(e.facets[f].Values))
	// The documents of each value, in one pass over the documents (a pass
	// for each value made 20 million lookups at 100,000 studies). A
	// document's values are distinct: newBuilder compacts them.
	docsOf := make([][]int32, len(files))
	for i, d := range e.ix.docs {
		for _, v := range d.Facets[f] {
			docsOf[v] = append(docsOf[v], int32(i))
		}
	}
	has := make([]int, len(e.ix.docs))
	for v := range files {
		clear(has)
		for _, i := range docsOf[v] {
			has[i] = 1
		}
		files[v] = output.File{Path: fmt.Sprintf("v%d-%d.bin", f, v), Data: encodeColumn(has, []int{0, 1}, 2, packing(2))}
	}
	return files
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
