package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"runtime"
	"sync"

	"casebook/generator/site"

	"golang.org/x/sync/errgroup"
)

// cards holds the studies' rendered "cardbody", each executed once and
// shared by every page that lists the study. A full build fills it in
// parallel before the pages; a preview fills it as pages ask. It is safe
// for concurrent use.
type cards struct {
	tpl  *template.Template // a page template set: every set holds the shared partials
	html sync.Map           // *site.Study → template.HTML
}

func (t *Theme) newCards() *cards { return &cards{tpl: t.pages["list"]} }

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
	if err := c.tpl.ExecuteTemplate(&buf, "cardbody", st); err != nil {
		return "", fmt.Errorf("rendering the card of %s: %w", st.URL, err)
	}
	h, _ := c.html.LoadOrStore(st, template.HTML(buf.String()))
	return h.(template.HTML), nil
}
