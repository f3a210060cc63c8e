package content

import (
	"strings"
	"sync"
	"time"

	"casebook/generator/diag"
)

// Cache keeps parsed content files from one Load to the next, for the
// preview server, which loads the same folder after every save: a file is
// read and parsed again only when its size or modification time changed,
// or when Forget names it (a save within the file system's timestamp
// granularity that keeps the size). What it hands out is shared between
// loads and never modified.
//
// A Cache holds the files the last Load saw and nothing older. The zero
// value is not usable: call NewCache. A Cache is safe for concurrent use;
// loads sharing one may evict each other's entries, which costs time,
// never correctness.
type Cache struct {
	mu      sync.Mutex
	variant string // what parsing depended on besides the file: the tags and the year
	files   map[string]parsed
}

// parsed is one file's parse, with the stamp it was made from.
type parsed struct {
	size  int64
	mod   time.Time
	cs    *CaseStudy
	page  *Page
	diags diag.List
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{files: map[string]parsed{}} }

// Forget drops the files at these slash-separated paths, relative to the
// site folder, and everything under them when they are folders.
func (c *Cache) Forget(paths ...string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range paths {
		if _, ok := c.files[p]; ok { // a file, so not a folder: nothing under it
			delete(c.files, p)
			continue
		}
		prefix := strings.TrimSuffix(p, "/") + "/"
		for f := range c.files {
			if strings.HasPrefix(f, prefix) {
				delete(c.files, f)
			}
		}
	}
}

// Reset drops everything.
func (c *Cache) Reset() {
	if c == nil {
		return
	}
	c.mu.Lock()
	clear(c.files)
	c.mu.Unlock()
}

// begin starts a Load whose parsing depends on variant besides the files:
// everything is dropped when it changed.
func (c *Cache) begin(variant string) {
	c.mu.Lock()
	if variant != c.variant {
		clear(c.files)
		c.variant = variant
	}
	c.mu.Unlock()
}

// get returns a file's parse if it was made from the same stamp.
func (c *Cache) get(j job) (parsed, bool) {
	if j.mod.IsZero() {
		return parsed{}, false
	}
	c.mu.Lock()
	p, ok := c.files[j.file]
	c.mu.Unlock()
	return p, ok && p.size == j.size && p.mod.Equal(j.mod)
}

// keep replaces the cache's files by those the finished Load used.
func (c *Cache) keep(files map[string]parsed) {
	c.mu.Lock()
	c.files = files
	c.mu.Unlock()
}
