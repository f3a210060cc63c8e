package main

import (
	"bytes"
	"context"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"casebook/internal/corpus"
)

// TestKilledBuildsLeavePublicIntact kills real builds with SIGKILL at
// random moments (while loading, rendering, writing and swapping) and checks
// every time that public/ is the complete site, byte for byte, and that the
// next build removes the leftovers.
func TestKilledBuildsLeavePublicIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary and a site: not in -short")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "casebook")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := filepath.Join(dir, "site")
	for name, f := range corpus.Site(300) {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A build that hangs is killed well before the test's own deadline,
	// which would leave it running after the test binary is gone.
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	build := func() *exec.Cmd { return exec.CommandContext(ctx, bin, "build", "--src", site) }
	start := time.Now()
	if out, err := build().CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	full := time.Since(start)
	public := filepath.Join(site, "public")
	want := snapshot(t, public)
	if len(want) < 300 {
		t.Fatalf("the site has %d files", len(want))
	}
	r := rand.New(rand.NewPCG(7, 7))
	for i := range 12 {
		cmd := build()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill anywhere from the start to a little past the usual end.
		time.Sleep(time.Duration(r.Int64N(int64(full + full/4))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if got := snapshot(t, public); !same(got, want) {
			t.Fatalf("kill %d: public/ is not the complete site (%d files, want %d)", i, len(got), len(want))
		}
	}
	if out, err := build().CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, out)
	}
	entries, _ := os.ReadDir(site)
	for _, e := range entries {
		// .public-prev is the previous site, kept for the next build to
		// reuse, and .public-prev.files its manifest.
		if strings.HasPrefix(e.Name(), ".public-") && e.Name() != ".public-prev" && e.Name() != ".public-prev.files" {
			t.Errorf("leftover %s after a complete build", e.Name())
		}
	}
	if !same(snapshot(t, public), want) {
		t.Error("the rebuilt site differs")
	}
}

func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[strings.TrimPrefix(p, dir)] = data
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading public/: %v", err)
	}
	return files
}

func same(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
