package generator

import (
	"html/template"
	"sync"

	"casebook/generator/markdown"
)

// Cache keeps work that one build can hand to the next: today the rendered
// Markdown of bodies and inline fields, keyed by their exact source text, so
// a rebuild renders only what changed. Markdown rendering is a pure function
// of its source and of the renderer's options, which the build names (a
// change of them empties the cache): that makes the reuse safe. Cached
// results are shared between builds and are never modified.
//
// A Cache holds what the last two builds used and nothing older. The zero
// value is not usable: call NewCache. A Cache is safe for concurrent use by
// several builds; builds sharing one may evict each other's entries, which
// costs time, never correctness.
type Cache struct {
	mu      sync.Mutex
	variant string   // what the rendering depended on besides the source
	cur     cacheGen // filled by the running build
	prev    cacheGen // what the build before used
}

type cacheGen struct {
	bodies map[string]markdown.Result
	inline map[string]template.HTML
}

func newGen() cacheGen {
	return cacheGen{bodies: map[string]markdown.Result{}, inline: map[string]template.HTML{}}
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{cur: newGen(), prev: newGen()} }

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

// body renders a Markdown body, or returns its cached rendering.
func (c *Cache) body(md *markdown.Renderer, src []byte) (markdown.Result, error) {
	if c == nil {
		return md.Render(src)
	}
	c.mu.Lock()
	res, ok := c.cur.bodies[string(src)]
	if !ok {
		if res, ok = c.prev.bodies[string(src)]; ok {
			c.cur.bodies[string(src)] = res
		}
	}
	c.mu.Unlock()
	if ok {
		return res, nil
	}
	res, err := md.Render(src)
	if err != nil {
		return res, err
	}
	c.mu.Lock()
	c.cur.bodies[string(src)] = res
	c.mu.Unlock()
	return res, nil
}

// inline renders a one-paragraph field, or returns its cached rendering.
func (c *Cache) inline(md *markdown.Renderer, src string) template.HTML {
	if c == nil {
		return md.Inline(src)
	}
	c.mu.Lock()
	h, ok := c.cur.inline[src]
	if !ok {
		if h, ok = c.prev.inline[src]; ok {
			c.cur.inline[src] = h
		}
	}
	c.mu.Unlock()
	if ok {
		return h
	}
	h = md.Inline(src)
	c.mu.Lock()
	c.cur.inline[src] = h
	c.mu.Unlock()
	return h
}
