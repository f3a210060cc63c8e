// Package config reads casebook.toml into a validated Config, once, at the
// boundary: later passes trust what it returns.
//
// A missing file means defaults. Unknown keys, values of the wrong type,
// a base_url that is not an absolute http(s) URL, a language that is not a
// language tag and tags that are not slugs are reported with their
// positions in the file, all in one run.
package config

import (
	"errors"
	"io/fs"
	"net/url"
	"strings"

	"casebook/generator/diag"
	"casebook/generator/node"
	"casebook/generator/slug"

	"golang.org/x/text/language"
)

// File is the name of the configuration file in the site folder.
const File = "casebook.toml"

// DefaultBaseURL is used when the site sets no base_url: right for the
// preview server and local builds, wrong for a published site.
const DefaultBaseURL = "http://localhost:1313/"

// Config is a site's validated configuration. It is immutable once loaded.
type Config struct {
	Title       string
	Description string
	BaseURL     *url.URL // absolute, with a path ending in "/"
	Language    string   // BCP 47 tag, "en" by default
	Theme       string   // folder under themes/ that overrides the default theme; "" for none
	// Tags are the site's extra tags, added to the core vocabulary.
	Tags []string
	// Descriptions override the descriptions of tags and SDG pages, keyed by
	// "tag:<slug>" or "sdg:<n>".
	Descriptions map[string]string
	// BaseURLSet reports whether base_url came from the file or a flag.
	BaseURLSet bool
	Build      Build
}

// Build holds the [build] options.
type Build struct {
	Minify  bool // default true
	PerPage int  // items per page of list pages, default 50
}

// Default returns the configuration of a site with no casebook.toml.
func Default() *Config {
	u, _ := url.Parse(DefaultBaseURL)
	return &Config{
		Title:       "Partnership case studies",
		Description: "Case studies of cross-sector partnerships: business, government, civil society and communities working together.",
		BaseURL:     u,
		Language:    "en",
		Build:       Build{Minify: true, PerPage: 50},
	}
}

var keys = []string{"title", "description", "base_url", "language", "theme", "tags", "descriptions", "build"}
var buildKeys = []string{"minify", "per_page"}

// Load reads casebook.toml from the site folder. A missing file yields the
// defaults; any problem yields a nil Config and every diagnostic found.
func Load(site fs.FS) (*Config, diag.List) {
	data, err := fs.ReadFile(site, File)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, diag.List{{Pos: diag.Pos{File: File}, Msg: err.Error()}}
	}
	return Parse(data)
}

// Parse validates the contents of a casebook.toml.
func Parse(data []byte) (*Config, diag.List) {
	data = trimBOM(data)
	root, syn := node.FromTOML(File, 0, data)
	if syn != nil {
		return nil, diag.List{*syn}
	}
	c := Default()
	d := &node.Decoder{File: File}
	m := d.Map(root, nil, "", keys)
	if v := m.Get("title"); v != nil {
		if s, ok := d.String(v, "title"); ok && strings.TrimSpace(s) == "" {
			d.Errorf(v, "title", "", "must not be empty")
		} else if ok {
			c.Title = s
		}
	}
	if v := m.Get("description"); v != nil {
		c.Description, _ = d.String(v, "description")
	}
	if v := m.Get("base_url"); v != nil {
		if s, ok := d.String(v, "base_url"); ok {
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
				d.Errorf(v, "base_url", `write the address the site is published at, e.g. "https://cases.example.org/"`, "%q is not an absolute http or https URL", s)
			} else {
				c.BaseURL, c.BaseURLSet = NormalizeBaseURL(u), true
			}
		}
	}
	if v := m.Get("language"); v != nil {
		if s, ok := d.String(v, "language"); ok {
			if tag, err := language.Parse(s); err != nil {
				d.Errorf(v, "language", `a BCP 47 language tag such as "en", "fr" or "pt-BR"`, "%q is not a language tag", s)
			} else {
				c.Language = tag.String()
			}
		}
	}
	if v := m.Get("theme"); v != nil {
		if s, ok := d.String(v, "theme"); ok {
			if !slug.Valid(s) {
				d.Errorf(v, "theme", "the name of a folder under themes/, in lower case letters, digits and hyphens", "%q is not a theme folder name", s)
			} else {
				c.Theme = s
			}
		}
	}
	for i, v := range d.Seq(m.Get("tags"), "tags") {
		f := node.Index("tags", i)
		if s, ok := d.String(v, f); ok {
			if !slug.Valid(s) {
				d.Errorf(v, f, "write it as "+quoteOr(slug.Make(s)), "tag %q is not in lower case letters, digits and hyphens", s)
				continue
			}
			c.Tags = append(c.Tags, s)
		}
	}
	descs := d.Map(m.Get("descriptions"), m.KeyNode("descriptions"), "descriptions", nil)
	for _, k := range descs.Keys() {
		if s, ok := d.String(descs.Get(k), node.Join("descriptions", k)); ok {
			if c.Descriptions == nil {
				c.Descriptions = map[string]string{}
			}
			c.Descriptions[k] = s
		}
	}
	b := d.Map(m.Get("build"), m.KeyNode("build"), "build", buildKeys)
	if v := b.Get("minify"); v != nil {
		c.Build.Minify, _ = d.Bool(v, "build.minify")
	}
	if v := b.Get("per_page"); v != nil {
		if n, ok := d.Int(v, "build.per_page"); ok {
			if n < 5 || n > 1000 {
				d.Errorf(v, "build.per_page", "", "must be between 5 and 1000")
			} else {
				c.Build.PerPage = n
			}
		}
	}
	if len(d.Diags) > 0 {
		return nil, d.Diags
	}
	return c, nil
}

// NormalizeBaseURL returns u with its path ending in "/".
func NormalizeBaseURL(u *url.URL) *url.URL {
	v := *u
	if !strings.HasSuffix(v.Path, "/") {
		v.Path += "/"
	}
	v.RawPath = ""
	return &v
}

// BasePath returns the path of the base URL, "/" or "/portal/": the prefix of
// every internal link.
func (c *Config) BasePath() string { return c.BaseURL.Path }

// Abs returns the absolute URL of a site path such as "/case-studies/x/".
func (c *Config) Abs(path string) string {
	return c.BaseURL.Scheme + "://" + c.BaseURL.Host + c.Rel(path)
}

// Rel returns the site path prefixed with the base path: "/portal/case-studies/x/".
func (c *Config) Rel(path string) string {
	return strings.TrimSuffix(c.BaseURL.Path, "/") + path
}

func quoteOr(s string) string {
	if s == "" {
		return "a slug such as climate-action"
	}
	return `"` + s + `"`
}

func trimBOM(b []byte) []byte {
	return []byte(strings.TrimPrefix(string(b), "\ufeff"))
}
