package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"runtime"

	"casebook/generator/site"

	"golang.org/x/sync/errgroup"
)

// cards holds every study's rendered "cardbody". It is filled before the
// pages are rendered and only read afterwards, so pages read it concurrently
// without locks.
type cards struct {
	html map[*site.Study]template.HTML
}

// renderCards executes the theme's "cardbody" for every study, in parallel.
func (t *Theme) renderCards(ctx context.Context, studies []*site.Study) (*cards, error) {
	tpl := t.pages["list"] // every page template set holds the shared partials
	out := make([]template.HTML, len(studies))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, st := range studies {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := tpl.ExecuteTemplate(&buf, "cardbody", st); err != nil {
				return fmt.Errorf("rendering the card of %s: %w", st.URL, err)
			}
			out[i] = template.HTML(buf.String())
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	c := &cards{html: make(map[*site.Study]template.HTML, len(studies))}
	for i, st := range studies {
		c.html[st] = out[i]
	}
	return c, nil
}

func (c *cards) get(st *site.Study) (template.HTML, error) {
	if c == nil {
		return "", fmt.Errorf("cards are not rendered yet")
	}
	h, ok := c.html[st]
	if !ok {
		return "", fmt.Errorf("no card for %s", st.URL)
	}
	return h, nil
}
