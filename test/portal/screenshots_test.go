package portal

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"casebook/internal/browser"

	"github.com/chromedp/chromedp"
)

var writeScreenshots = flag.Bool("screenshots", false, "take the README's screenshots of the sample portal into docs/screenshots/")

// maxScreenshot bounds the size of one committed screenshot.
const maxScreenshot = 400 << 10

// screenshots are the README's pictures: the home and a case-study page,
// at a phone's width and a desktop's, the top of each page.
var screenshots = []struct {
	file          string
	path          string
	width, height int
	scheme        string
}{
	{"home-phone.png", "/", 360, 1200, "light"},
	{"home-desktop.png", "/", 1280, 1100, "light"},
	{"case-study-phone.png", caseStudy, 360, 1200, "light"},
	{"case-study-desktop.png", caseStudy, 1280, 1100, "light"},
	{"case-study-phone-dark.png", caseStudy, 360, 1200, "dark"},
}

// TestScreenshots checks the committed screenshots: each is a PNG of the
// expected size and not too heavy for the repository. With -screenshots it
// first takes them again, in headless Chromium:
//
//	go test ./test/portal -run TestScreenshots -screenshots
func TestScreenshots(t *testing.T) {
	dir := filepath.Join(root, "docs", "screenshots")
	if *writeScreenshots {
		ctx := newTab(t, 1280, 900)
		base := serve(t)
		for _, s := range screenshots {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(s.width), int64(s.height))); err != nil {
				t.Fatal(err)
			}
			scheme(t, ctx, s.scheme)
			browser.Open(t, ctx, base+s.path)
			shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(shot))
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, img); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, s.file), b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, s := range screenshots {
		data, err := os.ReadFile(filepath.Join(dir, s.file))
		if err != nil {
			t.Errorf("%v (take the screenshots with -screenshots)", err)
			continue
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", s.file, err)
			continue
		}
		if got := (image.Point{cfg.Width, cfg.Height}); got != (image.Point{s.width, s.height}) {
			t.Errorf("%s is %v, want %dx%d", s.file, got, s.width, s.height)
		}
		if len(data) > maxScreenshot {
			t.Errorf("%s is %d KB, over %d KB", s.file, len(data)>>10, maxScreenshot>>10)
		}
	}
}
