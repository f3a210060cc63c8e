package render

import (
	"bytes"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// templateType is the media type of html/template sources, minified with
// their {{actions}} left as they are.
const templateType = "text/x-go-template+html"

// Minifier minifies output by media type. It is safe for concurrent use.
// When off, it returns its input unchanged.
type Minifier struct {
	m  *minify.M
	on bool
}

// NewMinifier returns a Minifier for HTML, CSS, JS, JSON, SVG and XML. HTML
// keeps its document tags and attribute quotes, which link-preview scrapers
// and some validators expect.
func NewMinifier(on bool) *Minifier {
	m := minify.New()
	keep := html.Minifier{KeepDocumentTags: true, KeepQuotes: true, KeepEndTags: true, KeepDefaultAttrVals: true}
	m.Add("text/html", &keep)
	tpl := keep
	tpl.TemplateDelims = html.GoTemplateDelims
	m.Add(templateType, &tpl)
	m.Add("text/css", &css.Minifier{})
	m.AddRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &json.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &xml.Minifier{})
	return &Minifier{m: m, on: on}
}

// Bytes minifies b of the given media type. The minifiers read b in place
// and may change it: b is not to be used after the call.
func (m *Minifier) Bytes(mediatype string, b []byte) ([]byte, error) {
	if !m.on {
		return b, nil
	}
	var out bytes.Buffer
	out.Grow(len(b))
	// A reader with Bytes is read in place by the minifiers (parse.NewInput),
	// where a bytes.Reader was copied whole first, growing as it went: 178
	// MB in a 10k build.
	if err := m.m.Minify(mediatype, &out, bytes.NewBuffer(b)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
