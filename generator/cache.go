package generator

import (
	"sync"

	"casebook/generator/content"
	"casebook/generator/markdown"
	"casebook/generator/site"
)

// Cache keeps work that one build can hand to the next, for the preview
// server's rebuilds: the parsed content files (content.Cache: a file is
// parsed again when it changed) and the rendered Markdown of each parsed
// case study and page. A parse is immutable, so its rendering is reused as
// long as the parse is and the renderer's options, which the build names
// (a change of them empties the cache), stay the same: a rebuild parses
// and renders only the files that changed. Cached results are shared
// between builds and are never modified.
//
// A Cache holds what the last two builds used and nothing older. The zero
// value is not usable: call NewCache. A Cache is safe for concurrent use by
// several builds; builds sharing one may evict each other's entries, which
// costs time, never correctness.
type Cache struct {
	parsed  *content.Cache
	mu      sync.Mutex
	variant string   // what the rendering depended on besides the source
	cur     cacheGen // filled by the running build
	prev    cacheGen // what the build before used
}

type cacheGen struct {
	studies map[*content.CaseStudy]site.Body
	pages   map[*content.Page]markdown.Result
}

func newGen() cacheGen {
	return cacheGen{studies: map[*content.CaseStudy]site.Body{}, pages: map[*content.Page]markdown.Result{}}
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{parsed: content.NewCache(), cur: newGen(), prev: newGen()}
}

// Forget tells the cache that the files at these slash-separated paths,
// relative to the site folder, changed, with everything under them when
// they are folders. A file whose size or modification time changed is
// noticed anyway; Forget covers a save that kept both (the preview server
// passes on every path its watcher reports).
func (c *Cache) Forget(paths ...string) { c.parsed.Forget(paths...) }

// Reset drops everything: the watcher lost events.
func (c *Cache) Reset() {
	c.parsed.Reset()
	c.mu.Lock()
	c.cur, c.prev = newGen(), newGen()
	c.mu.Unlock()
}

// content is the cache of parsed content files; nil for a nil Cache.
func (c *Cache) content() *content.Cache {
	if c == nil {
		return nil
	}
	return c.parsed
}

// begin starts a build whose Markdown rendering depends, besides the
// source, on what variant names (the options of the renderer): what the
// build before last used is dropped, and everything when the variant
// changed.
func (c *Cache) begin(variant string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.prev, c.cur = c.cur, newGen()
	if variant != c.variant {
		c.prev, c.variant = newGen(), variant
	}
	c.mu.Unlock()
}

// study returns the rendering of a parsed case study, if cached.
func (c *Cache) study(cs *content.CaseStudy) (site.Body, bool) {
	if c == nil {
		return site.Body{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.cur.studies[cs]
	if !ok {
		if b, ok = c.prev.studies[cs]; ok {
			c.cur.studies[cs] = b
		}
	}
	return b, ok
}

func (c *Cache) putStudy(cs *content.CaseStudy, b site.Body) {
	if c != nil {
		c.mu.Lock()
		c.cur.studies[cs] = b
		c.mu.Unlock()
	}
}

// page returns the rendering of a parsed plain page, if cached.
func (c *Cache) page(p *content.Page) (markdown.Result, bool) {
	if c == nil {
		return markdown.Result{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.cur.pages[p]
	if !ok {
		if r, ok = c.prev.pages[p]; ok {
			c.cur.pages[p] = r
		}
	}
	return r, ok
}

func (c *Cache) putPage(p *content.Page, r markdown.Result) {
	if c != nil {
		c.mu.Lock()
		c.cur.pages[p] = r
		c.mu.Unlock()
	}
}
