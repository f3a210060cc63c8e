// Package links checks the internal links of a built site: every href and
// src in its HTML pages that points inside the site must name a file of the
// build, and a #fragment must name an id on the target page.
//
// Links written in Markdown bodies are reported at their line in the source
// file; other broken links come from the theme and are reported once per
// target, with the number of pages that carry them and one example. External
// links (another host, mailto:, tel:) are not fetched. Check reads its input
// only and is safe to call concurrently.
package links

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"casebook/generator/diag"
	"casebook/generator/markdown"
	"casebook/generator/output"

	"golang.org/x/net/html"
)

// Body is the Markdown body of one page, for positioned reports.
type Body struct {
	Page  string // site path of the page it is rendered on: "/case-studies/x/"
	File  string // source file under the site folder
	Line  int    // line of the file where the body starts
	Links []markdown.Link
}

type page struct {
	ids   map[string]bool
	links []string
}

// Check returns a diagnostic per broken internal link. base is the site's
// base path ("/" or "/portal/"), which every internal link carries.
func Check(files []output.File, base string, bodies []Body) diag.List {
	exists := make(map[string]bool, len(files))
	pages := map[string]*page{}
	for _, f := range files {
		exists[f.Path] = true
	}
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") {
			pages[f.Path] = scan(f.Data)
		}
	}
	var diags diag.List
	reported := map[string]bool{} // "page\x00target" already reported from a body
	for _, b := range bodies {
		for _, l := range b.Links {
			target, internal := resolve(b.Page, l.Dest, base)
			if !internal {
				continue
			}
			if msg := broken(target, base, exists, pages); msg != "" {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: b.File, Line: b.Line + l.Line - 1}, Field: "body",
					Msg: fmt.Sprintf("link %q: %s", l.Dest, msg), Hint: hint(target, exists)})
			}
			reported[b.Page+"\x00"+target] = true
		}
	}
	type theme struct {
		msg   string
		pages []string
	}
	byTarget := map[string]*theme{}
	for file, p := range pages {
		from := sitePath(file, base)
		for _, href := range p.links {
			target, internal := resolve(from, href, base)
			if !internal || reported[from+"\x00"+target] {
				continue
			}
			if msg := broken(target, base, exists, pages); msg != "" {
				key := href + "\x00" + msg
				if byTarget[key] == nil {
					byTarget[key] = &theme{msg: fmt.Sprintf("link %q: %s", href, msg)}
				}
				byTarget[key].pages = append(byTarget[key].pages, from)
			}
		}
	}
	for _, t := range byTarget {
		sort.Strings(t.pages)
		msg := t.msg + " (on " + t.pages[0]
		if n := len(t.pages); n > 1 {
			msg += fmt.Sprintf(" and %d other pages", n-1)
		}
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: "theme"}, Field: "link", Msg: msg + ")",
			Hint: "a template or the site's configuration links to a page or anchor that the build does not have"})
	}
	diags.Sort()
	return diags
}

// scan collects the ids and the link targets of an HTML page.
func scan(data []byte) *page {
	p := &page{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return p
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			tag := string(name)
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch key := string(k); {
				case key == "id", key == "name" && tag == "a":
					p.ids[string(v)] = true
				case key == "href" && (tag == "a" || tag == "link" || tag == "area"),
					key == "src" && (tag == "img" || tag == "script" || tag == "source" || tag == "iframe"):
					p.links = append(p.links, string(v))
				}
			}
		}
	}
}

// resolve turns a link on a page into an absolute path with its fragment,
// or reports false for links to another scheme or host.
func resolve(from, href, base string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "", false
	}
	abs := (&url.URL{Path: from}).ResolveReference(u)
	target := abs.Path
	if u.Path == "" && u.RawQuery == "" {
		target = from // "#x" stays on the page
	}
	if abs.Fragment != "" {
		target += "#" + abs.Fragment
	}
	return target, true
}

// broken says what is wrong with a resolved target, or "".
func broken(target, base string, exists map[string]bool, pages map[string]*page) string {
	if !strings.HasPrefix(target, base) {
		return "points outside the site's base path " + base
	}
	p, frag, _ := strings.Cut("/"+strings.TrimPrefix(target, base), "#")
	file := fileOf(p, exists)
	if file == "" {
		return "no such page or file"
	}
	if frag != "" {
		pg := pages[file]
		if pg != nil && !pg.ids[frag] {
			return fmt.Sprintf("page %s has no anchor #%s", p, frag)
		}
	}
	return ""
}

// fileOf returns the output file that serves a site path, or "".
func fileOf(p string, exists map[string]bool) string {
	rel := strings.TrimPrefix(p, "/")
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if exists[rel] {
		return rel
	}
	if exists[path.Join(rel, "index.html")] {
		return path.Join(rel, "index.html")
	}
	return ""
}

// sitePath returns the site path of an output file: "x/index.html" → "/x/".
func sitePath(file, base string) string {
	p := strings.TrimSuffix(file, "index.html")
	return base + p
}

func hint(target string, exists map[string]bool) string {
	if strings.Contains(target, "/case-studies/") && !strings.Contains(target, "#") {
		return "case studies are at /case-studies/<slug>/; check the slug"
	}
	return ""
}
