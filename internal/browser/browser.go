// Package browser starts headless Chromium for tests, driven with chromedp.
//
// New returns a chromedp context for one tab; everything is shut down when
// the test ends. Open loads a page and waits until it is the one shown. When no Chromium binary is found the test is skipped with a
// plain message, except under CI=true, where a missing browser fails the
// run (.ci/run installs Debian's chromium).
package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Binary returns the path of a Chromium binary: $CHROMIUM, or the first of
// chromium, chromium-browser, google-chrome on PATH; "" when there is none.
func Binary() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless Chromium and returns a context for one tab, with a
// timeout per test. The window is width × height pixels (1280 × 900 when 0).
func New(t testing.TB, width, height int) context.Context {
	t.Helper()
	bin := Binary()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed; CI requires it for browser tests (apt-get install -y chromium)")
		}
		t.Skip("browser test skipped: no chromium on this machine (apt-get install chromium to run it)")
	}
	if width == 0 {
		width, height = 1280, 900
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// The first run starts the browser; it must not carry the test's timeout,
	// which would stop the whole browser when it fires.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	tctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	return tctx
}

// Open loads url in the tab and waits until it is the page shown and
// loaded, its stylesheets applied. chromedp's Navigate can return on the
// load event of the page before (its waitLoaded says it races); a keyboard
// test in CI once tabbed through a page whose focus styles were not there
// yet. A page that redirects is taken as it is after two seconds.
func Open(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	shown := fmt.Sprintf(`location.href === new URL(%q).href && document.readyState === "complete"`, url)
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		// An evaluation in the page being replaced may fail: try again.
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](shown)); err == nil && ok {
			return
		}
	}
}
