// Package markdown renders case-study bodies and inline fields with goldmark.
//
// A Renderer is configured once (GFM tables, strikethrough, autolinks and
// task lists, footnotes, typographer, heading IDs that keep non-ASCII letters)
// and is safe for concurrent use. Raw HTML is left out of the output and
// links with dangerous schemes (javascript:, data: other than images, ...)
// are dropped, as goldmark does when it is not told otherwise. A level-1
// heading in a body becomes level 2, since the page's title is its only h1.
//
// Besides the HTML, Render returns the headings (for anchors and tables of
// contents), the plain text (for the search index) and the link
// destinations with their lines (for link checking).
//
// Most bodies are written in a subset of Markdown (paragraphs, headings,
// tight lists, one-paragraph quotes, simple tables, emphasis and links)
// that Render reads without goldmark, six times faster, giving the same
// result byte for byte (see fast.go; FuzzFast compares the two).
package markdown

import (
	"bufio"
	"bytes"
	"html"
	"html/template"
	"strings"
	"sync"
	"unicode"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer renders Markdown. It holds no per-call state.
type Renderer struct {
	md      goldmark.Markdown
	noLinks parser.Parser // md's parser without GFM's autolinks (see parse)
	compact bool
	writers sync.Pool // of *bufio.Writer, see render
}

// Option configures a Renderer.
type Option func(*Renderer)

// WithCompactHTML makes Render leave out of a body's HTML what the theme's
// minifier would remove from it: the newlines between block-level tags and
// the comments that stand for omitted raw HTML (see compact).
func WithCompactHTML() Option {
	return func(r *Renderer) { r.compact = true }
}

// Heading is a section heading of a body.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is a link or image destination written in a body, with the 1-based
// line of the body it is on.
type Link struct {
	Dest string
	Line int
}

// Result is a rendered body.
type Result struct {
	HTML     template.HTML
	Headings []Heading
	Text     string // plain text, blocks separated by newlines
	Links    []Link
}

// New returns a Renderer.
func New(opts ...Option) *Renderer {
	parserOpts := goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(demoteH1{}, 100)),
	)
	r := &Renderer{
		md: goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer), parserOpts),
		// GFM is Linkify, Table, Strikethrough and TaskList.
		noLinks: goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList,
			extension.Footnote, extension.Typographer), parserOpts).Parser(),
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Render renders a Markdown body.
func (r *Renderer) Render(src []byte) (Result, error) { return r.renderBody(src, nil, false) }

// Scratch is memory that RenderIn makes bodies in and uses again for the
// next: a build renders a hundred thousand bodies, and their HTML and text,
// made afresh, were a third of what it allocated. Its zero value is ready;
// it is not safe for concurrent use.
type Scratch struct {
	html, text []byte
	lines      [][]byte
}

// RenderIn is Render, but the HTML and Text it returns may be made in s's
// memory: they are valid only until s is given to RenderIn again, and must
// not be kept beyond. (A body that goldmark renders, outside the fast
// path's subset, is made afresh; headings and links are always.) With a
// nil s, RenderIn is Render.
func (r *Renderer) RenderIn(s *Scratch, src []byte) (Result, error) {
	return r.renderBody(src, s, false)
}

// renderBody is Render: without goldmark when the body is in the subset
// renderFast takes (most are), else parsing as parse does with full.
func (r *Renderer) renderBody(src []byte, s *Scratch, full bool) (Result, error) {
	if !full {
		if res, html, ok := renderFast(src, s); ok {
			if r.compact {
				html = compact(html)
			}
			res.HTML = owned(html)
			return res, nil
		}
	}
	doc := r.parse(src, full)
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	if err := r.render(&buf, src, doc); err != nil {
		return Result{}, err
	}
	html := buf.Bytes()
	if r.compact {
		html = compact(html)
	}
	res := Result{HTML: owned(html)}
	res.Headings, res.Links, res.Text = inspect(doc, src)
	return res, nil
}

// parse parses a body. GFM's autolinks (linkify) try every space and
// every "*", "_", "~" and "(" of the text for a URL or an e-mail address
// that follows: a third of goldmark's parsing time, and a text node between
// every two words. Most bodies have neither: a body without "@" is parsed
// without autolinks first, and again with them only when some text of that
// parse holds "http:", "https:", "ftp:" or "www.", the only starts of a URL
// autolinks take (see linkable). full parses with autolinks at once, for
// the tests that compare the two ways.
func (r *Renderer) parse(src []byte, full bool) ast.Node {
	if !full && bytes.IndexByte(src, '@') < 0 {
		ctx := parser.NewContext(parser.WithIDs(newIDs()))
		doc := r.noLinks.Parse(text.NewReader(src), parser.WithContext(ctx))
		if !linkable(doc, src) {
			return doc
		}
	}
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	return r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
}

// linkable reports whether the text of a document parsed without autolinks
// holds the start of a URL that autolinks would take. Autolinks start at a
// space, "*", "_", "~", "(" or the start of a line; what follows up to the
// URL's ":" or "." has no syntax, so in a parse without autolinks it is text
// too (another node would start at a "*" or "_", not inside the URL), and
// text nodes keep the source's bytes. Each text node is read with the bytes
// on either side of it that could hold the rest of a prefix it cuts.
func linkable(doc ast.Node, src []byte) bool {
	www := bytes.Contains(src, []byte("www."))
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		const reach = len("https:") - 1
		if urlStart(src[max(t.Segment.Start-reach, 0):min(t.Segment.Stop+reach, len(src))], www) {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// urlStart reports whether b holds "http:", "https:", "ftp:" or, when www
// is set, "www.": the prefixes goldmark's linkify looks for, as they are
// ("HTTP:" is not one). Prose has few colons: they are found first.
func urlStart(b []byte, www bool) bool {
	for i := bytes.IndexByte(b, ':'); i >= 0; {
		if p := b[:i]; bytes.HasSuffix(p, []byte("http")) || bytes.HasSuffix(p, []byte("https")) || bytes.HasSuffix(p, []byte("ftp")) {
			return true
		}
		j := bytes.IndexByte(b[i+1:], ':')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return www && bytes.Contains(b, []byte("www."))
}

// Inline renders a one-paragraph field (a goal, an outcome) without the
// enclosing <p>. Block syntax in it is rendered as written.
func (r *Renderer) Inline(src string) template.HTML {
	if plainInline(src) {
		return template.HTML(src)
	}
	return r.inline(src)
}

// owned makes the HTML a body was rendered into a string without copying
// it, as strings.Builder does: the buffer is the renderer's own, made for
// this body, and nothing writes to it again. (A copy was 5% of a build's
// allocation.)
func owned(html []byte) template.HTML {
	return template.HTML(unsafe.String(unsafe.SliceData(html), len(html)))
}

// inline renders src the fast way (see fast) if it can, else with
// goldmark, and leaves out the <p> around a paragraph alone. A field is
// parsed without the body's heading IDs: one with a heading goes to
// goldmark.
func (r *Renderer) inline(src string) template.HTML {
	if res, html, ok := renderFast([]byte(src), nil); ok && len(res.Headings) == 0 {
		return unwrap(string(html))
	}
	return r.inlineGoldmark(src)
}

// inlineGoldmark is inline with goldmark.
func (r *Renderer) inlineGoldmark(src string) template.HTML {
	var buf bytes.Buffer
	b := []byte(src)
	if err := r.render(&buf, b, r.md.Parser().Parse(text.NewReader(b))); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return unwrap(buf.String())
}

// unwrap trims a rendered field and leaves out the <p> around a paragraph
// alone.
func unwrap(out string) template.HTML {
	out = strings.TrimSpace(out)
	if strings.HasPrefix(out, "<p>") && strings.HasSuffix(out, "</p>") && strings.Count(out, "<p>") == 1 {
		out = out[3 : len(out)-4]
	}
	return template.HTML(out)
}

// plainInline reports whether goldmark renders src, as one paragraph, to src
// itself: words, digits and the punctuation that no syntax, autolink or
// typographer rule of the Renderer reads, none of it at the start or the
// end, where it could open a block. Most goals, outcomes and lessons are
// plain, and checking one takes 44 ns where goldmark takes 2.3 µs for a
// goal of 20 words (FuzzPlainInline checks the claim against goldmark).
func plainInline(src string) bool {
	if src == "" || !alnum(src[0]) || len(src) > 1 && src[0] >= '0' && src[0] <= '9' {
		return false
	}
	if last := src[len(src)-1]; !alnum(last) && last != '.' && last != ')' && last != '%' {
		return false
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case alnum(c), c == ',', c == ';', c == '%', c == '/', c == '?', c == '(', c == ')', c == '$', c == '+', c == '=':
		case c == ' ':
			if src[i+1] == ' ' { // the last byte is not a space
				return false
			}
		case c == '.', c == '-':
			// "...", "--" and "www." are typography and autolinks.
			if i+1 < len(src) && src[i+1] == c || c == '.' && i >= 3 && strings.EqualFold(src[i-3:i], "www") {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func alnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

// render renders a parsed document into buf through a pooled bufio.Writer:
// goldmark makes a 4 KB one for every call otherwise, and a case study has
// a dozen inline fields.
func (r *Renderer) render(buf *bytes.Buffer, src []byte, doc ast.Node) error {
	w, _ := r.writers.Get().(*bufio.Writer)
	if w == nil {
		w = bufio.NewWriter(buf)
	}
	w.Reset(buf)
	err := r.md.Renderer().Render(w, src, doc)
	w.Reset(nil)
	r.writers.Put(w)
	return err
}

type demoteH1 struct{}

func (demoteH1) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level == 1 {
			h.Level = 2
		}
		return ast.WalkContinue, nil
	})
}

// inspect collects headings, links and plain text in one walk.
func inspect(doc ast.Node, src []byte) ([]Heading, []Link, string) {
	var heads []Heading
	var links []Link
	var b strings.Builder
	// The text is about as long as the source, rarely longer (typographer
	// entities): one allocation instead of a dozen doublings.
	b.Grow(len(src) + len(src)/16)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Heading:
			if entering {
				id, _ := n.AttributeString("id")
				idb, _ := id.([]byte)
				heads = append(heads, Heading{Level: n.Level, ID: string(idb), Text: plain(n, src)})
			}
		case *ast.Link:
			if entering {
				links = append(links, Link{Dest: string(n.Destination), Line: lineOf(n, src)})
			}
		case *ast.Image:
			if entering {
				links = append(links, Link{Dest: string(n.Destination), Line: lineOf(n, src)})
			}
		case *ast.Text:
			if entering {
				b.Write(n.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.WriteString(html.UnescapeString(string(n.Value))) // typographer entities
			}
		case *ast.CodeSpan, *ast.AutoLink:
			if entering {
				if a, ok := n.(*ast.AutoLink); ok {
					b.Write(a.URL(src))
					return ast.WalkSkipChildren, nil
				}
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if entering {
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					b.Write(seg.Value(src))
				}
			}
		}
		if !entering && n.Type() == ast.TypeBlock && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
	return heads, links, b.String()
}

func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ') // a setext heading's lines are words apart
			}
		case *ast.String:
			b.WriteString(html.UnescapeString(string(c.Value)))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// lineOf returns the 1-based line of an inline node, from the first text
// segment at or under it.
func lineOf(n ast.Node, src []byte) int {
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return 1 + bytes.Count(src[:p.Lines().At(0).Start], []byte{'\n'})
		}
	}
	return 0
}

// ids makes heading IDs that keep letters and digits of every script:
// "Résultats clés" → "résultats-clés"; repeated IDs get -1, -2, ...
type ids struct{ seen map[string]int }

func newIDs() *ids { return &ids{seen: map[string]int{}} }

func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range string(value) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	id := b.String()
	if id == "" {
		id = "section"
	}
	base := id
	for n := s.seen[base]; ; n++ {
		if n > 0 {
			id = base + "-" + itoa(n)
		}
		if _, taken := s.seen[id]; !taken {
			s.seen[base] = n + 1
			s.seen[id] = 1
			return []byte(id)
		}
	}
}

func (s *ids) Put(value []byte) { s.seen[string(value)] = 1 }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}
