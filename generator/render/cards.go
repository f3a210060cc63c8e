package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"runtime"
	"sync"

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
	html sync.Map // *site.Study → template.HTML
}

func (t *Theme) newCards(opt Options) *cards {
	return &cards{tpl: t.pages["list"], prog: t.progs[cardBody], opt: opt}
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
func (c *cards) get(st *site.Study) (template.HTML, error) {
	if h, ok := c.html.Load(st); ok {
		return h.(template.HTML), nil
	}
	var buf bytes.Buffer
	if err := runTemplate(&buf, c.prog, c.tpl, cardBody, st, c.opt); err != nil {
		return "", fmt.Errorf("rendering the card of %s: %w", st.URL, err)
	}
	h, _ := c.html.LoadOrStore(st, template.HTML(buf.String()))
	return h.(template.HTML), nil
}
