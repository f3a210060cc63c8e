package output

import (
	"bytes"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// Mem is a built site held in memory. It is immutable once made and safe
// for concurrent use.
type Mem struct {
	files map[string][]byte
}

// NewMem indexes files by path.
func NewMem(files []File) *Mem {
	m := &Mem{files: make(map[string][]byte, len(files))}
	for _, f := range files {
		m.files[f.Path] = f.Data
	}
	return m
}

// Lookup returns the file serving a URL path (see Candidates).
func (m *Mem) Lookup(urlPath string) (name string, data []byte, ok bool) {
	for _, p := range Candidates(urlPath) {
		if d, ok := m.files[p]; ok {
			return p, d, true
		}
	}
	return "", nil, false
}

// Candidates lists the files that may serve a URL path, in the order to
// try them: "/x/" is "x/index.html", "/x" is "x" or, when that does not
// exist, "x/index.html". The path is cleaned first, so no request can name
// anything outside the site.
func Candidates(urlPath string) []string {
	p := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if p == "" || strings.HasSuffix(urlPath, "/") {
		return []string{path.Join(p, "index.html")}
	}
	return []string{p, path.Join(p, "index.html")}
}

// ServeHTTP serves the files with their content types and no caching; a
// missing file gets 404.html with status 404.
func (m *Mem) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	name, data, ok := m.Lookup(r.URL.Path)
	status := http.StatusOK
	if !ok {
		name, data, ok = m.Lookup("/404.html")
		status = http.StatusNotFound
		if !ok {
			http.NotFound(w, r)
			return
		}
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ctype)
	if status != http.StatusOK {
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(data)
		}
		return
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}
