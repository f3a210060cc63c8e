// Package sitetest builds whole sites described as txtar archives, for tests.
//
//	files := sitetest.Build(t, `
//	-- content/case-studies/a.md --
//	---
//	title: ...
//	`)
//	html := files["case-studies/a/index.html"]
package sitetest

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"casebook/generator"

	"golang.org/x/tools/txtar"
)

// FS turns a txtar archive into an in-memory site folder.
func FS(archive string) fstest.MapFS {
	a := txtar.Parse([]byte(archive))
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[strings.TrimSpace(f.Name)] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

// Result runs a build of the archive and returns its result and error.
func Result(t testing.TB, archive string, c generator.Config) (*generator.Result, error) {
	t.Helper()
	c.Site = FS(archive)
	return generator.Build(context.Background(), c)
}

// Build builds the archive and returns its output files by path, failing
// the test on any error.
func Build(t testing.TB, archive string) map[string]string {
	t.Helper()
	res, err := Result(t, archive, generator.Config{BaseURL: "https://cases.example.org/"})
	if err != nil {
		if res != nil {
			t.Fatalf("build failed: %v\n%s", err, res.Diags.Error())
		}
		t.Fatalf("build failed: %v", err)
	}
	files := make(map[string]string, len(res.Files))
	for _, f := range res.Files {
		files[f.Path] = string(f.Data)
	}
	return files
}
