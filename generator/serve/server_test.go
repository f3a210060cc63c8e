package serve

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestServeFiles(t *testing.T) {
	dir := writeSite(t, testSite())
	writeFile(t, filepath.Join(t.TempDir(), "secret.txt"), "top secret")
	r := start(t, dir, Options{Drafts: true})
	_, home := r.get(t, "/")
	css := regexp.MustCompile(`/assets/style\.[0-9a-f]+\.css`).FindString(home)
	if css == "" {
		t.Fatalf("home links no hashed stylesheet:\n%s", home)
	}
	for _, tc := range []struct {
		path, ctype string
		status      int
		body        string // a substring of the body
	}{
		{"/", "text/html; charset=utf-8", 200, `<script src="/_casebook/live.js" data-page="`},
		{"/case-studies/alpha/", "text/html; charset=utf-8", 200, "Alpha body, first version."},
		{"/case-studies/alpha", "text/html; charset=utf-8", 200, "Alpha body, first version."},
		{"/about/", "text/html; charset=utf-8", 200, "About this test portal."},
		{css, "text/css; charset=utf-8", 200, ".probe"},
		{"/extra.css", "text/css; charset=utf-8", 200, ".extra"},
		{"/feed.xml", "application/xml; charset=utf-8", 200, "<feed"},
		{"/data/case-studies.json", "application/json", 200, "Alpha"},
		{"/data/case-studies.csv", "text/csv; charset=utf-8", 200, "Alpha"},
		{Prefix + "live.js", "text/javascript; charset=utf-8", 200, "EventSource"},
		{Prefix + "live.css", "text/css; charset=utf-8", 200, ".cbo"},
		{"/nope/", "text/html; charset=utf-8", 404, "live.js"},
		// Nothing outside the build: not the sources, not the folder, not
		// the disk, however the path is spelled.
		{"/casebook.toml", "text/html; charset=utf-8", 404, ""},
		{"/content/case-studies/alpha.md", "text/html; charset=utf-8", 404, ""},
		{"/themes/mine/assets/style.css", "text/html; charset=utf-8", 404, ""},
		{"/%2e%2e/casebook.toml", "text/html; charset=utf-8", 404, ""},
		{"/%2E%2E/%2e%2e/etc/passwd", "text/html; charset=utf-8", 404, ""},
		{"/..%2f..%2fetc%2fpasswd", "text/html; charset=utf-8", 404, ""},
		{"/static/..%2f..%2f" + url(t, dir) + "/casebook.toml", "text/html; charset=utf-8", 404, ""},
		{"//etc/passwd", "text/html; charset=utf-8", 404, ""},
		{"/" + filepath.ToSlash(dir) + "/casebook.toml", "text/html; charset=utf-8", 404, ""},
	} {
		resp, body := raw(t, r, "GET "+tc.path+" HTTP/1.1\r\nHost: "+strings.TrimPrefix(r.url, "http://")+"\r\nConnection: close\r\n\r\n")
		if resp.StatusCode != tc.status {
			t.Errorf("GET %s: status %d, want %d", tc.path, resp.StatusCode, tc.status)
		}
		if got := resp.Header.Get("Content-Type"); got != tc.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", tc.path, got, tc.ctype)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q", tc.path, got)
		}
		if !strings.Contains(body, tc.body) {
			t.Errorf("GET %s: body lacks %q", tc.path, tc.body)
		}
		if strings.Contains(body, `title = "Serve test"`) || strings.Contains(body, "top secret") || strings.Contains(body, "root:") {
			t.Errorf("GET %s: served a file outside the build:\n%s", tc.path, body)
		}
	}
	// The built files are not changed: the script is added on the way out.
	if _, page, _, _ := r.cur.Load().site.Lookup("/about/"); page == nil || strings.Contains(string(page), "live.js") {
		t.Error("the script tag was written into a built file")
	}
	// HEAD, and methods that are not for a static site.
	resp, body := raw(t, r, "HEAD /about/ HTTP/1.1\r\nHost: "+strings.TrimPrefix(r.url, "http://")+"\r\nConnection: close\r\n\r\n")
	if resp.StatusCode != 200 || body != "" {
		t.Errorf("HEAD: %d %q", resp.StatusCode, body)
	}
	req, _ := http.NewRequest("POST", r.url+"/", strings.NewReader("x"))
	if resp, _ := do(t, req); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func url(t *testing.T, dir string) string { return strings.TrimPrefix(filepath.ToSlash(dir), "/") }

// raw sends a request exactly as written, so that no client cleans its path.
func raw(t *testing.T, r *running, request string) (*http.Response, string) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(r.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte(request)); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if !strings.HasPrefix(request, "HEAD") {
		if _, err := bufio.NewReader(resp.Body).WriteTo(&b); err != nil {
			t.Fatal(err)
		}
	}
	return resp, b.String()
}

// A symbolic link out of the site folder is never followed: the build
// that meets it fails, and the last good build stays.
func TestServeSymlinkOut(t *testing.T) {
	dir := writeSite(t, testSite())
	secret := filepath.Join(t.TempDir(), "secret.txt")
	writeFile(t, secret, "top secret")
	r := start(t, dir, Options{})
	tab := r.open(t, "/", "")
	if err := os.Symlink(secret, filepath.Join(dir, "static/secret.txt")); err != nil {
		t.Fatal(err)
	}
	tab.want(t, "errors")
	if resp, body := r.get(t, "/secret.txt"); resp.StatusCode != 404 || strings.Contains(body, "top secret") {
		t.Fatalf("GET /secret.txt: %d\n%s", resp.StatusCode, body)
	}
}

func TestServeHost(t *testing.T) {
	r := start(t, writeSite(t, testSite()), Options{})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(r.url, "http://"))
	for host, want := range map[string]int{
		"127.0.0.1:" + port:              200,
		"localhost:" + port:              200,
		"LOCALHOST.:" + port:             200,
		"[::1]:" + port:                  200,
		"evil.example:" + port:           403,
		"127.0.0.1.evil.example:" + port: 403,
		"evil.example":                   403,
		"127.0.0.1:1":                    403,
		"10.1.2.3:" + port:               403,
	} {
		resp, _ := raw(t, r, "GET / HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n")
		if resp.StatusCode != want {
			t.Errorf("Host %q: status %d, want %d", host, resp.StatusCode, want)
		}
	}
	if resp, _ := raw(t, r, "GET / HTTP/1.0\r\n\r\n"); resp.StatusCode != 403 {
		t.Errorf("no Host: status %d, want 403", resp.StatusCode)
	}
	// An absolute request target names its host itself.
	if resp, _ := raw(t, r, "GET http://evil.example:"+port+"/ HTTP/1.1\r\nHost: evil.example:"+port+"\r\nConnection: close\r\n\r\n"); resp.StatusCode != 403 {
		t.Errorf("absolute target: status %d, want 403", resp.StatusCode)
	}
	// The event stream is guarded the same way.
	if resp, _ := raw(t, r, "GET "+Prefix+"events?path=/ HTTP/1.1\r\nHost: evil.example:"+port+"\r\nConnection: close\r\n\r\n"); resp.StatusCode != 403 {
		t.Errorf("events: status %d, want 403", resp.StatusCode)
	}
}

func TestHostAllowedEverywhere(t *testing.T) {
	s := &Server{o: Options{Addr: "0.0.0.0:1313"}}
	for host, want := range map[string]bool{
		"192.168.1.20:1313": true, "localhost:1313": true, "[fe80::1]:1313": true,
		"evil.example:1313": false, "192.168.1.20:80": false, "192.168.1.20": false,
	} {
		if got := s.hostAllowed(host); got != want {
			t.Errorf("listening on 0.0.0.0, Host %q allowed = %v, want %v", host, got, want)
		}
	}
}

func TestServeDrafts(t *testing.T) {
	archive := testSite() + "-- content/case-studies/gamma.md --\n" +
		strings.Replace(study("Gamma", "Gamma body."), "status: active", "status: active\ndraft: true", 1)
	r := start(t, writeSite(t, archive), Options{Drafts: true})
	resp, body := r.get(t, "/case-studies/gamma/")
	if resp.StatusCode != 200 || !strings.Contains(strings.ToLower(body), "draft") {
		t.Errorf("draft page: %d, draft marked: %v", resp.StatusCode, strings.Contains(strings.ToLower(body), "draft"))
	}
	r = start(t, writeSite(t, archive), Options{Drafts: false})
	if resp, _ := r.get(t, "/case-studies/gamma/"); resp.StatusCode != 404 {
		t.Errorf("draft page without drafts: %d", resp.StatusCode)
	}
}

func TestServeEvents(t *testing.T) {
	dir := writeSite(t, testSite())
	r := start(t, dir, Options{})
	alpha := r.open(t, "/case-studies/alpha/", "")
	beta := r.open(t, "/case-studies/beta/", "")
	about := r.open(t, "/about/", "")
	alphaMD := filepath.Join(dir, "content/case-studies/alpha.md")
	betaMD := filepath.Join(dir, "content/case-studies/beta.md")

	// An edit reloads the tab whose page changed, and no other.
	saveAtomic(t, alphaMD, study("Alpha", "Alpha body, second version."))
	alpha.want(t, "reload")
	if _, body := r.get(t, "/case-studies/alpha/"); !strings.Contains(body, "second version") {
		t.Errorf("the page was not rebuilt:\n%s", body)
	}
	saveAtomic(t, betaMD, study("Beta", "Beta body, second version."))
	beta.want(t, "reload")
	alpha.quiet(t, 100*time.Millisecond)
	about.quiet(t, 0)

	// A theme stylesheet edit swaps the stylesheet: its content-hashed name
	// changes, and nothing else.
	oldCSS := regexp.MustCompile(`/assets/style\.[0-9a-f]+\.css`).FindString(readBody(t, r, "/about/"))
	writeFile(t, filepath.Join(dir, "themes/mine/assets/style.css"), ".probe-two { color: rgb(7, 8, 9); }\n")
	for _, tab := range []*sse{alpha, beta, about} {
		e := tab.want(t, "css")
		var d struct{ Swap map[string]string }
		if err := json.Unmarshal(e.data, &d); err != nil {
			t.Fatal(err)
		}
		newCSS := d.Swap[oldCSS]
		if newCSS == "" || newCSS == oldCSS || !strings.Contains(readBody(t, r, newCSS), ".probe-two") {
			t.Fatalf("css event %s: no swap of %s for the new stylesheet", e.data, oldCSS)
		}
	}
	// A static stylesheet edited in place is reloaded by the browser.
	writeFile(t, filepath.Join(dir, "static/extra.css"), ".extra { color: red; }\n")
	for _, tab := range []*sse{alpha, beta, about} {
		if e := tab.want(t, "css"); string(e.data) != `{"bust":["/extra.css"]}` {
			t.Errorf("css event %s", e.data)
		}
	}

	// A broken file: every tab gets every error, with its source; the site
	// served stays the last good one.
	bad := strings.Replace(study("Beta", "Beta body."), "status: active", "status: actve", 1)
	bad = strings.Replace(bad, "sector: business", "sector: busines", 1)
	saveAtomic(t, betaMD, bad)
	for _, tab := range []*sse{alpha, beta, about} {
		e := tab.want(t, "errors")
		var d struct {
			Errors   int
			Problems []problem
		}
		if err := json.Unmarshal(e.data, &d); err != nil {
			t.Fatal(err)
		}
		if d.Errors != 2 || len(d.Problems) != 2 {
			t.Fatalf("errors event: %s", e.data)
		}
		p := d.Problems[0]
		if p.File != "content/case-studies/beta.md" || p.Line != 5 || p.Col != 9 || p.Field != "status" || !strings.Contains(p.Msg, `"actve"`) || !strings.Contains(p.Hint, `"active"`) {
			t.Errorf("first problem: %+v", p)
		}
		if len(p.Source) != 5 || p.Source[2] != (srcLine{5, "status: actve"}) || p.Source[0].N != 3 {
			t.Errorf("source around the first problem: %+v", p.Source)
		}
		if d.Problems[1].Field != "partners[0].sector" {
			t.Errorf("second problem: %+v", d.Problems[1])
		}
	}
	if _, body := r.get(t, "/case-studies/beta/"); !strings.Contains(body, "Beta body, second version.") {
		t.Error("a failed build changed what is served")
	}
	// The terminal shows the errors once per change (just after the tabs).
	waitFor(t, "the errors in the log", 5*time.Second, func() bool { return strings.Contains(r.log.String(), "2 errors") })
	if log := r.log.String(); strings.Count(log, `status: "actve" is not allowed`) != 1 {
		t.Errorf("the terminal shows the errors once per change:\n%s", log)
	}
	// A tab opened now learns about the errors at once.
	late := r.open(t, "/", "")
	late.want(t, "errors")

	// The fix clears the overlay; the page changed, so it reloads too.
	saveAtomic(t, betaMD, study("Beta", "Beta body, third version."))
	beta.want(t, "ok")
	beta.want(t, "reload")
	alpha.want(t, "ok")
	alpha.quiet(t, 100*time.Millisecond)

	// A deleted page sends its tab to the nearest page above it.
	if err := os.Remove(alphaMD); err != nil {
		t.Fatal(err)
	}
	if e := alpha.want(t, "gone"); string(e.data) != `{"to":"/case-studies/"}` {
		t.Errorf("gone event: %s", e.data)
	}
	// A tab on a page that does not exist yet reloads when it appears.
	gamma := r.open(t, "/case-studies/gamma/", "")
	saveAtomic(t, filepath.Join(dir, "content/case-studies/gamma.md"), study("Gamma", "Gamma body."))
	gamma.want(t, "reload")
}

func readBody(t *testing.T, r *running, path string) string {
	t.Helper()
	_, body := r.get(t, path)
	return body
}

// A tab whose page changed between loading and connecting reloads at once;
// a reconnecting browser's Last-Event-ID says what it shows.
func TestServeStaleTab(t *testing.T) {
	r := start(t, writeSite(t, testSite()), Options{})
	page := regexp.MustCompile(`data-page="([0-9a-f]+)"`).FindStringSubmatch(readBody(t, r, "/about/"))[1]
	r.open(t, "/about/", "&page="+page).quiet(t, 100*time.Millisecond)
	r.open(t, "/about/", "&page=0123456789abcdef").want(t, "reload")
	r.open(t, "/about/", "&page=0123456789abcdef", "Last-Event-ID", page).quiet(t, 100*time.Millisecond)
}

// A site broken from the start is served as a placeholder showing the
// errors, which becomes the site once fixed.
func TestServeBrokenAtStart(t *testing.T) {
	dir := writeSite(t, testSite())
	name := filepath.Join(dir, "content/about.md")
	good := readFile(t, name)
	writeFile(t, name, "---\ntitle: [oops\n---\n")
	r := start(t, dir, Options{})
	resp, body := r.get(t, "/about/")
	if resp.StatusCode != 503 || !strings.Contains(body, "live.js") {
		t.Fatalf("placeholder: %d\n%s", resp.StatusCode, body)
	}
	tab := r.open(t, "/about/", "")
	if e := tab.want(t, "errors"); !strings.Contains(string(e.data), `"file":"content/about.md","line":2`) {
		t.Errorf("errors event: %s", e.data)
	}
	saveAtomic(t, name, good)
	tab.want(t, "ok")
	tab.want(t, "reload")
	if resp, _ := r.get(t, "/about/"); resp.StatusCode != 200 {
		t.Errorf("after the fix: %d", resp.StatusCode)
	}
}

// Requests during rebuilds get whole pages of one build or the other.
func TestServeDuringRebuilds(t *testing.T) {
	dir := writeSite(t, testSite())
	r := start(t, dir, Options{})
	tab := r.open(t, "/case-studies/alpha/", "")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var bad []string
	var mu sync.Mutex
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, p := range []string{"/", "/case-studies/alpha/", "/case-studies/"} {
					resp, body := r.get(t, p)
					if resp.StatusCode != 200 || !strings.Contains(body, "Alpha") || !strings.HasSuffix(strings.TrimSpace(body), "</html>") {
						mu.Lock()
						bad = append(bad, fmt.Sprintf("%s: %d", p, resp.StatusCode))
						mu.Unlock()
					}
				}
			}
		})
	}
	for i := range 10 {
		saveAtomic(t, filepath.Join(dir, "content/case-studies/alpha.md"), study("Alpha", fmt.Sprintf("Version %d.", i)))
		tab.want(t, "reload")
	}
	close(stop)
	wg.Wait()
	if len(bad) > 0 {
		t.Errorf("%d bad responses during rebuilds, first: %s", len(bad), bad[0])
	}
}

// Serve ends on its context with every stream closed; Close leaves no
// goroutine behind.
func TestServeShutdown(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := writeSite(t, testSite())
	r, cancel, done := startManual(t, dir)
	tab := r.open(t, "/about/", "")
	saveAtomic(t, filepath.Join(dir, "content/about.md"), "---\ntitle: About\n---\nNew text.\n")
	tab.want(t, "reload")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
	select {
	case _, ok := <-tab.events:
		if ok {
			t.Fatal("an event after shutdown")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the event stream stayed open after shutdown")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	tab.close()
	waitFor(t, fmt.Sprintf("goroutines back to %d", before), 5*time.Second, func() bool {
		return runtime.NumGoroutine() <= before
	})
}

// A template that fails on one page fails that page only: it is served
// with status 500 and the error, the tab on it reloads once a fix renders
// it, and the other pages are served as usual.
func TestServeTemplateError(t *testing.T) {
	tpl := func(extra string) string {
		return `<!DOCTYPE html><html lang="en"><head><title>{{.Title}}</title></head><body><main>` + extra + `{{.Study.Title}}</main></body></html>`
	}
	dir := writeSite(t, testSite())
	name := filepath.Join(dir, "themes/mine/templates/case-study.html")
	writeFile(t, name, tpl(`{{if eq .Title "Beta"}}{{index .Study.Goals 9}}{{end}}`))
	r := start(t, dir, Options{})
	resp, body := r.get(t, "/case-studies/beta/")
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "failed to render") ||
		!strings.Contains(body, "index out of range") || !strings.Contains(body, Prefix+"live.js") {
		t.Fatalf("broken page: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := r.get(t, "/case-studies/alpha/"); resp.StatusCode != 200 || !strings.Contains(body, "Alpha") {
		t.Fatalf("other page: %d\n%s", resp.StatusCode, body)
	}
	beta := r.open(t, "/case-studies/beta/", "")
	writeFile(t, name, tpl(""))
	beta.want(t, "reload")
	if resp, body := r.get(t, "/case-studies/beta/"); resp.StatusCode != 200 || !strings.Contains(body, "Beta") {
		t.Fatalf("fixed page: %d\n%s", resp.StatusCode, body)
	}
}
