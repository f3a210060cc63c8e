// Package generator builds a casebook site: Build loads the configuration
// and content, assembles the site, then renders the pages, makes the feeds
// and data exports and builds the search index at the same time, over a
// site folder given as an fs.FS, and streams each output file into
// Config.Out (output.Writer writes them to disk) or returns them all,
// sorted. Without a Cache, each case study's Markdown is read and rendered
// when its page is, handed to the search index and let go, so that a large
// site's bodies are never all held. NewPreview runs the same passes up to
// assembly, with every body rendered, and makes each page and file only
// when it is asked for: the preview server's build.
//
// Data flows one way: files → pages → rendered bodies → read-only site →
// output files. Build keeps no state between calls except in a Cache the
// caller passes, and is safe to call from several goroutines at once on
// different or equal inputs; two builds of the same input return
// byte-identical files, with or without a Cache.
package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"

	"casebook/generator/config"
	"casebook/generator/content"
	"casebook/generator/diag"
	"casebook/generator/links"
	"casebook/generator/markdown"
	"casebook/generator/output"
	"casebook/generator/render"
	"casebook/generator/search"
	"casebook/generator/site"
	"casebook/themes"

	"golang.org/x/sync/errgroup"
)

// Config says what to build.
type Config struct {
	Site    fs.FS  // the site folder: casebook.toml, content/, static/, themes/, data/
	Drafts  bool   // include drafts
	BaseURL string // when set, overrides base_url of casebook.toml
	Strict  bool   // warnings fail the build
	// Now is the time rules about the present are checked against (an
	// active partnership whose period has ended); zero means time.Now().
	Now time.Time
	// CheckLinks checks every internal link and anchor of the built pages.
	// It needs every page at once, so it collects them even when Out is set.
	CheckLinks bool
	// Out, when set, receives each file as soon as it is made, so that a
	// large site is never held in memory (output.Writer streams it to disk);
	// Result.Files is then nil. When nil, Result.Files holds every file.
	Out output.Sink
	// Cache, when set, carries the loaded theme, parsed content and
	// rendered Markdown from one build to the next (the preview server's
	// rebuilds); nil loads and renders everything.
	Cache *Cache
}

// Result is a finished build.
type Result struct {
	Files   []output.File // sorted by path
	Diags   diag.List     // warnings of a successful build; every diagnostic of a failed one
	Studies int
	Pages   int // HTML pages
	Passes  []Pass
}

// Pass is the time one pass took, for reports.
type Pass struct {
	Name     string
	Duration time.Duration
	// Parallel passes ran at the same time as their Parallel neighbours;
	// the Pass after them is the time they took together.
	Parallel bool
}

// ErrContent is wrapped by the error of a build that failed on its input
// (content or configuration), as opposed to an internal or I/O failure.
var ErrContent = errors.New("the site has errors")

// Build builds the site. When the input has errors, it returns a Result
// holding every diagnostic and an error wrapping ErrContent.
func Build(ctx context.Context, c Config) (*Result, error) {
	r := newRun()
	// Without a Cache to fill, bodies are rendered with their pages and let
	// go once written, so that they are never all held (a link check needs
	// them all at the end).
	stream := c.Cache == nil && !c.CheckLinks
	p, err := prepare(ctx, c, r, stream)
	if err != nil {
		return r.result(err)
	}
	s, theme := p.site, p.theme

	var out output.Sink = c.Out
	var all *collector
	if c.Out == nil || c.CheckLinks {
		all = &collector{}
		out = all
	}
	put := func(files []output.File, err error) error {
		for _, f := range files {
			if err != nil {
				break
			}
			err = out.Put(f)
		}
		return err
	}
	// The pages, the feeds and data, and the search index are made at the
	// same time: each pass has parts that use one core, and the search page
	// carries the index's manifest, so it waits for it (it renders last).
	g, gctx := errgroup.WithContext(ctx)
	manifest := newFuture[[]byte]()
	// The index starts beside the first pages.
	indexStarted := newFuture[*search.Builder]()
	go func() { indexStarted.set(search.NewBuilder(s), nil) }()
	// Each case study's page hands its body text to the index, then lets
	// go of a body another page had Rendered.
	done := func(pg *render.Page) error {
		if pg.Kind != "case-study" {
			return nil
		}
		index, _ := indexStarted.get()
		err := index.Add(pg.Study, pg.Body.Text) // a study page has a Body
		pg.Study.Release()
		return err
	}
	var times [3]time.Duration
	timed := func(i int, f func() error) func() error {
		return func() error {
			start := time.Now()
			err := f()
			times[i] = time.Since(start)
			return err
		}
	}
	g.Go(timed(0, func() (err error) {
		r.res.Pages, err = theme.Render(gctx, s, render.Options{Drafts: c.Drafts, Index: manifest.get, Done: done}, out)
		return err
	}))
	g.Go(timed(1, func() error { return put(extras(theme, s)) }))
	g.Go(timed(2, func() error {
		index, _ := indexStarted.get()
		files, err := index.Files(gctx)
		manifest.set(fileData(files, search.ManifestPath), err)
		return put(files, err)
	}))
	err = g.Wait()
	for i, name := range []string{"render", "feeds and data", "search"} {
		r.res.Passes = append(r.res.Passes, Pass{Name: name, Duration: times[i], Parallel: true})
	}
	r.lap("render, feeds, data and search")
	if err == nil {
		err = put(copyFiles(c.Site, p.set.Assets))
	}
	if err == nil && all != nil {
		err = output.Sort(all.files)
	}
	if errors.Is(err, output.ErrDuplicate) {
		return r.result(r.fail(duplicate(err)))
	} else if err != nil {
		return nil, err
	}
	r.lap("static")
	if c.CheckLinks {
		r.res.Diags = append(r.res.Diags, links.Check(all.files, p.cfg.BasePath(), bodyLinks(s))...)
		r.lap("links")
		if r.res.Diags.Err(c.Strict) != nil {
			return r.result(r.fail())
		}
		if c.Out != nil {
			if err := put(all.files, nil); err != nil {
				return nil, err
			}
		}
	}
	if c.Out == nil {
		r.res.Files = all.files
	}
	r.res.Studies = len(s.Studies)
	r.res.Diags.Sort()
	return r.res, nil
}

// future is a value made by one goroutine and waited for by others.
type future[T any] struct {
	done chan struct{}
	v    T
	err  error
}

func newFuture[T any]() *future[T] { return &future[T]{done: make(chan struct{})} }

// set gives the value; it must be called exactly once.
func (f *future[T]) set(v T, err error) {
	f.v, f.err = v, err
	close(f.done)
}

func (f *future[T]) get() (T, error) {
	<-f.done
	return f.v, f.err
}

// fileData returns the data of the file at path among files, or nil.
func fileData(files []output.File, path string) []byte {
	for _, f := range files {
		if f.Path == path {
			return f.Data
		}
	}
	return nil
}

// extras makes the files beside the pages: the Atom feeds, the sitemap and
// robots.txt, the data exports.
func extras(theme *render.Theme, s *site.Site) ([]output.File, error) {
	var all []output.File
	for _, gen := range []func(*site.Site) ([]output.File, error){theme.Feeds, theme.Sitemap, theme.Data} {
		files, err := gen(s)
		if err != nil {
			return nil, err
		}
		all = append(all, files...)
	}
	return all, nil
}

// run is one build's Result in the making and its pass timer.
type run struct {
	res   *Result
	timer time.Time
}

func newRun() *run { return &run{res: &Result{}, timer: time.Now()} }

// lap ends a pass.
func (r *run) lap(name string) {
	now := time.Now()
	r.res.Passes = append(r.res.Passes, Pass{Name: name, Duration: now.Sub(r.timer)})
	r.timer = now
}

// fail adds diagnostics and returns the error of a build that failed on
// its input.
func (r *run) fail(ds ...diag.Diagnostic) error {
	r.res.Diags = append(r.res.Diags, ds...)
	r.res.Diags.Sort()
	return fmt.Errorf("%w: %d errors", ErrContent, r.res.Diags.Errors())
}

// result is what Build returns for an error: the Result with its
// diagnostics when the input failed, nothing else otherwise.
func (r *run) result(err error) (*Result, error) {
	if errors.Is(err, ErrContent) {
		return r.res, err
	}
	return nil, err
}

func duplicate(err error) diag.Diagnostic {
	return diag.Diagnostic{Pos: diag.Pos{File: "static"}, Msg: err.Error(), Hint: "a file under static/ or a bundle may not take the path of a generated page"}
}

// prepared is a site ready to render: configuration, content and theme
// loaded and checked, Markdown rendered, the site assembled.
type prepared struct {
	cfg   *config.Config
	set   *content.Set
	site  *site.Site
	theme *render.Theme
}

// prepare runs the passes up to assembly. Input errors come back as an
// error wrapping ErrContent, with the diagnostics in r.res. With stream,
// the case studies' Markdown is rendered when their pages are (see
// site.Bodies), not here; the caller then releases each (see release).
func prepare(ctx context.Context, c Config, r *run, stream bool) (*prepared, error) {
	cfg, diags := config.Load(c.Site)
	r.res.Diags = append(r.res.Diags, diags...)
	if cfg != nil && c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			r.res.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: "--base-url"}, Msg: fmt.Sprintf("%q is not an absolute http or https URL", c.BaseURL)})
		} else {
			cfg.BaseURL, cfg.BaseURLSet = config.NormalizeBaseURL(u), true
		}
	}
	if cfg == nil || r.res.Diags.Errors() > 0 {
		return nil, r.fail()
	}
	if !cfg.BaseURLSet {
		r.res.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: config.File}, Field: "base_url", Severity: diag.Warning,
			Msg:  "not set; feeds, sitemap and canonical links use " + config.DefaultBaseURL,
			Hint: `set base_url = "https://…" in casebook.toml or pass --base-url before publishing`})
	}
	if c.Now.IsZero() {
		c.Now = time.Now()
	}
	// The theme loads while the content does: it needs only the
	// configuration.
	themeLoaded := newFuture[*render.Theme]()
	go func() { themeLoaded.set(c.Cache.loadTheme(c.Site, cfg, c.BaseURL)) }()
	set, diags := content.Load(ctx, c.Site, content.Options{Tags: append(content.CoreTags(), cfg.Tags...), Drafts: c.Drafts, Now: c.Now, Cache: c.Cache.content(), LazyBodies: stream})
	r.res.Diags = append(r.res.Diags, diags...)
	theme, err := themeLoaded.get()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err != nil {
		r.res.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: config.File}, Field: "theme", Msg: err.Error()})
	}
	if r.res.Diags.Err(c.Strict) != nil {
		return nil, r.fail()
	}
	r.lap("load")

	var mdOpts []markdown.Option
	if cfg.Build.Minify {
		mdOpts = append(mdOpts, markdown.WithCompactHTML())
	}
	md := markdown.New(mdOpts...)
	// The cache keys rendered Markdown by its source; the variant names what
	// else the rendering depends on: every option given to markdown.New.
	c.Cache.begin(fmt.Sprintf("minify=%t", cfg.Build.Minify))
	var bodies site.Bodies
	if stream {
		// The rendered body holds nothing of its source: the buffer the
		// source is read into serves the next body.
		var bufs sync.Pool
		bodies.Make = func(cs *content.CaseStudy, sc *markdown.Scratch) (site.Body, error) {
			bp, _ := bufs.Get().(*[]byte)
			if bp == nil {
				bp = new([]byte)
			}
			defer bufs.Put(bp)
			src, err := content.ReadBody(c.Site, cs, bp)
			if err != nil {
				return site.Body{}, err
			}
			return renderStudy(md, sc, cs, src)
		}
	} else {
		bodies.Held = make([]site.Body, len(set.Studies))
	}
	pageBodies, err := renderMarkdown(ctx, set, c.Cache, md, bodies.Held)
	if err != nil {
		return nil, err
	}
	if c.Cache == nil {
		// Nothing reads a Markdown source once it is rendered, and without
		// a Cache this build is the only holder of the parse: let the
		// sources go (a tenth of a big site's memory). Streamed bodies are
		// read again when their pages are rendered.
		for _, cs := range set.Studies {
			cs.Body = nil
		}
		for _, p := range set.Pages {
			p.Body = nil
		}
	}
	r.lap("markdown")
	s := site.Assemble(cfg, set, bodies, pageBodies)
	r.lap("assemble")
	return &prepared{cfg: cfg, set: set, site: s, theme: theme}, nil
}

// collector is a Sink that keeps every file, for callers that want them all.
type collector struct {
	mu    sync.Mutex
	files []output.File
}

func (c *collector) Put(f output.File) error {
	f, err := output.Materialize(f)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.files = append(c.files, f)
	c.mu.Unlock()
	return nil
}

// bodyLinks lists the links of every Markdown body with its source place.
func bodyLinks(s *site.Site) []links.Body {
	var out []links.Body
	for _, st := range s.Studies {
		body, _ := st.Rendered() // held: a build that checks links does not stream
		out = append(out, links.Body{Page: s.Config.Rel(st.URL), File: st.File, Line: st.BodyLine, Links: body.Links})
	}
	for _, p := range s.Pages {
		out = append(out, links.Body{Page: s.Config.Rel(p.URL), File: p.File, Line: p.BodyLine, Links: p.Rendered.Links})
	}
	return out
}

// loadTheme lays the site's theme folder, if the config names one, over the
// embedded default theme.
func loadTheme(site fs.FS, cfg *config.Config) (*render.Theme, error) {
	theme := themes.Default()
	if cfg.Theme != "" {
		dir := path.Join("themes", cfg.Theme)
		if st, err := fs.Stat(site, dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("theme folder %s/ not found", dir)
		}
		sub, err := fs.Sub(site, dir)
		if err != nil {
			return nil, err
		}
		theme = render.Overlay(sub, theme)
	}
	return render.LoadTheme(theme, cfg, render.NewMinifier(cfg.Build.Minify))
}

// renderMarkdown renders the plain pages and, into held when it is not
// nil, the case studies' bodies and inline fields: in parallel, except
// those the cache holds.
func renderMarkdown(ctx context.Context, set *content.Set, cache *Cache, md *markdown.Renderer, held []site.Body) ([]markdown.Result, error) {
	pages := make([]markdown.Result, len(set.Pages))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, cs := range set.Studies {
		if held == nil {
			break
		}
		var ok bool
		if held[i], ok = cached(cache, studiesOf, cs); ok {
			continue
		}
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			b, err := renderStudy(md, nil, cs, cs.Body)
			if err != nil {
				return err
			}
			held[i] = b
			keep(cache, studiesOf, cs, b)
			return nil
		})
	}
	for i, p := range set.Pages {
		var ok bool
		if pages[i], ok = cached(cache, pagesOf, p); ok {
			continue
		}
		g.Go(func() error {
			res, err := md.Render(p.Body)
			if err != nil {
				return fmt.Errorf("%s: %w", p.File, err)
			}
			pages[i] = res
			keep(cache, pagesOf, p, res)
			return nil
		})
	}
	return pages, g.Wait()
}

// renderStudy renders a case study's body (src) and inline fields; the
// body in sc's memory when sc is not nil (see markdown.Renderer.RenderIn).
func renderStudy(md *markdown.Renderer, sc *markdown.Scratch, cs *content.CaseStudy, src []byte) (site.Body, error) {
	res, err := md.RenderIn(sc, src)
	if err != nil {
		return site.Body{}, fmt.Errorf("%s: %w", cs.File, err)
	}
	b := site.Body{Result: res}
	for _, s := range cs.Goals {
		b.GoalsHTML = append(b.GoalsHTML, md.Inline(s))
	}
	for _, o := range cs.Outcomes {
		b.OutcomesHTML = append(b.OutcomesHTML, md.Inline(o.Outcome))
	}
	for _, l := range cs.Lessons {
		b.LessonsHTML = append(b.LessonsHTML, md.Inline(l.Text))
	}
	return b, nil
}

// copyFiles returns static/ as is and the bundles' files.
func copyFiles(site fs.FS, assets []content.Asset) ([]output.File, error) {
	var files []output.File
	err := fs.WalkDir(site, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != "static" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(site, p)
		if err != nil {
			return err
		}
		files = append(files, output.File{Path: strings.TrimPrefix(p, "static/"), Data: data})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, a := range assets {
		data, err := fs.ReadFile(site, a.File)
		if err != nil {
			return nil, err
		}
		files = append(files, output.File{Path: strings.TrimPrefix(a.Path, "/"), Data: data})
	}
	return files, nil
}
