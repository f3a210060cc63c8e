package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"iter"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"casebook/generator/markdown"
	"casebook/generator/output"
	"casebook/generator/render/engine"
	"casebook/generator/site"

	"golang.org/x/sync/errgroup"
)

// Page is what a page template receives.
type Page struct {
	Site        *site.Site
	Kind        string // the template: "home", "case-study", "term", ...
	Path        string // site path of the page, "/case-studies/x/"
	Title       string
	Description string
	Heading     string // the h1 when it differs from Title
	Study       *site.Study
	// Body is a case study page's rendered Markdown, its study's, made
	// for the page: valid while the page renders (a build makes it in
	// memory that the next page's body uses again); nil on other pages.
	// Templates that show a body on another page call the study's
	// Rendered.
	Body     *site.Body
	Term     *site.Term
	Terms    []*site.Term
	Partner  *site.Partner
	Partners []*site.Partner
	Plain    *site.Page
	Studies  []*site.Study // the studies listed on this page
	Pager    *Pager
	Feed     string // site path of this page's Atom feed, if any
	JSONLD   template.JS
	Image    string // absolute URL for OpenGraph, if any
	Drafts   bool   // the build includes drafts (the preview)
	Section  string // site path of the main-menu entry the page is under: "/tags/"; "" for none
	Crumbs   []Crumb
	cards    *cards // the studies' cards, rendered once per build
	index    Index
}

// Index returns the search index's manifest, or nil when the site has no
// search index. It may block until the index is built, and is called at most
// by the pages that ask for it (SearchManifest).
type Index func() ([]byte, error)

// SearchManifest returns the search index's manifest, for the search page to
// carry inline so that its script starts without fetching it; "" when the
// build makes no index.
func (p *Page) SearchManifest() (template.JS, error) {
	if p.index == nil {
		return "", nil
	}
	b, err := p.index()
	// The manifest is JSON as encoding/json writes it, with <, > and &
	// escaped: it cannot close the script element it is put in.
	return template.JS(b), err
}

// Card returns the theme's "cardbody" for a study. Cards are executed once
// per build and shared by every page that lists the study, which makes list
// and term pages cheap however many there are.
func (p *Page) Card(st *site.Study) (template.HTML, error) {
	return p.cards.get(st)
}

// Crumb is one link of a page's breadcrumb trail, from the home page down
// to the page's parent; the page itself is not in it.
type Crumb struct {
	Name string
	Path string // site path
}

// Current says how a main-menu entry relates to the page, as the value of
// aria-current: "page" on the entry's own page, "true" on a page under it,
// "" elsewhere.
func (p *Page) Current(section string) string {
	switch {
	case p.Path == section:
		return "page"
	case p.Section == section:
		return "true"
	}
	return ""
}

// Pager links the pages of a paginated list.
type Pager struct {
	Current, Total int
	Prev, Next     string // site paths, "" at the ends
	// Pages are the numbered links to show: the first and last pages and
	// those near the current one, with a Gap where numbers are left out,
	// so that a list of thousands of pages does not put thousands of
	// links on each of them.
	Pages []PagerLink
}

// PagerLink is one numbered page of a list, or a gap between numbers.
type PagerLink struct {
	Number int
	Path   string
	Gap    bool // numbers are left out here; Number and Path are unset
}

// pagerNear is how many pages on each side of the current one the pager
// links besides the first and the last.
const pagerNear = 2

// window returns the links a pager shows on page current of total. A gap
// stands for two numbers or more: one left-out number is shown instead.
func window(current, total int, path func(int) string) []PagerLink {
	shown := func(n int) bool { return n == 1 || n == total || (n >= current-pagerNear && n <= current+pagerNear) }
	var out []PagerLink
	for n := 1; n <= total; n++ {
		if shown(n) || (shown(n-1) && shown(n+1)) {
			out = append(out, PagerLink{Number: n, Path: path(n)})
			continue
		}
		out = append(out, PagerLink{Gap: true})
		// Jump to the last number of the gap: the loop stays linear in what
		// it shows, however long the list.
		if n < current-pagerNear {
			n = current - pagerNear - 1
		} else {
			n = total - 1
		}
	}
	return out
}

// Options say how to render a site's pages.
type Options struct {
	Drafts bool  // the build includes drafts (the preview)
	Index  Index // gives the search page the index's manifest; may be nil
	// Done, when set, is called after each page is put out, from the
	// goroutine that rendered it, with the page as rendered: its Body is
	// valid until Done returns.
	Done func(*Page) error
	// Interpret executes every page with html/template alone, without the
	// compiled templates of package engine; Compiled fails a page that the
	// engine leaves to html/template instead. Both are for tests and
	// comparisons: by default a page runs compiled, and with html/template
	// when the engine cannot reproduce it.
	Interpret, Compiled bool
}

// Render executes every page of the site in parallel and puts each, and
// the theme's assets, into out as soon as it is made; it returns how many
// pages it rendered. The search page, which may wait for opt.Index, comes
// last. ctx cancels the work.
func (t *Theme) Render(ctx context.Context, s *site.Site, opt Options, out output.Sink) (int, error) {
	// The pages are made as they are handed out (see pageSeq).
	ps := t.newPageSet(s, opt)
	if err := ps.cards.fill(ctx, s.Studies); err != nil {
		return 0, err
	}
	for _, f := range t.files {
		if err := out.Put(f); err != nil {
			return 0, err
		}
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	n := 0
	for p := range t.pageSeq(s) {
		ps.own(p)
		n++
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			// A study page's body is made in a scratch kept for the
			// next page's once this one is done with it.
			var sc *markdown.Scratch
			if p.Study != nil {
				sc = ps.scratch()
				defer ps.scratches.Put(sc)
			}
			q, err := ps.withBody(p, sc)
			if err != nil {
				return err
			}
			// The page's buffer is the writer's until it is written, then
			// the next page's.
			buf := ps.buffer()
			err = ps.renderInto(buf, &q)
			if err == nil {
				err = out.Put(output.File{Path: filePath(p.Path), Data: buf.Bytes(), Release: func() { ps.release(buf) }})
			} else {
				ps.release(buf)
			}
			if err == nil && opt.Done != nil {
				err = opt.Done(&q)
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return n, nil
}

// PageSet is every page of a site, known by path before any is rendered,
// so that a preview renders only the pages it is asked for. It is safe for
// concurrent use; it does not remember what it rendered.
type PageSet struct {
	t         *Theme
	s         *site.Site
	opt       Options
	cards     *cards
	list      []*Page
	byFile    map[string]*Page // see page
	ldBufs    sync.Pool        // of *[]byte, for pages' JSON-LD (see renderInto)
	scratches sync.Pool        // of *markdown.Scratch, for study pages' bodies (see Render)
	indexOnce sync.Once
	// size is the pages of each kind made so far and their bytes, to size
	// the next one's buffer at once instead of growing it a dozen times.
	size map[string]*pageSizes
	// free holds the buffers of pages written out, for the next pages:
	// without them, a 10k build allocated a gigabyte of page buffers. (A
	// sync.Pool lost them at every collection, a few dozen in a build.)
	free chan *bytes.Buffer
}

// freeBuffers is how many page buffers are kept for reuse: more than the
// pages being rendered and waiting to be written at any time.
const freeBuffers = 64

// maxFreeBuffer is the largest buffer kept: a page of megabytes (a partner
// of thousands of case studies) does not hold its memory for the rest.
const maxFreeBuffer = 1 << 20

// buffer returns an empty buffer, one a written page gave back if any.
func (ps *PageSet) buffer() *bytes.Buffer {
	select {
	case b := <-ps.free:
		b.Reset()
		return b
	default:
		return new(bytes.Buffer)
	}
}

// release keeps a page's buffer for another page, if there is room.
func (ps *PageSet) release(b *bytes.Buffer) {
	if b.Cap() > maxFreeBuffer {
		return
	}
	select {
	case ps.free <- b:
	default:
	}
}

// pageSizes adds up the sizes of the pages of a kind. The hint is a little
// over their mean, not their largest: at 100,000 case studies one partner
// page of megabytes would otherwise make every partner page's buffer as
// big, gigabytes of allocations in all.
type pageSizes struct{ n, bytes atomic.Int64 }

func (z *pageSizes) hint() int {
	n := z.n.Load()
	if n == 0 {
		return 0
	}
	return int(z.bytes.Load() / n * 5 / 4)
}

func (z *pageSizes) add(size int) {
	z.n.Add(1)
	z.bytes.Add(int64(size))
}

// Pages lists the pages of a site, to render one at a time (opt.Done is
// not used).
func (t *Theme) Pages(s *site.Site, opt Options) *PageSet {
	ps := t.newPageSet(s, opt)
	for p := range t.pageSeq(s) {
		ps.list = append(ps.list, ps.own(p))
	}
	return ps
}

// newPageSet returns a PageSet without its list of pages.
func (t *Theme) newPageSet(s *site.Site, opt Options) *PageSet {
	ps := &PageSet{t: t, s: s, opt: opt, cards: t.newCards(s, opt), size: map[string]*pageSizes{}, free: make(chan *bytes.Buffer, freeBuffers)}
	for _, kind := range pageNames {
		ps.size[kind] = new(pageSizes)
	}
	return ps
}

// own gives a page of pageSeq what every page of the set has.
func (ps *PageSet) own(p *Page) *Page {
	p.Site, p.Drafts, p.cards, p.index = ps.s, ps.opt.Drafts, ps.cards, ps.opt.Index
	return p
}

// page returns the page at a file path, or nil. The pages are indexed by
// file on the first call: a build renders them all in turn and never asks
// (at 100,000 studies the index is 144,000 strings and a map).
func (ps *PageSet) page(file string) *Page {
	ps.indexOnce.Do(func() {
		ps.byFile = make(map[string]*Page, len(ps.list))
		for _, p := range ps.list {
			ps.byFile[filePath(p.Path)] = p
		}
	})
	return ps.byFile[file]
}

// Len is the number of pages.
func (ps *PageSet) Len() int { return len(ps.list) }

// Has reports whether a page is at this file path ("x/index.html").
func (ps *PageSet) Has(file string) bool { return ps.page(file) != nil }

// Render executes the page at a file path; ok is false when there is none.
func (ps *PageSet) Render(file string) (data []byte, ok bool, err error) {
	p := ps.page(file)
	if p == nil {
		return nil, false, nil
	}
	data, err = ps.render(p)
	return data, true, err
}

func (ps *PageSet) render(p *Page) ([]byte, error) {
	q, err := ps.withBody(p, nil)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := ps.renderInto(&buf, &q); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// withBody returns a copy of the page to render, with its study's body:
// lent in sc's memory when sc is not nil (see site.Study.Lend), else
// Rendered.
func (ps *PageSet) withBody(p *Page, sc *markdown.Scratch) (Page, error) {
	q := *p
	if p.Study == nil {
		return q, nil
	}
	var body site.Body
	var err error
	if sc != nil {
		body, err = p.Study.Lend(sc)
	} else {
		body, err = p.Study.Rendered()
	}
	if err != nil {
		return q, fmt.Errorf("rendering %s: %w", p.Path, err)
	}
	q.Body = &body
	return q, nil
}

// scratch returns a Scratch for a body, one a page done with gave back if
// any.
func (ps *PageSet) scratch() *markdown.Scratch {
	if sc, ok := ps.scratches.Get().(*markdown.Scratch); ok {
		return sc
	}
	return new(markdown.Scratch)
}

// renderInto renders a page, a copy of the PageSet's (withBody), into buf,
// grown first to about the size of the pages of its kind.
func (ps *PageSet) renderInto(buf *bytes.Buffer, q *Page) error {
	// The JSON-LD is made in a buffer kept for the next page: the page's
	// copy q, which holds it, goes when the page is written.
	ld, _ := ps.ldBufs.Get().(*[]byte)
	if ld == nil {
		ld = new([]byte)
	}
	defer ps.ldBufs.Put(ld)
	q.JSONLD, *ld = ps.t.appendJSONLD(*ld, q)
	size := ps.size[q.Kind]
	buf.Grow(size.hint())
	err := ps.execute(buf, q)
	size.add(buf.Len())
	return err
}

// execute runs a page's template into buf.
func (ps *PageSet) execute(buf *bytes.Buffer, p *Page) error {
	if err := runTemplate(buf, ps.t.progs[p.Kind], ps.t.pages[p.Kind], "templates/"+p.Kind+".html", p, ps.opt); err != nil {
		return fmt.Errorf("rendering %s: %w", p.Path, err)
	}
	// The templates were minified when the theme was loaded and Markdown
	// bodies when they were rendered: the page is not minified again.
	return nil
}

// runTemplate runs the template name of set on data into buf: compiled by
// prog when there is one and it can, else by html/template, as opt says.
func runTemplate(buf *bytes.Buffer, prog *engine.Program, set *template.Template, name string, data any, opt Options) error {
	if prog == nil && opt.Compiled {
		return fmt.Errorf("template %s not compiled", name)
	}
	if prog != nil && !opt.Interpret {
		start := buf.Len()
		err := prog.Execute(buf, data)
		if err == nil || opt.Compiled {
			return err
		}
		buf.Truncate(start) // html/template writes it, or says what is wrong
	}
	return set.ExecuteTemplate(buf, name, data)
}

// filePath maps a site path to the file that serves it: "/x/" → "x/index.html".
func filePath(p string) string {
	if strings.HasSuffix(p, "/") {
		return strings.TrimPrefix(p, "/") + "index.html"
	}
	return strings.TrimPrefix(p, "/")
}

// pageSeq yields every page of the portal, in the order a build renders
// them: made as they are asked for, so that a build need not hold a
// hundred thousand pages waiting their turn (PageSet lists them all, for
// the preview). A page yielded is the caller's.
func (t *Theme) pageSeq(s *site.Site) iter.Seq[*Page] {
	return func(yield func(*Page) bool) { t.eachPage(s, yield) }
}

// eachPage is pageSeq's loop; it returns false when yield did.
func (t *Theme) eachPage(s *site.Site, yield func(*Page) bool) bool {
	all := func(pages []*Page) bool {
		for _, p := range pages {
			if !yield(p) {
				return false
			}
		}
		return true
	}
	per := t.cfg.Build.PerPage
	home := Crumb{"Home", "/"}
	if !yield(&Page{Kind: "home", Path: "/", Title: s.Config.Title, Description: s.Config.Description, Feed: "/feed.xml", Studies: s.Studies[:min(len(s.Studies), 6)]}) ||
		!all(paginate(&Page{Kind: "list", Path: "/case-studies/", Title: "Case studies", Section: "/case-studies/",
			Description: "Every case study of " + s.Config.Title + ", newest first.", Feed: "/feed.xml", Crumbs: []Crumb{home}}, s.Studies, per)) {
		return false
	}
	// Pages of a kind share their crumbs: one slice, not one a page.
	studyCrumbs := []Crumb{home, {"Case studies", "/case-studies/"}}
	for _, st := range s.Studies {
		p := &Page{Kind: "case-study", Path: st.URL, Title: st.Title, Description: st.Summary, Study: st,
			Section: "/case-studies/", Crumbs: studyCrumbs}
		if st.Image != nil && st.Image.Src != "" {
			p.Image = t.cfg.Abs(st.Image.Src)
		}
		if !yield(p) {
			return false
		}
	}
	taxonomies := []struct {
		kind, title, desc string
		terms             []*site.Term
		feed              bool
	}{
		{"tags", "Themes", "Case studies by theme: innovation, inclusion, ethics and human rights.", s.Tags, true},
		{"sectors", "Sectors", "Case studies by the sectors of their partners.", s.Sectors, false},
		{"sdgs", "Sustainable Development Goals", "Case studies by the UN Sustainable Development Goals they work towards.", s.SDGs, false},
		{"regions", "Regions", "Case studies by UN M49 region, derived from the countries where they work.", s.AllRegions(), false},
	}
	for _, tx := range taxonomies {
		index := tx.terms
		if tx.kind == "regions" {
			index = s.Regions
		}
		section := "/" + tx.kind + "/"
		if !yield(&Page{Kind: "terms", Path: section, Title: tx.title, Description: tx.desc, Terms: index, Section: section, Crumbs: []Crumb{home}}) {
			return false
		}
		for _, term := range tx.terms {
			p := &Page{Kind: "term", Path: term.URL, Title: termTitle(tx.kind, term), Description: term.Description, Term: term,
				Section: section, Crumbs: []Crumb{home, {tx.title, section}}}
			if term.Parent != nil {
				p.Crumbs = append(p.Crumbs, Crumb{term.Parent.Name, term.Parent.URL})
			}
			if p.Description == "" {
				p.Description = fmt.Sprintf("%s in %s.", plural(len(term.Studies), "case study", "case studies"), term.Name)
			}
			if tx.feed {
				p.Feed = term.URL + "feed.xml"
			}
			if !all(paginate(p, term.Studies, per)) {
				return false
			}
		}
	}
	if !yield(&Page{Kind: "partners", Path: "/partners/", Title: "Partners", Section: "/partners/", Crumbs: []Crumb{home},
		Description: "Every organisation in " + s.Config.Title + " and its partnerships.", Partners: s.Partners}) {
		return false
	}
	partnerCrumbs := []Crumb{home, {"Partners", "/partners/"}}
	for _, org := range s.Partners {
		desc := org.Description
		if desc == "" {
			desc = fmt.Sprintf("%s, a partner from the %s sector in %s.", org.Name, strings.ToLower(org.Sector.Name), plural(len(org.Roles), "case study", "case studies"))
		}
		if !yield(&Page{Kind: "partner", Path: org.Page, Title: org.Name, Description: desc, Partner: org,
			Section: "/partners/", Crumbs: partnerCrumbs}) {
			return false
		}
	}
	for _, pg := range s.Pages {
		if !yield(&Page{Kind: "page", Path: pg.URL, Title: pg.Title, Plain: pg, Crumbs: []Crumb{home}}) {
			return false
		}
	}
	// The search page is last: it may wait for the search index, which is
	// built while the other pages render.
	return all([]*Page{
		{Kind: "404", Path: "/404.html", Title: "Page not found"},
		{Kind: "search", Path: "/search/", Title: "Search", Description: "Search the case studies of " + s.Config.Title + ".", Crumbs: []Crumb{home}},
	})
}

// plural writes a count with its noun: "1 case study", "3 case studies".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func termTitle(kind string, t *site.Term) string {
	switch kind {
	case "sdgs":
		return "SDG " + t.Key + ": " + t.Name
	case "tags":
		return t.Name
	case "sectors":
		return "Sector: " + t.Name
	}
	return t.Name
}

// paginate splits a list page into pages of per studies: the first at p.Path,
// the others at p.Path + "page/<n>/".
func paginate(p *Page, studies []*site.Study, per int) []*Page {
	total := max(1, (len(studies)+per-1)/per)
	path := func(n int) string {
		if n == 1 {
			return p.Path
		}
		return p.Path + "page/" + strconv.Itoa(n) + "/"
	}
	out := make([]*Page, total)
	for n := 1; n <= total; n++ {
		q := *p
		q.Path = path(n)
		q.Studies = studies[(n-1)*per : min(len(studies), n*per)]
		q.Pager = &Pager{Current: n, Total: total, Pages: window(n, total, path)}
		if n > 1 {
			q.Pager.Prev = path(n - 1)
			q.Title = fmt.Sprintf("%s, page %d", p.Title, n)
			q.Crumbs = append(slices.Clone(p.Crumbs), Crumb{p.Title, p.Path})
		}
		if n < total {
			q.Pager.Next = path(n + 1)
		}
		out[n-1] = &q
	}
	return out
}
