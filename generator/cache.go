package generator

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"path"
	"sync"

	"casebook/generator/config"
	"casebook/generator/render"

	"casebook/generator/content"
	"casebook/generator/markdown"
	"casebook/generator/site"
)

// Cache keeps work that one build can hand to the next, for the preview
// server's rebuilds: the loaded theme (its templates parsed, its assets
// minified and hashed) while neither its files nor casebook.toml change,
// the parsed content files (content.Cache: a file is parsed again when it
// changed) and the rendered Markdown of each parsed case study and page. A parse is immutable, so its rendering is reused as
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
	themeMu sync.Mutex
	theme   *render.Theme // the last theme loaded, parsed and minified
	themeID [sha256.Size]byte
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
	c.themeMu.Lock()
	c.theme = nil
	c.themeMu.Unlock()
	c.mu.Lock()
	c.cur, c.prev = newGen(), newGen()
	c.mu.Unlock()
}

// loadTheme returns the theme of a site, loaded anew unless the cache
// holds one loaded from the same theme files, configuration file and base
// URL: a loaded Theme is immutable, and those are all it depends on.
func (c *Cache) loadTheme(site fs.FS, cfg *config.Config, baseURL string) (*render.Theme, error) {
	if c == nil {
		return loadTheme(site, cfg)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%q %q\n", baseURL, cfg.Theme)
	src, _ := fs.ReadFile(site, config.File)
	fmt.Fprintf(h, "%d\n", len(src))
	h.Write(src)
	if cfg.Theme != "" {
		err := fs.WalkDir(site, path.Join("themes", cfg.Theme), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(site, p)
			fmt.Fprintf(h, "%q %d %v\n", p, len(data), err)
			h.Write(data)
			return nil
		})
		if err != nil {
			return loadTheme(site, cfg)
		}
	}
	var id [sha256.Size]byte
	h.Sum(id[:0])
	c.themeMu.Lock()
	defer c.themeMu.Unlock()
	if c.theme != nil && id == c.themeID {
		return c.theme, nil
	}
	t, err := loadTheme(site, cfg)
	if err == nil {
		c.theme, c.themeID = t, id
	}
	return t, err
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

// The renderings of case studies and of plain pages, as cached and
// keep take them.
func studiesOf(g *cacheGen) map[*content.CaseStudy]site.Body { return g.studies }
func pagesOf(g *cacheGen) map[*content.Page]markdown.Result  { return g.pages }

// cached returns what the cache holds for k in the maps that of picks: the
// running build's, or the previous build's, which it carries over so that
// it outlives the next build.
func cached[K comparable, V any](c *Cache, of func(*cacheGen) map[K]V, k K) (V, bool) {
	var v V
	if c == nil {
		return v, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := of(&c.cur)[k]
	if !ok {
		if v, ok = of(&c.prev)[k]; ok {
			of(&c.cur)[k] = v
		}
	}
	return v, ok
}

// keep stores what the running build made for k.
func keep[K comparable, V any](c *Cache, of func(*cacheGen) map[K]V, k K, v V) {
	if c != nil {
		c.mu.Lock()
		of(&c.cur)[k] = v
		c.mu.Unlock()
	}
}
