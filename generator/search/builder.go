package search

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"casebook/generator/output"
	"casebook/generator/site"
)

// Builder makes an index from documents whose body text arrives one at a
// time, as a build renders their pages: texts are turned into term
// frequencies a batch at a time and not kept, so that a site's texts are
// never all held at once. A batch is tokenised by the goroutine whose Add
// fills it, with one tokenizer, whose dictionary stays in the core's cache
// for the whole batch (a text at a time, interleaved with rendering, took
// twice the CPU). Add is safe for concurrent use; Files waits until every
// document is added.
type Builder struct {
	opt    Options
	facets []Facet
	docs   []Doc // in index order; the texts are dropped once tokenised
	pos    []int // pos[i]: the index number of the i-th document given
	// studies, for a site's index, are the studies whose documents'
	// texts are made when their bodies are given (studyText).
	studies []*site.Study

	posts [][]byte // each document's term frequencies, packed (tokenizer.doc)
	lens  [][NumFields]uint16
	tzOf  []*tokenizer // the tokenizer whose numbers posts[d] uses
	tzs   []*tokenizer
	free  chan *tokenizer

	mu       sync.Mutex
	given    []bool        // by index number: the document's body was given
	queue    []int         // documents given, not yet tokenised; their text is in docs
	arena    []byte        // the queued documents' texts: their bodies, copied (Add's is lent), and studyText's
	arenas   [][]byte      // arenas of batches tokenised, for the next queues
	toGive   int           // documents whose body was not given yet
	left     int           // documents not yet tokenised
	allGiven chan struct{} // closed when toGive is 0
	complete chan struct{} // closed when left is 0
}

// batchDocs is how many texts a Builder tokenises at once.
const batchDocs = 128

// NewBuilder starts the index of a site. Each study's body is given later,
// with Add; the other fields are read now.
func NewBuilder(s *site.Site) *Builder {
	docs, facets := fromSite(s)
	b := newBuilder(docs, facets, Defaults())
	b.studies = s.Studies
	return b
}

// newBuilder numbers the documents in facet-sorted order and makes a
// tokenizer a core. Text[FieldBody] of each document is ignored: it comes
// with add.
func newBuilder(docs []Doc, facets []Facet, opt Options) *Builder {
	norm := make([]Doc, len(docs))
	for i, d := range docs {
		norm[i] = d
		norm[i].Facets = make([][]int, len(facets))
		// A document's facet values share one array: a slice a facet
		// was 800,000 objects for the collector to mark at 100k.
		n := 0
		for f := range min(len(facets), len(d.Facets)) {
			n += len(d.Facets[f])
		}
		all := make([]int, 0, n)
		for f := range min(len(facets), len(d.Facets)) {
			start := len(all)
			all = append(all, d.Facets[f]...)
			if vals := all[start:len(all):len(all)]; len(vals) > 0 {
				slices.Sort(vals)
				norm[i].Facets[f] = slices.Compact(vals)
			}
		}
	}
	sortBy := make([]int, 0, len(facets))
	for i := range facets {
		sortBy = append(sortBy, i)
	}
	ids := order(norm, sortBy)
	n := len(docs)
	b := &Builder{opt: opt, facets: facets, docs: make([]Doc, n), pos: make([]int, n),
		posts: make([][]byte, n), lens: make([][NumFields]uint16, n), tzOf: make([]*tokenizer, n),
		given: make([]bool, n), toGive: n, left: n, allGiven: make(chan struct{}), complete: make(chan struct{})}
	for i, id := range ids {
		b.docs[i] = norm[id]
		b.pos[id] = i
	}
	workers := runtime.GOMAXPROCS(0)
	b.free = make(chan *tokenizer, workers)
	for range workers {
		tz := &tokenizer{}
		b.tzs = append(b.tzs, tz)
		b.free <- tz
	}
	if n == 0 {
		close(b.allGiven)
		close(b.complete)
	}
	return b
}

// Add gives a study's body text (site.Body's Text). Each study is added
// once. The text need not outlive the call: the Builder copies it.
func (b *Builder) Add(st *site.Study, body string) error {
	// A study knows its place in the site (a map of every study was
	// 100,000 keys for the collector, and a cache miss a page).
	i, ok := st.Place(b.studies)
	if !ok {
		return fmt.Errorf("search: %s is not a study of the site", st.URL)
	}
	return b.add(i, body)
}

// add queues the i-th document given, with its body text, and tokenises
// the queue when it is full. The body is copied into the queue's arena:
// a build lends each body for as long as its page renders (site.Study.Lend),
// and tokenising one at a time, as it comes, took twice the CPU (see
// Builder).
func (b *Builder) add(i int, body string) error {
	d := b.pos[i]
	b.mu.Lock()
	if b.given[d] {
		b.mu.Unlock()
		return fmt.Errorf("search: %s added twice", b.docs[d].URL)
	}
	b.given[d] = true
	// The texts are made, and the body copied, into the queue's arena. A
	// text in an arena that grows stays in the array it was written into,
	// which the collector keeps while the text is queued.
	if b.studies != nil {
		b.arena = studyText(b.studies[i], &b.docs[d], b.arena)
	}
	start := len(b.arena)
	b.arena = append(b.arena, body...)
	b.docs[d].Text[FieldBody] = unsafe.String(unsafe.SliceData(b.arena[start:]), len(body))
	b.queue = append(b.queue, d)
	var batch []int
	var arena []byte
	if len(b.queue) >= batchDocs {
		batch, b.queue = b.queue, make([]int, 0, batchDocs)
		arena, b.arena = b.arena, b.freeArena()
	}
	b.toGive--
	if b.toGive == 0 {
		close(b.allGiven)
	}
	b.mu.Unlock()
	b.tokenize(batch, arena)
	return nil
}

// freeArena returns an arena for the next queue, one a tokenised batch
// gave back if any. b.mu is held.
func (b *Builder) freeArena() []byte {
	if n := len(b.arenas); n > 0 {
		a := b.arenas[n-1]
		b.arenas = b.arenas[:n-1]
		return a
	}
	return nil
}

// tokenise turns a batch of queued documents into term frequencies with
// one tokenizer, lets their texts go, and gives back their arena.
func (b *Builder) tokenize(batch []int, arena []byte) {
	if len(batch) == 0 {
		return
	}
	tz := <-b.free
	for _, d := range batch {
		doc := &b.docs[d]
		b.posts[d], b.lens[d] = tz.doc(doc)
		b.tzOf[d] = tz
		doc.Text = [NumFields]string{}
	}
	b.free <- tz
	b.mu.Lock()
	b.arenas = append(b.arenas, arena[:0])
	b.left -= len(batch)
	if b.left == 0 {
		close(b.complete)
	}
	b.mu.Unlock()
}

// Files waits for every document, then returns the index files.
func (b *Builder) Files(ctx context.Context) ([]output.File, error) {
	select {
	case <-b.allGiven:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	b.mu.Lock()
	rest, arena := b.queue, b.arena
	b.queue, b.arena = nil, nil
	b.mu.Unlock()
	b.tokenize(rest, arena)
	select {
	case <-b.complete:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	// The tokenizers' dictionaries are needed only until the postings are
	// grouped by stem: handed over, not kept, so that they go before the
	// files are encoded.
	tzOf, tzs := b.tzOf, b.tzs
	b.tzOf, b.tzs, b.free = nil, nil, nil
	ix, err := buildIndex(ctx, b.docs, b.posts, b.lens, tzOf, tzs)
	if err != nil {
		return nil, err
	}
	e := &encoder{opt: b.opt, ix: ix, facets: b.facets}
	return e.files(ctx)
}

// Index returns the index files of documents with their facets. The
// documents' order does not matter; they are numbered in facet-sorted order.
func Index(ctx context.Context, docs []Doc, facets []Facet, opt Options) ([]output.File, error) {
	b := newBuilder(docs, facets, opt)
	err := inParallel(ctx, len(docs), func(i int) error { return b.add(i, docs[i].Text[FieldBody]) })
	if err != nil {
		return nil, err
	}
	return b.Files(ctx)
}
