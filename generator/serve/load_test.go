package serve

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoad puts the preview server under the load an editing team can make:
// 200 concurrent page readers, 100 live-reload connections that come and
// go, and a burst of 1,000 new files written at once followed by an edit.
// No response may fail or be incomplete, every reader and tab must end on
// the final content, and no goroutine or file descriptor may be left once
// the server is closed.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test: not in -short")
	}
	fds := func() int { e, _ := os.ReadDir("/proc/self/fd"); return len(e) }
	beforeG, beforeFD := runtime.NumGoroutine(), fds()

	dir := writeSite(t, testSite())
	r, cancel, served := startManual(t, dir)
	watcher := r.open(t, "/case-studies/alpha/", "") // a tab that stays open throughout

	transport := &http.Transport{MaxIdleConnsPerHost: 256}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var requests, failures atomic.Int64
	var firstFailure atomic.Value
	fail := func(format string, args ...any) {
		failures.Add(1)
		firstFailure.CompareAndSwap(nil, fmt.Sprintf(format, args...))
	}
	for i := range 200 {
		wg.Go(func() {
			pages := []string{"/", "/case-studies/alpha/", "/case-studies/", "/about/", "/tags/innovation/"}
			for k := 0; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				p := pages[(i+k)%len(pages)]
				resp, err := client.Get(r.url + p)
				if err != nil {
					fail("GET %s: %v", p, err)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				requests.Add(1)
				if err != nil || resp.StatusCode != 200 || !strings.HasSuffix(strings.TrimSpace(string(body)), "</html>") {
					fail("GET %s: %d, %d bytes, %v", p, resp.StatusCode, len(body), err)
				}
			}
		})
	}
	for range 100 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				cctx, ccancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
				req, _ := http.NewRequestWithContext(cctx, "GET", r.url+Prefix+"events?path=/case-studies/alpha/", nil)
				resp, err := client.Do(req)
				if err == nil {
					if resp.StatusCode != 200 {
						fail("events: %d", resp.StatusCode)
					}
					io.Copy(io.Discard, resp.Body) // until the timeout ends the stream
					resp.Body.Close()
				} else if cctx.Err() == nil {
					fail("events: %v", err)
				}
				ccancel()
			}
		})
	}

	// The burst: 1,000 new case studies written at once, then one edit.
	time.Sleep(300 * time.Millisecond)
	for i := range 1000 {
		writeFile(t, filepath.Join(dir, "content/case-studies", fmt.Sprintf("many-%04d.md", i)), study(fmt.Sprintf("Many %d", i), "A body."))
	}
	saveAtomic(t, filepath.Join(dir, "content/case-studies/alpha.md"), study("Alpha", "Alpha body, final version."))
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, body := r.get(t, "/case-studies/alpha/")
		_, list := r.get(t, "/case-studies/")
		if strings.Contains(body, "final version") && strings.Contains(list, "1002 case studies") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never reached the final content")
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the readers read the final content for a while
	close(stop)
	wg.Wait()
	transport.CloseIdleConnections()

	if n := failures.Load(); n > 0 {
		t.Errorf("%d failed of %d requests; first: %v", n, requests.Load(), firstFailure.Load())
	}
	t.Logf("%d page requests served during the burst", requests.Load())
	if requests.Load() < 1000 {
		t.Errorf("only %d page requests were served under load", requests.Load())
	}
	// The tab open throughout was told to reload, and reloading shows the end state.
	got := false
	for !got {
		select {
		case e, ok := <-watcher.events:
			if !ok {
				t.Fatal("the open tab's stream ended")
			}
			got = e.name == "reload"
		case <-time.After(10 * time.Second):
			t.Fatal("the open tab got no reload")
		}
	}
	if _, body := r.get(t, "/case-studies/alpha/"); !strings.Contains(body, "final version") {
		t.Error("a reader ends on an old page")
	}

	cancel()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	watcher.close()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, fmt.Sprintf("goroutines back to %d", beforeG), 10*time.Second, func() bool {
		return runtime.NumGoroutine() <= beforeG
	})
	waitFor(t, fmt.Sprintf("file descriptors back to %d", beforeFD), 10*time.Second, func() bool {
		return fds() <= beforeFD
	})
}
