package content

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"casebook/generator/diag"
	"casebook/generator/node"
	"casebook/generator/slug"
)

// PartnersDir holds optional data files about organisations, one per slug.
const PartnersDir = "data/partners"

// PartnerInfo is what data/partners/<slug>.yaml says about an organisation.
type PartnerInfo struct {
	File        string
	Name        string
	Sector      string
	URL         string
	Description string
}

var partnerInfoKeys = []string{"name", "sector", "url", "description"}

// checkSlugs reports case studies that share a slug, and pages that share one.
func checkSlugs(set *Set) diag.List {
	var diags diag.List
	seen := map[string]string{}
	for _, c := range set.Studies {
		if c.Slug == "" {
			continue
		}
		if first, dup := seen[c.Slug]; dup {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: c.File}, Field: "slug", Msg: "slug " + c.Slug + " is already used by " + first,
				Also: []diag.Pos{{File: first}}, Hint: "set a different slug: in one of the two files"})
			continue
		}
		seen[c.Slug] = c.File
	}
	pages := map[string]string{}
	for _, p := range set.Pages {
		if first, dup := pages[p.Slug]; dup {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File}, Field: "slug", Msg: "page slug " + p.Slug + " is already used by " + first, Also: []diag.Pos{{File: first}}})
			continue
		}
		pages[p.Slug] = p.File
	}
	return diags
}

// checkSectors reports organisations given two sectors, naming both places.
// Organisations are the same when their names have the same slug, since they
// share a partner page.
func checkSectors(studies []*CaseStudy, infos map[string]PartnerInfo) diag.List {
	var diags diag.List
	first := map[string]Partner{}
	for _, c := range studies {
		for i, p := range c.Partners {
			key := p.Key
			if key == "" || p.Sector == "" {
				continue
			}
			f, seen := first[key]
			if !seen {
				first[key] = p
				continue
			}
			if f.Sector != p.Sector {
				diags.Add(diag.Diagnostic{Pos: p.SectorPos, Field: node.Join(node.Index("partners", i), "sector"),
					Msg:  "organisation " + quote(p.Name) + " is " + p.Sector + " here but " + f.Sector + " at " + f.SectorPos.String(),
					Also: []diag.Pos{f.SectorPos}, Hint: "an organisation has one sector across the site; use the same in both files"})
			}
		}
	}
	for key, info := range infos {
		if f, ok := first[key]; ok && info.Sector != "" && f.Sector != info.Sector {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: info.File}, Field: "sector",
				Msg:  "organisation " + quote(info.Name) + " is " + info.Sector + " here but " + f.Sector + " at " + f.SectorPos.String(),
				Also: []diag.Pos{f.SectorPos}, Hint: "the data file must agree with the case studies"})
		}
	}
	return diags
}

// loadPartners reads data/partners/*.yaml and checks them and the sectors.
func loadPartners(site fs.FS, studies []*CaseStudy) (map[string]PartnerInfo, diag.List) {
	infos := map[string]PartnerInfo{}
	var diags diag.List
	names, _ := fs.Glob(site, PartnersDir+"/*.yaml")
	for _, file := range names {
		src, err := fs.ReadFile(site, file)
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file}, Msg: "cannot read: " + err.Error()})
			continue
		}
		root, bad := node.ParseYAML(file, 0, []byte(strings.TrimPrefix(string(src), "\ufeff")))
		if bad != nil {
			diags.Add(*bad)
			continue
		}
		d := &decoder{Decoder: &node.Decoder{File: file}}
		if root == nil {
			d.Errorf(nil, "", "", "the file is empty")
			diags = append(diags, d.Diags...)
			continue
		}
		m := d.Map(root, nil, "", partnerInfoKeys)
		d.Require(m, "name")
		info := PartnerInfo{File: file, Name: d.text(m, "name", 200)}
		if v := m.Get("sector"); v != nil {
			info.Sector, _ = d.Enum(v, "sector", Sectors())
		}
		info.URL = d.link(m.Get("url"), "url", false)
		if v := m.Get("description"); v != nil {
			info.Description, _ = d.String(v, "description")
		}
		key := strings.TrimSuffix(path.Base(file), ".yaml")
		if info.Name != "" && slug.Make(info.Name) != key {
			d.Errorf(m.Get("name"), "name", "rename the file to "+slug.Make(info.Name)+".yaml",
				"the file of %s must be named after its slug", quote(info.Name))
		}
		diags = append(diags, d.Diags...)
		infos[key] = info
	}
	diags = append(diags, checkSectors(studies, infos)...)
	return infos, diags
}

// checkImages resolves each image's src to a site path: a file beside a
// bundle's index.md, or a file under static/. Sources that leave the site
// folder or point at nothing are errors.
func checkImages(site fs.FS, studies []*CaseStudy) diag.List {
	var diags diag.List
	for _, c := range studies {
		img := c.Image
		if img == nil || img.Src == "" {
			continue
		}
		src := img.Src
		pos := img.SrcPos
		if strings.Contains(src, "://") || strings.HasPrefix(src, "//") || strings.Contains(src, "\\") || slices.Contains(strings.Split(src, "/"), "..") {
			diags.Add(diag.Diagnostic{Pos: pos, Field: "image.src", Msg: quote(src) + " is not a path inside the site",
				Hint: "put the image beside index.md in the case study's folder, or under static/"})
			img.Src = ""
			continue
		}
		rel := strings.TrimPrefix(src, "/")
		switch {
		case c.Dir != "" && !strings.HasPrefix(src, "/") && exists(site, c.Dir+"/"+rel):
			img.Src = "/case-studies/" + c.Slug + "/" + rel
		case exists(site, "static/"+rel):
			img.Src = "/" + rel
		default:
			diags.Add(diag.Diagnostic{Pos: pos, Field: "image.src", Msg: "image " + quote(src) + " not found",
				Hint: "put it beside index.md in a case-study folder, or under static/"})
			img.Src = ""
		}
	}
	return diags
}

func exists(site fs.FS, name string) bool {
	if !fs.ValidPath(name) {
		return false
	}
	st, err := fs.Stat(site, name)
	return err == nil && st.Mode().IsRegular()
}

func quote(s string) string { return `"` + s + `"` }
