// Package content loads a site's content folder into validated, typed values.
//
// It walks content/ in an fs.FS: every content/case-studies/<name>.md and
// content/case-studies/<slug>/index.md (with the files beside it as assets)
// is a case study, every content/<name>.md a plain page. Front matter is
// split with adrg/frontmatter, decoded into positioned yaml.Node trees (YAML
// directly, TOML through node.FromTOML) and checked against content-model.md
// by walking the nodes, so every diagnostic carries the line and column in the
// file itself. Then the cross-file rules run: unique slugs and one sector per
// organisation across the site, and data/partners/*.yaml agreeing with both.
//
// Load reports every problem of every file in one run and never panics on
// bad input. What it returns is immutable and safe to share across goroutines.
package content

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"casebook/generator/diag"
	"casebook/generator/node"
	"casebook/generator/slug"

	"go.yaml.in/yaml/v3"
	"golang.org/x/sync/errgroup"
)

// Dir is the content folder of a site; CaseStudies the folder of case studies in it.
const (
	Dir         = "content"
	CaseStudies = "content/case-studies"
)

// Options say how to load.
type Options struct {
	// Tags is the site's tag vocabulary: CoreTags plus the config's extra tags.
	Tags []string
	// Drafts keeps draft case studies and pages; otherwise they are checked and left out.
	Drafts bool
	// Now is the time of the build, for rules about the present (an active
	// partnership whose period has ended); the zero time skips them.
	Now time.Time
	// Cache, when set, hands over the parse of files that did not change
	// since the last Load with the same Cache.
	Cache *Cache
	// LazyBodies leaves each CaseStudy.Body nil, for ReadBody to read again
	// when it is needed, so that a large site's Markdown is never all held.
	LazyBodies bool
}

// Set is a site's loaded content.
type Set struct {
	Studies  []*CaseStudy // newest first, then by slug
	Pages    []*Page      // by slug
	Assets   []Asset      // bundle files and nothing else, by path
	Partners map[string]PartnerInfo
}

// reserved are the first path segments the portal uses itself; a plain page
// cannot take them.
var reserved = []string{"case-studies", "tags", "sectors", "sdgs", "regions", "partners", "search", "data", "assets", "feed.xml", "sitemap.xml", "robots.txt", "404.html"}

type job struct {
	file string
	kind int // 0 case study, 1 page
	dir  string
	size int64     // with a Cache: the file's size
	mod  time.Time // and modification time; zero when not known (a symlink)
}

// Load reads and checks every content file of the site.
func Load(ctx context.Context, site fs.FS, opt Options) (*Set, diag.List) {
	jobs, assets, diags := walk(site, opt.Cache != nil)
	results := make([]parsed, len(jobs))
	if opt.Cache != nil {
		opt.Cache.begin(strings.Join(opt.Tags, ",") + "|" + strconv.Itoa(opt.Now.Year()))
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	// With LazyBodies a parsed case study keeps nothing of its file (its
	// strings are copies; TestLoadHoldsNoSource): files are read into
	// buffers used again.
	// Front matters are parsed in scratches used again: their nodes are
	// dropped once decoded.
	var bufs, scratches sync.Pool
	for i, j := range jobs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			r := &results[i]
			if opt.Cache != nil {
				if p, ok := opt.Cache.get(j); ok {
					*r = p
					return nil
				}
			}
			r.size, r.mod = j.size, j.mod
			var src []byte
			var err error
			if pooled := opt.LazyBodies && j.kind == 0; pooled {
				buf, _ := bufs.Get().(*[]byte)
				if buf == nil {
					buf = new([]byte)
				}
				src, err = readInto(site, j.file, *buf)
				*buf = src
				defer bufs.Put(buf)
			} else {
				src, err = fs.ReadFile(site, j.file)
			}
			if err != nil {
				r.diags.Add(diag.Diagnostic{Pos: diag.Pos{File: j.file}, Msg: "cannot read: " + err.Error()})
				return nil
			}
			if j.kind == 0 {
				sc, _ := scratches.Get().(*node.Scratch)
				if sc == nil {
					sc = new(node.Scratch)
				}
				r.cs, r.diags = parseCaseStudy(j.file, src, opt, sc)
				scratches.Put(sc)
				if r.cs != nil {
					r.cs.Dir = j.dir
					if r.cs.Slug == "" {
						r.cs.Slug = defaultSlug(j)
					}
				}
			} else {
				r.page, r.diags = ParsePage(j.file, src)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, diag.List{{Msg: "loading content: " + err.Error()}}
	}
	if opt.Cache != nil {
		used := make(map[string]parsed, len(jobs))
		for i, j := range jobs {
			if !j.mod.IsZero() {
				used[j.file] = results[i]
			}
		}
		opt.Cache.keep(used)
	}
	set := &Set{}
	for i, r := range results {
		diags = append(diags, r.diags...)
		if r.cs != nil {
			if r.cs.Slug == "" {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: jobs[i].file}, Field: "slug", Msg: "no slug can be made from the file name",
					Hint: "add a slug: field, or rename the file in Latin letters"})
			}
			set.Studies = append(set.Studies, r.cs)
		}
		if r.page != nil {
			set.Pages = append(set.Pages, r.page)
		}
	}
	if opt.Cache == nil {
		internPartnerKeys(set.Studies)
	}
	diags = append(diags, checkSlugs(set)...)
	assets = bundleAssets(set.Studies, assets)
	diags = append(diags, checkImages(site, set.Studies)...)
	var pd diag.List
	set.Partners, pd = loadPartners(site, set.Studies)
	diags = append(diags, pd...)
	set.Assets = assets
	if !opt.Drafts {
		set.Studies = slices.DeleteFunc(set.Studies, func(c *CaseStudy) bool { return c.Draft })
		set.Pages = slices.DeleteFunc(set.Pages, func(p *Page) bool { return p.Draft })
		set.Assets = slices.DeleteFunc(set.Assets, func(a Asset) bool { return !bundleKept(set.Studies, a) })
	}
	slices.SortFunc(set.Studies, func(a, b *CaseStudy) int {
		return cmp.Or(b.Date.Compare(a.Date), strings.Compare(a.Slug, b.Slug))
	})
	slices.SortFunc(set.Pages, func(a, b *Page) int { return strings.Compare(a.Slug, b.Slug) })
	diags.Sort()
	return set, diags
}

// internPartnerKeys makes the keys of one organisation one string. A key
// is made for each mention, and at 100,000 case studies half a million
// mentions of tens of thousands of organisations were as many objects for
// the collector to mark, again and again, for the whole build. Load does it
// only without a Cache, whose parses other builds may be reading.
func internPartnerKeys(studies []*CaseStudy) {
	keys := map[string]string{}
	for _, cs := range studies {
		for i := range cs.Partners {
			p := &cs.Partners[i]
			if k, ok := keys[p.Key]; ok {
				p.Key = k
			} else {
				keys[p.Key] = p.Key
			}
		}
	}
}

// walk lists the files to decode and the bundle assets, with their sizes
// and modification times when stamp is set. Hidden files, files starting
// with "_" and editors' backup and swap files are skipped.
func walk(site fs.FS, stamp bool) ([]job, []Asset, diag.List) {
	var jobs []job
	var assets []Asset
	var diags diag.List
	err := fs.WalkDir(site, Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir {
				return fs.SkipAll // a site with no content folder has no content
			}
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Msg: "cannot read: " + err.Error()})
			return nil
		}
		name := e.Name()
		if p != Dir && skipName(name) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() || !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		dir, rel := path.Dir(p), strings.TrimPrefix(p, CaseStudies+"/")
		var size int64
		var mod time.Time
		if stamp && e.Type().IsRegular() {
			if info, err := e.Info(); err == nil {
				size, mod = info.Size(), info.ModTime()
			}
		}
		switch {
		case dir == Dir && path.Ext(name) == ".md":
			jobs = append(jobs, job{file: p, kind: 1, size: size, mod: mod})
		case dir == CaseStudies && path.Ext(name) == ".md":
			jobs = append(jobs, job{file: p, size: size, mod: mod})
		case strings.HasPrefix(p, CaseStudies+"/") && strings.Contains(rel, "/"):
			bundle, file, _ := strings.Cut(rel, "/")
			switch {
			case file == "index.md":
				jobs = append(jobs, job{file: p, dir: CaseStudies + "/" + bundle, size: size, mod: mod})
			case path.Ext(file) == ".md":
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Severity: diag.Warning, Msg: "ignored: a case study folder holds one index.md",
					Hint: "move it to " + CaseStudies + "/ to make it a case study of its own"})
			default:
				assets = append(assets, Asset{File: p})
			}
		case path.Ext(name) == ".md":
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Severity: diag.Warning, Msg: "ignored: not a case study or a page",
				Hint: "case studies go in " + CaseStudies + "/, pages directly in " + Dir + "/"})
		}
		return nil
	})
	if err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: Dir}, Msg: "cannot read: " + err.Error()})
	}
	return jobs, assets, diags
}

func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".bak")
}

func defaultSlug(j job) string {
	if j.dir != "" {
		return slug.Make(path.Base(j.dir))
	}
	return slug.Make(strings.TrimSuffix(path.Base(j.file), ".md"))
}

// bundleAssets publishes each bundle's files under its case study's slug,
// which may differ from the folder name.
func bundleAssets(studies []*CaseStudy, assets []Asset) []Asset {
	slugs := map[string]string{}
	for _, c := range studies {
		if c.Dir != "" {
			slugs[c.Dir] = c.Slug
		}
	}
	var out []Asset
	for _, a := range assets {
		rel := strings.TrimPrefix(a.File, CaseStudies+"/")
		dir, file, _ := strings.Cut(rel, "/")
		if s, ok := slugs[CaseStudies+"/"+dir]; ok && s != "" {
			out = append(out, Asset{File: a.File, Path: "/case-studies/" + s + "/" + file})
		}
	}
	return out
}

// bundleKept reports whether an asset belongs to a case study that is kept.
func bundleKept(studies []*CaseStudy, a Asset) bool {
	for _, c := range studies {
		if c.Dir != "" && strings.HasPrefix(a.File, c.Dir+"/") {
			return true
		}
	}
	return false
}

// ParseCaseStudy splits and decodes one case-study file, checking it with
// opt's tag vocabulary and time. It returns nil when the front matter cannot
// be read at all.
func ParseCaseStudy(file string, src []byte, opt Options) (*CaseStudy, diag.List) {
	return parseCaseStudy(file, src, opt, nil)
}

// parseCaseStudy is ParseCaseStudy, parsing the front matter in sc (see
// node.ParseYAMLIn) when it is not nil: nothing of the nodes outlives it.
func parseCaseStudy(file string, src []byte, opt Options, sc *node.Scratch) (*CaseStudy, diag.List) {
	b, d, root, diags := parse(file, src, sc)
	if root == nil {
		return nil, diags
	}
	dec := &decoder{Decoder: d, tags: opt.Tags, now: opt.Now}
	cs := dec.caseStudy(root)
	cs.File, cs.Body, cs.BodyLine = file, b.Body, b.BodyLine
	cs.sum = crc32.Checksum(src, castagnoli)
	cs.bodyAt = -1
	if at := len(src) - len(b.Body); bytes.Equal(src[at:], b.Body) {
		// The body is the file's tail, as it is unless the file has a
		// byte-order mark or carriage returns: ReadBody need not split.
		cs.bodyAt = at
	}
	if opt.LazyBodies {
		cs.Body = nil
	}
	return cs, dec.Diags
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ReadBody returns a case study's Markdown: its Body, or when it was loaded
// with LazyBodies, the body of its file read again, into *buf (grown as
// needed, for the caller to reuse once done with the body) when buf is not
// nil. A file that changed since it was loaded is an error: its body might
// not go with its front matter.
func ReadBody(site fs.FS, cs *CaseStudy, buf *[]byte) ([]byte, error) {
	if cs.Body != nil {
		return cs.Body, nil
	}
	if buf == nil {
		buf = new([]byte)
	}
	src, err := readInto(site, cs.File, *buf)
	*buf = src
	if err != nil {
		return nil, err
	}
	if crc32.Checksum(src, castagnoli) != cs.sum {
		return nil, fmt.Errorf("%s changed during the build; build again", cs.File)
	}
	if cs.bodyAt >= 0 {
		return src[cs.bodyAt:], nil
	}
	b, d := Split(cs.File, src)
	if d != nil {
		return nil, errors.New(d.String())
	}
	return b.Body, nil
}

// readInto reads the file name of fsys into buf, grown as needed.
func readInto(fsys fs.FS, name string, buf []byte) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return buf[:0], err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && int64(cap(buf)) < st.Size()+1 && st.Size() < maxFile {
		buf = make([]byte, 0, st.Size()+512) // +512: a file may grow; EOF is seen without a new read
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// ParsePage splits and decodes a plain page: title, and optionally draft and slug.
func ParsePage(file string, src []byte) (*Page, diag.List) {
	b, d, root, diags := parse(file, src, nil)
	if root == nil {
		return nil, diags
	}
	m := d.Map(root, nil, "", pageKeys)
	d.Require(m, "title")
	p := &Page{File: file, Body: b.Body, BodyLine: b.BodyLine}
	dec := &decoder{Decoder: d}
	p.Title = dec.text(m, "title", 120)
	if v := m.Get("draft"); v != nil {
		p.Draft, _ = d.Bool(v, "draft")
	}
	p.Slug = slug.Make(strings.TrimSuffix(path.Base(file), ".md"))
	if v := m.Get("slug"); v != nil {
		if s, ok := d.String(v, "slug"); ok && slug.Valid(s) {
			p.Slug = s
		} else if ok {
			d.Errorf(v, "slug", hintSlug(s), "%q is not a slug", s)
		}
	}
	if slices.Contains(reserved, p.Slug) {
		d.Errorf(m.Node, "slug", "rename the file or set another slug:", "/%s/ is used by the portal itself", p.Slug)
	}
	return p, d.Diags
}

// parse splits a file and parses its front matter into a root mapping
// node, in sc when it is not nil.
func parse(file string, src []byte, sc *node.Scratch) (Block, *node.Decoder, *yaml.Node, diag.List) {
	b, bad := Split(file, src)
	if bad != nil {
		return b, nil, nil, diag.List{*bad}
	}
	var root *yaml.Node
	if b.Format == TOML {
		root, bad = node.FromTOML(file, b.Lines, b.Data)
	} else {
		root, bad = node.ParseYAMLIn(sc, file, b.Lines, b.Data)
	}
	if bad != nil {
		return b, nil, nil, diag.List{*bad}
	}
	d := &node.Decoder{File: file, Lines: b.Lines, Placeholder: Placeholder}
	if root == nil {
		return b, nil, nil, diag.List{{Pos: diag.Pos{File: file, Line: b.Lines, Col: 1}, Msg: "the front matter is empty",
			Hint: "`casebook new` writes a file with every field present"}}
	}
	if root.Kind != yaml.MappingNode {
		d.Errorf(root, "", "the front matter is a list of key: value lines", "expected keys and values, found %s", kindOf(root))
		return b, nil, nil, d.Diags
	}
	return b, d, root, nil
}

func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	}
	return "something else"
}
