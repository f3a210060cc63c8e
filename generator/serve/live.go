package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"casebook/generator/output"
)

// hub keeps the open tabs (one event stream each) and what each one shows.
type hub struct {
	mu      sync.Mutex // also orders snapshot swaps with joins
	clients map[*client]struct{}
}

// client is one open tab.
type client struct {
	path  string // URL path of the tab, as the browser has it
	page  string // pageHash of the bytes the tab shows
	found bool   // the tab shows its page, not the 404 page
	ev    chan event
	drop  chan struct{} // closed when the tab fell behind and must reconnect
}

// event is one Server-Sent Event. id is the pageHash the tab shows after
// the event: a reconnecting browser sends it back as Last-Event-ID.
type event struct {
	name, id string
	data     []byte
}

// pageHash identifies a page's bytes across builds and server restarts.
func pageHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// page returns what the snapshot serves at a URL path: the page, or the
// 404 page (found false), or the placeholder before any good build.
func (p *snapshot) page(urlPath string) (data []byte, found bool) {
	_, data, status := p.lookup(urlPath)
	return data, status != http.StatusNotFound && status != http.StatusServiceUnavailable
}

// lookup returns the file serving a URL path with its status: 200; the
// 404 page with 404; a page the theme failed to render, as an error page
// with 500; the placeholder with 503 before any good build.
func (p *snapshot) lookup(urlPath string) (name string, data []byte, status int) {
	if p.site == nil {
		return "index.html", placeholder, http.StatusServiceUnavailable
	}
	name, data, ok, err := p.site.Lookup(urlPath)
	if err != nil {
		return "index.html", errorPage(err), http.StatusInternalServerError
	}
	if ok {
		return name, data, http.StatusOK
	}
	if name, data, ok, err = p.site.Lookup("/404.html"); err != nil {
		return "index.html", errorPage(err), http.StatusInternalServerError
	} else if !ok {
		return "index.html", []byte("404 page not found\n"), http.StatusNotFound
	}
	return name, data, http.StatusNotFound
}

// parent returns the nearest page above a URL path: "/case-studies/x/" →
// "/case-studies/", ending at "/".
func (p *snapshot) parent(urlPath string) string {
	dir := strings.TrimSuffix(urlPath, "/")
	for dir != "" {
		dir = dir[:strings.LastIndex(dir, "/")]
		if _, _, ok, _ := p.site.Lookup(dir + "/"); ok {
			return dir + "/"
		}
	}
	return "/"
}

// publish swaps in the next snapshot and tells every tab what to do. It
// returns how many tabs were told to reload, swap styles or leave.
func (s *Server) publish(old, next *snapshot) int {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	s.cur.Store(next)
	if next.fail != nil {
		for c := range s.hub.clients {
			s.hub.send(c, event{"errors", c.page, next.fail.json})
		}
		return 0
	}
	if old.fail != nil {
		for c := range s.hub.clients {
			s.hub.send(c, event{"ok", c.page, []byte("{}")})
		}
	}
	d := diffFiles(old.site.Files(), next.site.Files())
	n := 0
	for c := range s.hub.clients {
		e, ok := d.decide(old, next, c)
		if !ok {
			continue
		}
		n++
		s.hub.send(c, e)
	}
	return n
}

// send queues an event for a tab; a tab too slow to take it is dropped and
// reconnects, which brings it up to date. Callers hold h.mu.
func (h *hub) send(c *client, e event) {
	select {
	case c.ev <- e:
	default:
		delete(h.clients, c)
		close(c.drop)
	}
}

// fileDiff is what changed between two builds besides HTML pages.
type fileDiff struct {
	swap   map[string]string // renamed (content-hashed) stylesheets: old path → new path
	bust   []string          // stylesheets changed in place
	assets [][]byte          // scripts, images and fonts changed in place
}

var hashedName = regexp.MustCompile(`\.[0-9a-f]{6,64}(\.[a-z0-9]+)$`)

func isCSS(p string) bool { return path.Ext(p) == ".css" }

func isAsset(p string) bool {
	switch path.Ext(p) {
	case ".js", ".mjs", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".woff", ".woff2":
		return true
	}
	return false
}

// diffFiles compares two sorted file lists.
func diffFiles(a, b []output.File) fileDiff {
	d := fileDiff{swap: map[string]string{}}
	gone, added := map[string]string{}, map[string]string{}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i].Path < b[j].Path):
			if isCSS(a[i].Path) {
				gone[hashedName.ReplaceAllString(a[i].Path, "$1")] = a[i].Path
			}
			i++
		case i == len(a) || b[j].Path < a[i].Path:
			if isCSS(b[j].Path) {
				added[hashedName.ReplaceAllString(b[j].Path, "$1")] = b[j].Path
			}
			j++
		default:
			p := a[i].Path
			if (isCSS(p) || isAsset(p)) && !bytes.Equal(a[i].Data, b[j].Data) {
				if isCSS(p) {
					d.bust = append(d.bust, "/"+p)
				} else {
					d.assets = append(d.assets, []byte(p))
				}
			}
			i++
			j++
		}
	}
	for logical, from := range gone {
		if to, ok := added[logical]; ok {
			d.swap[from] = to
		}
	}
	return d
}

// decide says what a tab must do after a good build, if anything.
func (d fileDiff) decide(old, next *snapshot, c *client) (event, bool) {
	data, found := next.page(c.path)
	h := pageHash(data)
	defer func() { c.page, c.found = h, found }()
	if c.found && !found {
		to, _ := json.Marshal(map[string]string{"to": next.parent(c.path)})
		return event{"gone", h, to}, true
	}
	if h == c.page {
		for _, a := range d.assets {
			if bytes.Contains(data, a) {
				return event{"reload", h, []byte("{}")}, true
			}
		}
		if len(d.bust) > 0 {
			return d.cssEvent(nil, h), true
		}
		return event{}, false
	}
	if was, _ := old.page(c.path); pageHash(was) == c.page && len(d.swap) > 0 {
		if swapped, n := d.apply(was); n > 0 && bytes.Equal(swapped, data) {
			return d.cssEvent(d.swap, h), true
		}
	}
	return event{"reload", h, []byte("{}")}, true
}

// apply rewrites the old stylesheet paths of a page to the new ones.
func (d fileDiff) apply(page []byte) ([]byte, int) {
	n := 0
	for from, to := range d.swap {
		if c := bytes.Count(page, []byte(from)); c > 0 {
			n += c
			page = bytes.ReplaceAll(page, []byte(from), []byte(to))
		}
	}
	return page, n
}

func (d fileDiff) cssEvent(swap map[string]string, id string) event {
	msg := struct {
		Swap map[string]string `json:"swap,omitempty"`
		Bust []string          `json:"bust,omitempty"`
	}{Bust: d.bust}
	if len(swap) > 0 {
		msg.Swap = map[string]string{}
		for from, to := range swap {
			msg.Swap["/"+from] = "/" + to
		}
	}
	data, _ := json.Marshal(msg)
	return event{"css", id, data}
}

// join registers a tab showing urlPath. page is the pageHash of what it
// shows, "" when unknown (taken to be current). The returned events bring
// the tab up to date.
func (s *Server) join(urlPath, page string) (*client, []event) {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	snap := s.cur.Load()
	data, found := snap.page(urlPath)
	h := pageHash(data)
	c := &client{path: urlPath, page: h, found: found, ev: make(chan event, 16), drop: make(chan struct{})}
	hello, _ := json.Marshal(map[string]int{"build": snap.seq})
	evs := []event{{"hello", h, hello}}
	if page != "" && page != h {
		evs = append(evs, event{"reload", h, []byte("{}")})
	}
	if snap.fail != nil {
		evs = append(evs, event{"errors", h, snap.fail.json})
	}
	s.hub.clients[c] = struct{}{}
	return c, evs
}

func (s *Server) leave(c *client) {
	s.hub.mu.Lock()
	delete(s.hub.clients, c)
	s.hub.mu.Unlock()
}

// events streams a tab's events until the tab goes, falls behind or the
// server stops. Query: path (the tab's URL path) and page (the data-page
// of its script tag); a reconnecting browser's Last-Event-ID wins over page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	urlPath := r.URL.Query().Get("path")
	if !strings.HasPrefix(urlPath, "/") {
		urlPath = "/" + urlPath
	}
	page := r.Header.Get("Last-Event-ID")
	if page == "" {
		page = r.URL.Query().Get("page")
	}
	c, initial := s.join(urlPath, page)
	defer s.leave(c)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	rc := http.NewResponseController(w)
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil {
		return
	}
	for _, e := range initial {
		writeEvent(w, e)
	}
	if rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-c.drop:
			return
		case e := <-c.ev:
			err = writeEvent(w, e)
		case <-ping.C:
			_, err = fmt.Fprint(w, ": ping\n\n")
		}
		if err != nil || rc.Flush() != nil {
			return
		}
	}
}

func writeEvent(w http.ResponseWriter, e event) error {
	_, err := fmt.Fprintf(w, "event: %s\nid: %s\ndata: %s\n\n", e.name, e.id, e.data)
	return err
}
