package dirfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
)

// tree makes a folder with files, folders and symbolic links that stay in
// it, and with escapes, links that leave it; it returns the folder.
func tree(t *testing.T, escapes bool) string {
	t.Helper()
	top := t.TempDir()
	dir := filepath.Join(top, "site")
	for name, data := range map[string]string{
		"casebook.toml":                  "title = \"x\"\n",
		"content/case-studies/a.md":      "a",
		"content/case-studies/b.md":      "bb",
		"content/case-studies/deep/c.md": "ccc",
		"content/empty.md":               "",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(top, "secret"), []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"content/link.md": "case-studies/a.md", // inside: followed
		"content/linked":  "case-studies",      // a folder inside: followed
	}
	if escapes {
		links["content/escape.md"] = "../../secret" // outside: refused
		links["content/escape-dir"] = "../.."
		links["content/absolute.md"] = filepath.Join(top, "secret")
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestStandard runs the standard library's checks: Open, ReadFile,
// ReadDir and Stat agree.
func TestStandard(t *testing.T) {
	f, err := Open(tree(t, false))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := fstest.TestFS(f, "casebook.toml", "content/case-studies/a.md", "content/case-studies/deep/c.md", "content/empty.md", "content/link.md"); err != nil {
		t.Fatal(err)
	}
}

// TestAsRoot reads files and what is not a file, inside and outside the
// folder, and requires what the os.Root gives: the same bytes or the same
// error.
func TestAsRoot(t *testing.T) {
	dir := tree(t, true)
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, name := range []string{"content/case-studies/a.md", "content/case-studies/deep/c.md", "content/empty.md",
		"content/link.md", "content/linked/b.md", "content/escape.md", "content/escape-dir/secret", "content/absolute.md",
		"content/missing.md", "missing/x.md", "content", "../secret", "/etc/passwd", "content//a.md", "content/case-studies/a.md/x"} {
		got, gerr := f.ReadFile(name)
		want, werr := fs.ReadFile(root.FS(), name)
		if string(got) != string(want) || (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Errorf("ReadFile(%q) = %q, %v; the os.Root gives %q, %v", name, got, gerr, want, werr)
		}
		if werr == nil {
			file, err := f.Open(name)
			if err != nil {
				t.Errorf("Open(%q): %v", name, err)
				continue
			}
			b := make([]byte, 16)
			n, _ := file.Read(b)
			file.Close()
			if string(b[:n]) != string(want) {
				t.Errorf("Open(%q) reads %q, want %q", name, b[:n], want)
			}
		}
	}
	for _, name := range []string{"content/escape.md", "content/escape-dir/secret", "content/absolute.md"} {
		if _, err := f.ReadFile(name); err == nil {
			t.Errorf("%s: read outside the folder", name)
		}
	}
	if _, err := f.ReadFile("content/missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// TestConcurrent reads from many goroutines, which open the same folders.
func TestConcurrent(t *testing.T) {
	f, err := Open(tree(t, false))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for _, name := range []string{"content/case-studies/deep/c.md", "content/case-studies/b.md"} {
				if b, err := f.ReadFile(name); err != nil || len(b) == 0 {
					t.Errorf("%s: %q, %v", name, b, err)
				}
			}
		})
	}
	wg.Wait()
}
