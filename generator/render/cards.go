package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"runtime"
	"sync/atomic"

	"casebook/generator/render/engine"
	"casebook/generator/site"

	"golang.org/x/sync/errgroup"
)

// cards holds the studies' rendered "cardbody", each executed once and
// shared by every page that lists the study. A full build fills it in
// parallel before the pages; a preview fills it as pages ask. It is safe
// for concurrent use.
type cards struct {
	tpl  *template.Template // a page template set: every set holds the shared partials
	prog *engine.Program    // its "cardbody" compiled; nil to execute tpl
	opt  Options
	// html[i] is the card of studies[i], the site's, once made; a study
	// knows its place (site.Study.Place). (A sync.Map, at 100,000
	// studies, took a CPU-second to look them up and 100,000 objects for
	// the collector to mark; a map by study, a third of a second.)
	studies []*site.Study
	html    []atomic.Pointer[template.HTML]
}

func (t *Theme) newCards(s *site.Site, opt Options) *cards {
	return &cards{tpl: t.pages["list"], prog: t.progs[cardBody], opt: opt, studies: s.Studies, html: make([]atomic.Pointer[template.HTML], len(s.Studies))}
}

// cardBody is the name of the card template, and of its program in
// Theme.progs.
const cardBody = "cardbody"

// fill executes the card of every study, in parallel.
func (c *cards) fill(ctx context.Context, studies []*site.Study) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, st := range studies {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			_, err := c.get(st)
			return err
		})
	}
	return g.Wait()
}

// get returns a study's card, executing it the first time.
// A study that is not one of the site's is executed every time.
func (c *cards) get(st *site.Study) (template.HTML, error) {
	i, ok := st.Place(c.studies)
	if ok {
		if h := c.html[i].Load(); h != nil {
			return *h, nil
		}
	}
	var buf bytes.Buffer
	if err := runTemplate(&buf, c.prog, c.tpl, cardBody, st, c.opt); err != nil {
		return "", fmt.Errorf("rendering the card of %s: %w", st.URL, err)
	}
	h := template.HTML(buf.String())
	if !ok {
		return h, nil
	}
	if c.html[i].CompareAndSwap(nil, &h) {
		return h, nil
	}
	return *c.html[i].Load(), nil // another goroutine made it first: every page shows the same
}
