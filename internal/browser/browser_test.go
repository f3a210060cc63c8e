package browser

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestNewRendersAPage(t *testing.T) {
	ctx := New(t, 0, 0)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><title>x</title><h1 id="h">Hello</h1><script>document.getElementById("h").textContent += ", script"</script>`))
	}))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text("#h"))
	if err != nil {
		t.Fatal(err)
	}
	if text != "Hello, script" {
		t.Errorf("got %q", text)
	}
}

// TestOpenWaitsForThePage opens a page, then one whose stylesheet comes
// late: Open returns once the second page is shown with its style. It
// checks Open's promise; the race it guards against (Navigate returning on
// the first page's load event) cannot be made to happen on demand.
func TestOpenWaitsForThePage(t *testing.T) {
	ctx := New(t, 0, 0)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow.css":
			time.Sleep(300 * time.Millisecond)
			w.Header().Set("Content-Type", "text/css")
			w.Write([]byte(`h1 { color: rgb(255, 0, 0) }`))
		case "/b":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<!doctype html><title>b</title><link rel="stylesheet" href="/slow.css"><h1>b</h1>`))
		default:
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<!doctype html><title>a</title><h1>a</h1>`))
		}
	}))
	defer srv.Close()
	Open(t, ctx, srv.URL+"/a")
	Open(t, ctx, srv.URL+"/b")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + " " + getComputedStyle(document.querySelector("h1")).color`))
	if err != nil {
		t.Fatal(err)
	}
	if got != "/b rgb(255, 0, 0)" {
		t.Errorf("after Open: %q, want the second page with its style", got)
	}
}
