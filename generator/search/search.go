// Package search builds the portal's static search index: files under
// /search/ that a small script in the browser reads piece by piece, so that a
// query loads only the few kilobytes it needs, from ten case studies to a
// hundred thousand.
//
// The index is built from the assembled site, not from rendered HTML. Its
// parts, all but the manifest gzip-compressed and named under a hash of the
// whole index (/search/<hash>/…), are:
//
//   - the manifest, /search/manifest.json: format version, document count,
//     field weights, the facets with their values and global counts, and the
//     first key of every dictionary and reversed-word shard;
//   - dictionary shards of a few KB, split by key range: every normalised
//     word as written, with its stem group (Snowball English, resolved here
//     so that the browser needs no stemmer), the group's document frequency,
//     its top K postings by BM25F impact and where its full postings are;
//     and prefix entries for prefixes whose words span shards;
//   - full postings, delta-encoded, packed a few lists a file, each list
//     (or a few short ones) a gzip member of its own, so that the script
//     can fetch just the list it needs with a Range request; a long list
//     has a head too, its best postings in a member of their own, where a
//     word with filters finds its first results;
//   - reversed-word shards, for typo correction with the first letter fixed;
//   - result cards, in blocks, in document order;
//   - facet columns, one file a facet and a range of FacetRange documents,
//     with every facet's combinations of values in one more file, so that a
//     query reads a column only over the documents that matter to it;
//   - value sets, when the file budget allows or there is more than one
//     range: for each facet value, a bit a document, so that a filter's
//     documents are one small file;
//   - a title table, for known-item search: the hash of each title's Phrase,
//     in the dictionary shard whose key range holds the phrase.
//
// A small index (under BundleBytes compressed) is one file instead, fetched
// once. Block, shard and pack sizes are chosen per site (see layout) to keep
// within one file per 8 case studies while a one-word query fetches as few
// bytes as it can.
//
// Documents are numbered in facet-sorted order (see order). Normalisation is
// the contract with the script (see Words); BM25F uses Weights.
//
// Build is a pure function of the site: the same site gives byte-identical
// files. It keeps no state and may run concurrently with other passes.
package search

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"casebook/generator/output"
	"casebook/generator/site"

	"golang.org/x/sync/errgroup"
)

// Version is the format version, in the manifest.
const Version = 4

// ManifestPath is the one file of the index with a fixed name.
const ManifestPath = "search/manifest.json"

// Options shape the index files. Zero sizes are chosen by the build (see
// layout) to keep within one file per 8 documents while a query fetches as
// few bytes as it can.
type Options struct {
	TopK        int // postings kept in a dictionary entry
	BlockSize   int // result cards per file
	ShardBytes  int // target size of a dictionary shard, uncompressed
	TypoBytes   int // target size of a reversed-word shard, uncompressed
	PackBytes   int // target size of a full-postings file, uncompressed
	FacetRange  int // documents per facet-column file (0: chosen by the build)
	HeadSize    int // postings in the head of a list of 8×HeadSize or more (0: no heads)
	Completions int // completions listed by a prefix entry
	// BundleBytes: an index whose files would add up to less than this,
	// compressed, is one file, fetched once.
	BundleBytes int
}

// Defaults returns the options casebook builds with.
func Defaults() Options {
	return Options{TopK: 10, HeadSize: 2048, Completions: 4, BundleBytes: 96 << 10}
}

// Build returns the search index of a site.
func Build(ctx context.Context, s *site.Site) ([]output.File, error) {
	b := NewBuilder(s)
	err := inParallel(ctx, len(s.Studies), func(i int) error {
		body, err := s.Studies[i].Rendered()
		if err != nil {
			return err
		}
		return b.add(i, body.Text)
	})
	if err != nil {
		return nil, err
	}
	return b.Files(ctx)
}

// encoder lays an index out in files.
type encoder struct {
	opt      Options
	ix       *index
	facets   []Facet
	listSize []int // bytes of each group's full postings; 0 when the dictionary holds them all
	packOf   map[uint32]packLoc
	heads    map[uint32]*[256]bool // the impacts in each head (see headRule)
	headOf   map[uint32]int        // the member of a group's head
	headDF   []int                 // postings in each group's head
	members  []member              // of the full-postings files
	// titleKeys: the phrases of the titles, sorted; the title table is in
	// the dictionary shards, by phrase
	titleKeys   []string
	titlePhrase []string   // each document's, "" for none
	sets        bool       // value sets are written (see valueSets)
	best        [][]uint32 // each group's top postings, best first
	mark        []uint32   // a stamp for each document, see prefixEntry
	stamp       uint32
}

// packLoc is where a group's full postings are: a member, and the offset of
// the list in the member, uncompressed.
type packLoc struct{ member, at int }

// manifest is the JSON the script reads first.
type manifest struct {
	Version int             `json:"v"`
	Hash    string          `json:"h"`
	Docs    int             `json:"n"`
	TopK    int             `json:"k"`
	Block   int             `json:"b"`
	Range   int             `json:"fr"`
	HeadMin int             `json:"hm,omitempty"` // least df of a list with a head
	Sets    bool            `json:"vs,omitempty"` // value sets are written
	Bundle  bool            `json:"a,omitempty"`  // every part in one file, all.bin
	Weights []float64       `json:"w"`
	K1      float64         `json:"k1"`
	Boost   float64         `json:"tb"`
	Shards  []string        `json:"d"`
	Typos   []string        `json:"r"`
	Facets  []manifestFacet `json:"f"`
}

type manifestFacet struct {
	Param  string  `json:"p"`
	Name   string  `json:"n"`
	Values [][]any `json:"v"` // [key, label, count]
}

func (e *encoder) files(ctx context.Context) ([]output.File, error) {
	// The title phrases beside the lists' sizes, which are counted in
	// parallel: at 100,000 studies these passes took half a second alone.
	titles := make(chan []string, 1)
	go func() { titles <- e.titlePhrases() }()
	e.headRules()
	e.listSize = make([]int, len(e.ix.df))
	groups := len(e.ix.df)
	err := forChunks(ctx, groups, max(1024, groups/(4*runtime.GOMAXPROCS(0))+1), func(_, lo, hi int) error {
		for g := lo; g < hi; g++ {
			if int(e.ix.df[g]) > e.opt.TopK {
				e.listSize[g] = e.postingsSize(uint32(g))
			}
		}
		return nil
	})
	e.titleKeys = <-titles
	if err != nil {
		return nil, err
	}
	bundle := e.layout()
	first := e.shardKeys(e.opt.ShardBytes)
	e.packs()
	if err := e.compressMembers(ctx); err != nil {
		return nil, err
	}
	if err := e.tops(ctx); err != nil {
		return nil, err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	var shards, typos, cards, facets, packs []output.File
	var typoFirst []string
	g.Go(func() error {
		var err error
		shards, err = e.dictionary(gctx, first)
		return err
	})
	g.Go(func() error {
		typos, typoFirst = e.typos()
		return nil
	})
	g.Go(func() error {
		var err error
		cards, err = e.cards()
		return err
	})
	g.Go(func() error {
		facets = e.columns()
		return nil
	})
	g.Go(func() error {
		packs = e.postingFiles()
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i := range e.members {
		e.members[i].data = nil // copied into packs: held once (80 MB at 100,000)
	}
	files := slices.Concat(shards, typos, packs, facets, cards)
	if bundle {
		files = []output.File{bundleOf(files)}
	}
	if err := gzipAll(ctx, files); err != nil {
		return nil, err
	}
	sum := sha256.New()
	for _, f := range files {
		fmt.Fprintf(sum, "%s %d\n", f.Path, len(f.Data))
		sum.Write(f.Data)
	}
	hash := hex.EncodeToString(sum.Sum(nil)[:5])
	for i := range files {
		files[i].Path = "search/" + hash + "/" + files[i].Path
	}
	m := manifest{Version: Version, Hash: hash, Docs: len(e.ix.docs), TopK: e.opt.TopK, Block: e.opt.BlockSize, Range: e.opt.FacetRange,
		Bundle: bundle, Weights: Weights[:], K1: k1, Boost: titleBoost, Shards: first, Typos: typoFirst}
	if len(e.headOf) > 0 {
		m.HeadMin = e.headMin()
	}
	m.Sets = e.sets
	for _, f := range e.facets {
		mf := manifestFacet{Param: f.Param, Name: f.Name, Values: [][]any{}}
		for _, v := range f.Values {
			mf.Values = append(mf.Values, []any{v.Key, v.Label, v.Count})
		}
		m.Facets = append(m.Facets, mf)
	}
	data, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return append(files, output.File{Path: ManifestPath, Data: data}), nil
}

// bundleOf puts parts in one file, all.bin: varint parts; for each, varint
// name length, the name ("d0"), varint data length; then the data of each
// part, in order.
func bundleOf(parts []output.File) output.File {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(parts)))
	for _, p := range parts {
		name := strings.TrimSuffix(p.Path, ".bin")
		b = binary.AppendUvarint(b, uint64(len(name)))
		b = append(b, name...)
		b = binary.AppendUvarint(b, uint64(len(p.Data)))
	}
	for _, p := range parts {
		b = append(b, p.Data...)
	}
	return output.File{Path: "all.bin", Data: b}
}

// layout fills in the sizes left zero in the options and says whether the
// index is small enough to be one file. It tries block, shard and pack sizes
// and keeps the layout that fetches the fewest bytes for a one-word query
// (a shard and up to ten blocks of cards, pack bytes counting for less)
// among those within one file per 8 documents.
func (e *encoder) layout() bool {
	n := len(e.ix.docs)
	if e.opt.FacetRange == 0 {
		// With more than one range, filters are checked with value sets, so
		// columns are read only for the counts: over the ranges of the
		// documents that count, every range for a common word. Ranges of
		// 16,384 documents: at 100,000, the heaviest "common word, two
		// filters and every count" of the replay fetched 349 KB in 64
		// requests, against 355 KB in 190 with ranges of 4,096 (351 KB with
		// 8,192), and a rare word's counts stay under 310 KB. Up to one
		// range's worth, one range.
		e.opt.FacetRange = 16384
		if n <= 16384 {
			e.opt.FacetRange = max(1, n)
		}
	}
	card := 0
	for _, d := range e.ix.docs {
		card += len(d.URL) + len(d.Title) + len(d.Summary) + 40
		for _, p := range d.Partners {
			card += len(p) + 3
		}
	}
	card = card / max(1, n) * 6 / 10 // compressed
	post := 0
	for _, s := range e.listSize {
		post += s
	}
	facetFiles := 1 + len(e.facets)*max(1, (n+e.opt.FacetRange-1)/e.opt.FacetRange)
	// Value sets, when they take no more than an eighth of the files or
	// there is more than one range (the script reads a facet's column for
	// its filters only when it is one file): a chosen filter value's
	// documents in one small file, where the facet's column is a few KB a
	// range.
	values := 0
	for _, f := range e.facets {
		values += len(f.Values)
	}
	if e.sets = values <= max(2, n/8)/8 || n > e.opt.FacetRange; e.sets {
		facetFiles += values
	}
	typoWords := 0
	for _, w := range e.ix.surfaces {
		if hasTypoKey(w) {
			typoWords += len(w) + 3
		}
	}
	type shardSize struct{ sd, n int }
	var shards []shardSize
	dictBytes := 0
	for _, sd := range []int{4 << 10, 6 << 10, 8 << 10, 12 << 10, 16 << 10, 24 << 10, 32 << 10, 48 << 10, 64 << 10} {
		nd := len(e.shardKeys(sd))
		if e.opt.ShardBytes == 0 || e.opt.ShardBytes == sd {
			shards = append(shards, shardSize{sd, nd})
		}
		if dictBytes == 0 {
			dictBytes = nd * sd
		}
	}
	heads := 0
	for g, s := range e.listSize {
		if s > 0 && e.hasHead(uint32(g)) {
			heads++
		}
	}
	// The files of full postings at each pack size: the heads' files (see
	// packs), then the lists'.
	packSizes := []int{16 << 10, 24 << 10, 32 << 10, 48 << 10, 64 << 10, 96 << 10, 128 << 10, 192 << 10, 256 << 10, 384 << 10, 512 << 10}
	packFiles := make([]int, len(packSizes))
	for i, sp := range packSizes {
		if e.opt.PackBytes != 0 && e.opt.PackBytes != sp {
			packFiles[i] = -1
			continue
		}
		perFile := max(1, sp/(2*max(1, e.opt.HeadSize)))
		count, off := (heads+perFile-1)/perFile, sp
		for _, s := range e.listSize {
			if s == 0 {
				continue
			}
			if off > 0 && off+s > sp {
				count, off = count+1, 0
			}
			off += s
		}
		packFiles[i] = count
	}
	if (dictBytes+post+n*card*10/6)*6/10 < e.opt.BundleBytes {
		e.opt.BlockSize = max(e.opt.BlockSize, 1)
		e.opt.ShardBytes = max(e.opt.ShardBytes, 64<<10)
		e.opt.TypoBytes = max(e.opt.TypoBytes, 64<<10)
		e.opt.PackBytes = max(e.opt.PackBytes, 1<<20)
		e.sets = n > e.opt.FacetRange // needed with more than one range
		return true
	}
	budget := max(2, n/8) - 1 // the manifest is one
	type choice struct{ b, sd, sp, cost, files int }
	best := choice{cost: -1}
	fallback := choice{files: -1}
	for _, b := range []int{8, 10, 12, 14, 16, 20, 24, 32, 48, 64} {
		if e.opt.BlockSize != 0 && e.opt.BlockSize != b {
			continue
		}
		for _, sh := range shards {
			sd, nd := sh.sd, sh.n
			for i, sp := range packSizes {
				np := packFiles[i]
				if np < 0 {
					continue
				}
				files := (n+b-1)/b + nd + np + facetFiles + (typoWords+sd-1)/sd
				cost := sd*6/10 + min(10, n)*min(b, n)*card + sp*6/10/8
				c := choice{b, sd, sp, cost, files}
				if files <= budget && (best.cost < 0 || cost < best.cost) {
					best = c
				}
				if fallback.files < 0 || files < fallback.files || files == fallback.files && cost < fallback.cost {
					fallback = c
				}
			}
		}
	}
	if best.cost < 0 {
		best = fallback
	}
	if e.opt.BlockSize == 0 {
		e.opt.BlockSize = best.b
	}
	if e.opt.ShardBytes == 0 {
		e.opt.ShardBytes = best.sd
	}
	if e.opt.PackBytes == 0 {
		e.opt.PackBytes = best.sp
	}
	if e.opt.TypoBytes == 0 {
		e.opt.TypoBytes = e.opt.ShardBytes
	}
	return false
}

// gzipAll compresses every file's data but the full postings' (compressed
// already, a member a list or a few: see compressMembers), in parallel, at
// the best level: the files a query reads first are small.
func gzipAll(ctx context.Context, files []output.File) error {
	return forChunks(ctx, len(files), 1, func(i, _, _ int) error {
		if strings.HasPrefix(files[i].Path, "p") {
			return nil
		}
		data, err := gzipBytes(files[i].Data, gzip.BestCompression)
		files[i].Data = data
		return err
	})
}

// gzipPools keep the compressors, which are large, for reuse.
var gzipPools [gzip.BestCompression + 1]sync.Pool

// gzipBytes compresses b at level (1–9).
func gzipBytes(b []byte, level int) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, len(b)/2+64))
	zw, _ := gzipPools[level].Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(buf, level)
	} else {
		zw.Reset(buf)
	}
	zw.Write(b)
	err := zw.Close()
	gzipPools[level].Put(zw)
	return buf.Bytes(), err
}
