package serve

import (
	"bytes"
	"embed"
	"html"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Prefix is the URL path under which the server's own files live; it
// takes precedence over the site's files.
const Prefix = "/_casebook/"

//go:embed client/live.js client/live.css
var clientFiles embed.FS

// placeholder is served while no build has succeeded yet: the script tag
// shows the errors and reloads the page when the site builds.
var placeholder = []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>casebook: the site has errors</title></head>` +
	`<body><main><h1>The site has errors</h1><p>casebook could not build the site yet. The errors are listed in the terminal; ` +
	`this page reloads by itself once they are fixed.</p></main></body></html>`)

// ServeHTTP serves the last good build from memory, the live-reload script
// and the event streams.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if !s.hostAllowed(r.Host) {
		http.Error(w, "casebook serve: unexpected Host header; use http://"+s.o.Addr+"/ or localhost", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "live.js", Prefix + "live.css":
		data, _ := clientFiles.ReadFile("client/" + path.Base(r.URL.Path))
		h.Set("Content-Type", contentType(r.URL.Path, data))
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
		return
	}
	name, data, status := s.cur.Load().lookup(r.URL.Path)
	ctype := contentType(name, data)
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data)
	}
	h.Set("Content-Type", ctype)
	if status != http.StatusOK {
		h.Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(data)
		}
		return
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// errorPage is served for a page the theme failed to render: the build
// itself was good, so the error shows on that page only, and the live
// script reloads it once a change renders it.
func errorPage(err error) []byte {
	return []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>casebook: this page failed to render</title></head>` +
		`<body><main><h1>This page failed to render</h1><pre>` + html.EscapeString(err.Error()) + `</pre>` +
		`<p>Fix the template; this page reloads by itself.</p></main></body></html>`)
}

// inject adds the live-reload script to an HTML page, in its head, with
// the page's hash so that the tab can tell whether it is current.
func inject(page []byte) []byte {
	tag := []byte(`<script src="` + Prefix + `live.js" data-page="` + pageHash(page) + `" defer></script>`)
	i := bytes.Index(page, []byte("</head>"))
	if i < 0 {
		i = bytes.Index(page, []byte("</HEAD>"))
	}
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// hostAllowed accepts the served address, localhost and loopback
// addresses on the served port; when the server listens on every
// interface, any IP address too. A DNS name other than these is refused:
// that is what a DNS rebinding attack sends.
func (s *Server) hostAllowed(hostport string) bool {
	wantHost, wantPort, err := net.SplitHostPort(s.o.Addr)
	if err != nil {
		return false
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, "80"
	}
	if port != wantPort || host == "" {
		return false
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == strings.ToLower(wantHost) || host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	listen := net.ParseIP(wantHost)
	return ip.IsLoopback() || (listen != nil && listen.IsUnspecified())
}

// types are the content types of the files a site has, fixed here rather
// than taken from the system's MIME database, which varies.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".pdf":         "application/pdf",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
}

func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}
