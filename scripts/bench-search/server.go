package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"mime"
	"net"
	"net/http"
	"os"
	osexec "os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Slow 4G as search.md measures it: 150 ms a request, 1.6 Mbps shared.
const (
	latency = 150 * time.Millisecond
	rate    = 1.6e6 / 8 // bytes a second
)

// server serves a folder as a static host does: text gzipped, files that are
// gzip already as they are, nothing cached. It logs when each response ends
// and how many bytes it sent.
type server struct {
	root string
	http *http.Server
	url  string

	mu    sync.Mutex
	slow  bool
	free  time.Time // when the shared link is next free
	sent  []sent
	cache map[string][]byte
}

type sent struct {
	path       string
	start, end time.Time
	bytes      int
}

func newServer(root string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{root: root, url: "http://" + ln.Addr().String(), cache: map[string][]byte{}}
	s.http = &http.Server{Handler: s}
	go s.http.Serve(ln)
	return s, nil
}

func (s *server) Close() { s.http.Close() }

func (s *server) throttle(on bool) {
	s.mu.Lock()
	s.slow = on
	s.mu.Unlock()
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean(r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") {
		p += "/index.html"
	}
	start := time.Now()
	data, gz, err := s.file(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	slow := s.slow
	s.mu.Unlock()
	if slow {
		time.Sleep(latency)
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
		h.Set("Content-Type", ct)
	} else {
		h.Set("Content-Type", "application/octet-stream")
	}
	if gz {
		h.Set("Content-Encoding", "gzip")
	}
	// One range of a file sent as it is, as static hosts serve it (the
	// script fetches one member of a full-postings file this way).
	if a, b, ok := byteRange(r.Header.Get("Range"), len(data)); ok && !gz {
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", a, b-1, len(data)))
		data = data[a:b]
		h.Set("Content-Length", fmt.Sprint(len(data)))
		w.WriteHeader(http.StatusPartialContent)
	} else {
		h.Set("Content-Length", fmt.Sprint(len(data)))
	}
	for off := 0; off < len(data); off += 4096 {
		chunk := data[off:min(len(data), off+4096)]
		if slow {
			s.mu.Lock()
			start := time.Now()
			if s.free.After(start) {
				start = s.free
			}
			s.free = start.Add(time.Duration(float64(len(chunk)) / rate * float64(time.Second)))
			wait := time.Until(s.free)
			s.mu.Unlock()
			time.Sleep(wait)
		}
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	s.mu.Lock()
	s.sent = append(s.sent, sent{r.URL.Path, start, time.Now(), len(data)})
	s.mu.Unlock()
}

// byteRange reads a Range header of one range, "bytes=a-b", within a file
// of n bytes: [a, b+1).
func byteRange(h string, n int) (int, int, bool) {
	spec, ok := strings.CutPrefix(h, "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return 0, 0, false
	}
	from, to, ok := strings.Cut(spec, "-")
	a, err1 := strconv.Atoi(from)
	b, err2 := strconv.Atoi(to)
	if !ok || err1 != nil || err2 != nil || a > b || a >= n {
		return 0, 0, false
	}
	return a, min(b+1, n), true
}

// file returns the bytes to send for a path and whether they are gzip
// content-encoded.
func (s *server) file(p string) ([]byte, bool, error) {
	s.mu.Lock()
	data, ok := s.cache[p]
	s.mu.Unlock()
	if !ok {
		raw, err := os.ReadFile(filepath.Join(s.root, filepath.FromSlash(p)))
		if err != nil {
			return nil, false, err
		}
		data = raw
		if !(len(raw) > 2 && raw[0] == 0x1f && raw[1] == 0x8b) {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, 6)
			zw.Write(raw)
			zw.Close()
			data = append([]byte{'z'}, buf.Bytes()...)
		} else {
			data = append([]byte{'r'}, raw...)
		}
		s.mu.Lock()
		s.cache[p] = data
		s.mu.Unlock()
	}
	return data[1:], data[0] == 'z', nil
}

// result is what one search cost. Times are from the start of the page's
// navigation; startMS is when the page's search code began to run (the mark
// "casebook-search-start"), so firstMS-startMS is the search's own part.
type result struct {
	firstBytes, countBytes    float64
	startMS, firstMS, countMS float64
	total                     int
	log                       []string // with -trace: each request, from the navigation
}

// measurePage opens a search page cold and waits for its results and its
// counts (the marks "casebook-search-results" and "casebook-search-counts").
func (s *server) measurePage(ctx context.Context, page, totalJS string) (result, error) {
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	tab, cancelT := context.WithTimeout(tab, 3*time.Minute)
	defer cancelT()
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		return result{}, err
	}
	if _, err := chromedp.Call(tab, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return result{}, err
	}
	s.mu.Lock()
	s.sent = nil
	s.mu.Unlock()
	if err := chromedp.Do(tab, chromedp.Navigate(s.url+page)); err != nil {
		return result{}, err
	}
	type marks struct {
		Origin, Start, First, Counts float64
		Total                        int
	}
	js := `new Promise((ok, fail) => { const end = Date.now() + 170000; const f = () => {
		const a = performance.getEntriesByName("casebook-search-results")[0], b = performance.getEntriesByName("casebook-search-counts")[0];
		const s = performance.getEntriesByName("casebook-search-start")[0];
		if (a && b) return ok({origin: performance.timeOrigin, start: s ? s.startTime : -1, first: a.startTime, counts: b.startTime, total: ` + totalJS + `});
		if (Date.now() > end) return fail(new Error("no results"));
		setTimeout(f, 10) }; f() })`
	m, err := chromedp.Run(tab, chromedp.Evaluate[marks](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return result{}, err
	}
	if m.Start < 0 {
		return result{}, fmt.Errorf("%s: no mark casebook-search-start", page)
	}
	r := result{startMS: m.Start, firstMS: m.First, countMS: m.Counts, total: m.Total}
	if trace {
		// the browser's side: when each request started and ended, and every mark
		type entry struct {
			Name       string
			Start, End float64
		}
		es, err := chromedp.Run(tab, chromedp.Evaluate[[]entry](`[...performance.getEntriesByType("resource").map(e => ({name: "  fetch " + e.name.replace(/^https?:\/\/[^/]+/, ""), start: e.startTime, end: e.responseEnd})),
			...performance.getEntriesByType("mark").map(e => ({name: "mark " + e.name, start: e.startTime, end: e.startTime})),
			...["responseEnd", "domInteractive", "domContentLoadedEventStart"].map(k => ({name: "page " + k, start: performance.getEntriesByType("navigation")[0][k], end: performance.getEntriesByType("navigation")[0][k]}))].sort((a, b) => a.start - b.start)`))
		if err != nil {
			return result{}, err
		}
		for _, e := range es {
			r.log = append(r.log, fmt.Sprintf("browser %7.1f %7.1f %s", e.Start, e.End, e.Name))
		}
	}
	first := time.UnixMicro(int64((m.Origin + m.First) * 1000))
	counts := time.UnixMicro(int64((m.Origin + m.Counts) * 1000))
	time.Sleep(100 * time.Millisecond)
	s.mu.Lock()
	for _, x := range s.sent {
		if !x.end.After(first.Add(2 * time.Millisecond)) {
			r.firstBytes += float64(x.bytes)
		}
		if !x.end.After(counts.Add(2 * time.Millisecond)) {
			r.countBytes += float64(x.bytes)
		}
		if trace {
			at := func(t time.Time) float64 { return float64(t.UnixMicro())/1000 - m.Origin }
			r.log = append(r.log, fmt.Sprintf("%7.1f %7.1f %7d %s", at(x.start), at(x.end), x.bytes, x.path))
		}
	}
	s.mu.Unlock()
	return r, nil
}

// startBrowser starts headless Chromium.
func startBrowser() (context.Context, context.CancelFunc, error) {
	bin := os.Getenv("CHROMIUM")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if bin == "" {
			bin, _ = osexec.LookPath(name)
		}
	}
	if bin == "" {
		return nil, nil, fmt.Errorf("no chromium found (apt-get install chromium)")
	}
	dir, err := os.MkdirTemp("", "bench-search-chromium")
	if err != nil {
		return nil, nil, err
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-dev-shm-usage", true))
	ctx, cancelC := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancelC()
		cancelA()
		return nil, nil, err
	}
	return ctx, func() { cancelC(); cancelA(); os.RemoveAll(dir) }, nil
}
