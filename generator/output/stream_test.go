package output

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// streamed is a File made by Stream, written in pieces of 1,000 bytes
// (more than one buffer's worth in all when text is long).
func streamed(path, text string) File {
	return File{Path: path, Stream: func(w io.Writer) error {
		for s := text; s != ""; {
			n := min(len(s), 1000)
			if _, err := io.WriteString(w, s[:n]); err != nil {
				return err
			}
			s = s[n:]
		}
		return nil
	}}
}

// TestDirStreamsFiles writes streamed files into a fresh folder and then
// into reused ones: each comes out as streamed, whether it grew, shrank or
// changed in the middle, and one that came out the same keeps its
// modification time.
func TestDirStreamsFiles(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	ctx := context.Background()
	big := strings.Repeat("0123456789", 60_000) // 600 KB: several buffers
	files := func(v string) []File {
		return []File{
			streamed("data/same.json", big),
			streamed("data/middle.json", big[:300_000]+v+big[300_000:]),
			streamed("data/shrinks.csv", big[:len(big)-len(v)*1000]),
			streamed("data/grows.csv", big+strings.Repeat(v, 1000)),
			streamed("empty.txt", ""),
			streamed("was-a-folder", "now a file "+v),
		}
	}
	for _, v := range []string{"A", "BB"} {
		if err := Dir(ctx, dir, files(v)); err != nil {
			t.Fatal(err)
		}
	}
	prev := filepath.Join(root, ".public-prev") // the "A" build, reused next
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	filepath.WalkDir(prev, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	os.Remove(filepath.Join(prev, "was-a-folder"))
	os.MkdirAll(filepath.Join(prev, "was-a-folder", "inside"), 0o755)
	if err := Dir(ctx, dir, files("CCC")); err != nil {
		t.Fatal(err)
	}
	for _, f := range files("CCC") {
		want, err := Materialize(f)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		got, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, want.Data) {
			t.Errorf("%s: %d bytes, %v; want %d bytes", f.Path, len(got), err, len(want.Data))
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if kept := st.ModTime().Equal(old); kept != (f.Path == "data/same.json" || f.Path == "empty.txt") {
			t.Errorf("%s: modification time kept %v", f.Path, kept)
		}
	}
}

// TestDirStreamErrorKeepsOld fails a stream half-way: the build fails
// with its error and the published folder stays as it was.
func TestDirStreamErrorKeepsOld(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	ctx := context.Background()
	if err := Dir(ctx, dir, []File{streamed("data.csv", "old")}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	bad := File{Path: "data.csv", Stream: func(w io.Writer) error {
		io.WriteString(w, "new, half")
		return boom
	}}
	if err := Dir(ctx, dir, []File{bad}); !errors.Is(err, boom) {
		t.Fatalf("Dir = %v, want the stream's error", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "data.csv")); string(got) != "old" {
		t.Errorf("data.csv = %q, want the old site's", got)
	}
	if _, err := Materialize(bad); !errors.Is(err, boom) {
		t.Errorf("Materialize = %v, want the stream's error", err)
	}
}
