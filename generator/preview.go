package generator

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"

	"casebook/generator/output"
	"casebook/generator/render"
	"casebook/generator/search"
)

// Preview is a site made ready to serve without rendering all of it: the
// preview server's build. Everything a page depends on is loaded, checked,
// rendered from Markdown and assembled as in Build, and the theme's assets,
// static/ and the bundles' files are at hand; but a page is executed only
// the first time it is asked for, and the feeds, sitemap and data exports,
// or the search index, only the first time one of their files is. An edit
// therefore costs the pages a reader looks at, not the whole site.
//
// A Preview is immutable apart from what it remembers of the files it made;
// it is safe for concurrent use. Templates that fail on one page only
// report it when that page is asked for: Build finds them all.
type Preview struct {
	pages   *render.PageSet
	files   []output.File // theme assets, static/ and bundles, sorted
	byPath  map[string][]byte
	made    sync.Map // file path → *made, the pages rendered so far
	groups  []*group
	studies int
}

// made is one page, rendered once.
type made struct {
	once sync.Once
	data []byte
	err  error
}

// group is a set of files made together, the first time one is asked for.
type group struct {
	owns  func(file string) bool // which paths it may hold, known without making it
	make  func() ([]output.File, error)
	once  sync.Once
	files map[string][]byte
	err   error
}

func (g *group) open(file string) ([]byte, bool, error) {
	g.once.Do(func() {
		files, err := g.make()
		g.files = make(map[string][]byte, len(files))
		for _, f := range files {
			if err == nil {
				f, err = output.Materialize(f)
			}
			g.files[f.Path] = f.Data
		}
		g.err = err
	})
	data, ok := g.files[file]
	return data, ok, g.err
}

// NewPreview prepares a site as Build does, up to rendering. When the input
// has errors, it returns the Result with every diagnostic and an error
// wrapping ErrContent. c.Out and c.CheckLinks are ignored.
func NewPreview(ctx context.Context, c Config) (*Preview, *Result, error) {
	r := newRun()
	p, err := prepare(ctx, c, r, false)
	if err != nil {
		res, err := r.result(err)
		return nil, res, err
	}
	s, theme := p.site, p.theme
	feeds := func(f string) bool {
		return path.Ext(f) == ".xml" || f == "robots.txt" || strings.HasPrefix(f, "data/")
	}
	index := &group{
		owns: func(f string) bool { return strings.HasPrefix(f, "search/") },
		// Not bound to ctx: the index outlives the call that made the Preview.
		make: func() ([]output.File, error) { return search.Build(context.WithoutCancel(ctx), s) },
	}
	manifest := func() ([]byte, error) {
		data, _, err := index.open(search.ManifestPath)
		return data, err
	}
	pv := &Preview{pages: theme.Pages(s, render.Options{Drafts: c.Drafts, Index: manifest}), studies: len(s.Studies)}
	pv.groups = []*group{{owns: feeds, make: func() ([]output.File, error) { return extras(theme, s) }}, index}
	static, err := copyFiles(c.Site, p.set.Assets)
	if err != nil {
		return nil, nil, err
	}
	pv.files = append(append(pv.files, theme.Files()...), static...)
	err = output.Sort(pv.files)
	for _, f := range pv.files {
		if err == nil && pv.pages.Has(f.Path) {
			err = fmt.Errorf("%w %q", output.ErrDuplicate, f.Path)
		}
	}
	if errors.Is(err, output.ErrDuplicate) {
		res, err := r.result(r.fail(duplicate(err)))
		return nil, res, err
	} else if err != nil {
		return nil, nil, err
	}
	pv.byPath = make(map[string][]byte, len(pv.files))
	for _, f := range pv.files {
		pv.byPath[f.Path] = f.Data
	}
	r.lap("pages listed")
	r.res.Pages, r.res.Studies = pv.pages.Len(), pv.studies
	r.res.Diags.Sort()
	return pv, r.res, nil
}

// Open returns the file at a path of the output ("x/index.html"), making
// it if need be; ok is false when the site has no such file. err is a
// template or index failure of that file.
func (pv *Preview) Open(file string) (data []byte, ok bool, err error) {
	if d, ok := pv.byPath[file]; ok {
		return d, true, nil
	}
	if pv.pages.Has(file) {
		m, ok := pv.made.Load(file)
		if !ok {
			m, _ = pv.made.LoadOrStore(file, &made{})
		}
		pg := m.(*made)
		pg.once.Do(func() { pg.data, _, pg.err = pv.pages.Render(file) })
		return pg.data, true, pg.err
	}
	for _, g := range pv.groups {
		if g.owns(file) {
			return g.open(file)
		}
	}
	return nil, false, nil
}

// Lookup returns the file serving a URL path, as output.Mem does.
func (pv *Preview) Lookup(urlPath string) (name string, data []byte, ok bool, err error) {
	for _, p := range output.Candidates(urlPath) {
		if data, ok, err := pv.Open(p); ok || err != nil {
			return p, data, ok, err
		}
	}
	return "", nil, false, nil
}

// Files returns the files the Preview holds from the start, sorted by
// path: the theme's assets, static/ and the bundles' files. The preview
// server compares them between builds to swap stylesheets in place.
func (pv *Preview) Files() []output.File {
	if pv == nil {
		return nil
	}
	return pv.files
}

// Studies is the number of case studies.
func (pv *Preview) Studies() int { return pv.studies }
