// Package render turns an assembled site into output files: HTML pages from
// the theme's html/template files, Atom feeds, the sitemap, robots.txt and
// the open-data exports, all minified.
//
// Every page template receives a Page: the site, the page's own data (a
// study, a term, a partner, a list with its Pager), its breadcrumb trail
// and its metadata. Charts are drawn at build time as inline SVG with a
// text alternative (Chart), and the home and case-study pages carry
// schema.org JSON-LD; the theme needs no script.
//
// A Theme is loaded once from an fs.FS holding templates/ and assets/ (the
// site's own theme laid over the embedded default, file by file, with
// Overlay); its templates are parsed once and its assets minified once and
// given content-hashed names. A loaded Theme is immutable and safe for
// concurrent use: Render executes pages in parallel across all cores.
package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"path"
	"slices"
	"strings"

	"casebook/generator/config"
	"casebook/generator/output"
	"casebook/generator/render/engine"
	"casebook/generator/site"
)

// Theme is a parsed theme bound to a site's configuration.
type Theme struct {
	cfg    *config.Config
	min    *Minifier
	pages  map[string]*template.Template // by page template name: "home", "case-study", ...
	progs  map[string]*engine.Program    // the same, and cardBody, compiled; none where the engine does not cover a template
	assets map[string]string             // logical name ("style.css") → site path ("/assets/style.1a2b3c4d.css")
	files  []output.File                 // the hashed, minified assets
}

// pageNames are the templates every theme provides, in templates/<name>.html.
var pageNames = []string{"home", "list", "case-study", "terms", "term", "partners", "partner", "page", "search", "404"}

// LoadTheme parses the templates and prepares the assets of a theme.
// Templates are templates/_*.html (layout and partials, shared by every
// page) and templates/<page>.html; assets are every file under assets/.
func LoadTheme(theme fs.FS, cfg *config.Config, min *Minifier) (*Theme, error) {
	t := &Theme{cfg: cfg, min: min, pages: map[string]*template.Template{}, progs: map[string]*engine.Program{}, assets: map[string]string{}}
	if err := t.loadAssets(theme); err != nil {
		return nil, err
	}
	shared, err := fs.Glob(theme, "templates/_*.html")
	if err != nil || len(shared) == 0 {
		return nil, fmt.Errorf("theme: no templates/_*.html layout found")
	}
	funcs := t.funcs()
	base := template.New("").Funcs(funcs)
	for _, name := range shared {
		if err := parse(base, theme, name, min); err != nil {
			return nil, err
		}
	}
	for _, name := range pageNames {
		tpl, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := parse(tpl, theme, "templates/"+name+".html", min); err != nil {
			return nil, err
		}
		t.pages[name] = tpl
		// A template the engine does not cover, or that html/template
		// cannot escape, is executed by html/template, which reports the
		// escaping error on the first page as before.
		if prog, err := engine.Compile(tpl, "templates/"+name+".html", funcs, pageMethods...); err == nil {
			t.progs[name] = prog
		}
	}
	if prog, err := engine.Compile(t.pages["list"], cardBody, funcs, pageMethods...); err == nil {
		t.progs[cardBody] = prog
	}
	return t, nil
}

// pageMethods are the methods and theme functions that the templates call
// most, which the engine calls without reflection (a card for each study of
// a list, the menu's entries, a study's related studies), and the theme's
// functions whose result depends on their arguments alone: the links of the
// base template are written once.
var pageMethods = []engine.Option{
	engine.MethodOfErr("Card", (*Page).Card),
	engine.MethodOf("Current", (*Page).Current),
	engine.MethodOf0("Related", (*site.Study).Related),
	engine.MethodOf("Shared", (*site.Study).Shared),
	engine.FuncOf("related", related),
	engine.FuncOf("storyHeadings", storyHeadings),
	engine.FuncOf2("lessonGroups", lessonGroups),
	engine.FuncOf2("others", others),
	engine.FuncOf2("join", strings.Join),
	engine.Pure("url", "asset", "abs"),
}

func parse(t *template.Template, theme fs.FS, name string, min *Minifier) error {
	src, err := fs.ReadFile(theme, name)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	// Minify the template once here rather than every page it makes.
	if src, err = min.Bytes(templateType, src); err != nil {
		return fmt.Errorf("theme: minifying %s: %w", name, err)
	}
	if _, err := t.New(name).Parse(string(src)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
}

func (t *Theme) loadAssets(theme fs.FS) error {
	return fs.WalkDir(theme, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "assets" {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		ext := path.Ext(p)
		if mt := mime.TypeByExtension(ext); mt != "" {
			mt, _, _ = strings.Cut(mt, ";")
			if data, err = t.min.Bytes(mt, data); err != nil {
				return fmt.Errorf("theme: minifying %s: %w", p, err)
			}
		}
		sum := sha256.Sum256(data)
		logical := strings.TrimPrefix(p, "assets/")
		hashed := strings.TrimSuffix(logical, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		t.assets[logical] = "/assets/" + hashed
		t.files = append(t.files, output.File{Path: "assets/" + hashed, Data: data})
		return nil
	})
}

// Asset returns the site path of a theme asset by its logical name.
func (t *Theme) Asset(name string) (string, error) {
	p, ok := t.assets[name]
	if !ok {
		return "", fmt.Errorf("theme has no asset %q", name)
	}
	return t.cfg.Rel(p), nil
}

// Overlay returns a file system that reads from upper and falls back to
// lower, file by file; directory listings are the union of both.
func Overlay(upper, lower fs.FS) fs.FS { return overlay{upper, lower} }

type overlay struct{ upper, lower fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if st, err := fs.Stat(o.upper, name); err == nil && !st.IsDir() {
		return o.upper.Open(name)
	}
	return o.lower.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	a, errA := fs.ReadDir(o.upper, name)
	b, errB := fs.ReadDir(o.lower, name)
	if errA != nil && errB != nil {
		return nil, errB
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range append(a, b...) {
		if !seen[e.Name()] {
			seen[e.Name()] = true
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(x, y fs.DirEntry) int { return strings.Compare(x.Name(), y.Name()) })
	return out, nil
}

// Files returns the theme's assets as output files: minified, with
// content-hashed names. Render puts them out with the pages.
func (t *Theme) Files() []output.File { return t.files }
