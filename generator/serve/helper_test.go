package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// study is a valid case study; body is its Markdown.
func study(title, body string) string {
	return `---
title: "` + title + `"
summary: "` + title + `: a telecom company and a foundation trained teachers."
date: 2024-03-18
status: active
period: {start: 2019}
partners:
  - name: Example Telecom
    sector: business
  - name: Example Foundation
    sector: civil-society
tags: [innovation]
goals: [Train teachers]
equity_outcomes:
  - outcome: Teachers trained
    group: teachers
lessons: [Start early]
---
` + body + "\n"
}

// testSite is a small site with a theme of its own (so that its stylesheet
// can be edited), a static stylesheet, two case studies and a page.
func testSite() string {
	return `-- casebook.toml --
title = "Serve test"
theme = "mine"
-- themes/mine/assets/style.css --
body { color: rgb(10, 20, 30); }
.probe { color: rgb(1, 2, 3); }
-- static/extra.css --
.extra { color: rgb(4, 5, 6); }
-- content/about.md --
---
title: About
---
About this test portal.
-- content/case-studies/alpha.md --
` + study("Alpha", "Alpha body, first version.") + `-- content/case-studies/beta.md --
` + study("Beta", "Beta body, first version.")
}

// writeSite writes a txtar archive into a new folder and returns it.
func writeSite(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		writeFile(t, filepath.Join(dir, f.Name), string(f.Data))
	}
	return dir
}

func writeFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// saveAtomic saves like most editors do: write a temporary file beside
// the original, then rename it over the original.
func saveAtomic(t testing.TB, name, data string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".tmp")
	writeFile(t, tmp, data)
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// running is a Server serving on a loopback port for one test.
type running struct {
	*Server
	dir, url string
	log      *syncBuffer
}

// start serves the folder until the test ends.
func start(t testing.TB, dir string, o Options) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	o.Dir, o.Addr, o.Log = dir, ln.Addr().String(), log
	s, err := New(context.Background(), o)
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &running{Server: s, dir: dir, url: "http://" + ln.Addr().String(), log: log}
}

// startManual serves the folder like start but leaves the ending to the
// test, which counts what is left afterwards: cancel ends Serve, whose
// error then arrives on served; closing the Server is the test's job.
func startManual(t testing.TB, dir string) (r *running, cancel context.CancelFunc, served <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(context.Background(), Options{Dir: dir, Addr: ln.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	return &running{Server: s, dir: dir, url: "http://" + ln.Addr().String()}, cancel, done
}

// get fetches a path of the server and returns the response and its body.
func (r *running) get(t testing.TB, path string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", r.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func do(t testing.TB, req *http.Request) (*http.Response, string) {
	t.Helper()
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// sse is an event stream opened by a test.
type sse struct {
	events chan event
	cancel context.CancelFunc
	done   chan struct{}
}

// open connects to the event stream of a tab on path; query adds to the
// query string ("&page=…"). It waits for the hello event.
func (r *running) open(t testing.TB, path, query string, header ...string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", r.url+Prefix+"events?path="+path+query, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events: Content-Type %q", ct)
	}
	s := &sse{events: make(chan event, 64), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		defer resp.Body.Close()
		readEvents(resp.Body, s.events)
	}()
	t.Cleanup(s.close)
	s.want(t, "hello")
	return s
}

func (s *sse) close() {
	s.cancel()
	<-s.done
}

// readEvents parses an event stream until it ends.
func readEvents(r io.Reader, out chan<- event) {
	defer close(out)
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<24)
	var e event
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if e.name != "" {
				out <- e
			}
			e = event{}
		case strings.HasPrefix(line, "event: "):
			e.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "id: "):
			e.id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "data: "):
			e.data = []byte(strings.TrimPrefix(line, "data: "))
		}
	}
}

// want waits for the next event and checks its name.
func (s *sse) want(t testing.TB, name string) event {
	t.Helper()
	select {
	case e, ok := <-s.events:
		if !ok {
			t.Fatalf("event stream ended; want %q", name)
		}
		if e.name != name {
			t.Fatalf("got event %q (%s); want %q", e.name, e.data, name)
		}
		return e
	case <-time.After(10 * time.Second):
		t.Fatalf("no %q event after 10s", name)
	}
	return event{}
}

// quiet checks that no event comes for a while.
func (s *sse) quiet(t testing.TB, d time.Duration) {
	t.Helper()
	select {
	case e := <-s.events:
		t.Fatalf("unexpected event %q: %s", e.name, e.data)
	case <-time.After(d):
	}
}

// syncBuffer is a log shared by the server's goroutines and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
