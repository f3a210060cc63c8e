package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestFloodOfFiles checks that a site folder holding a great many tiny
// files finishes in bounded time and memory: 20,000 empty case-study files
// give one clear error each, and 50,000 static files beside a valid case
// study are copied.
func TestFloodOfFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 70,000 files: not in -short")
	}
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 20000 {
		write(fmt.Sprintf("content/case-studies/empty-%05d.md", i), "")
	}
	for i := range 50000 {
		write(fmt.Sprintf("static/tiny/%02d/f%05d.txt", i%50, i), "x")
	}
	measure := func(args ...string) (string, time.Duration, uint64, error) {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, &out, &errOut)
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		return errOut.String(), time.Since(start), after.TotalAlloc - before.TotalAlloc, err
	}
	stderr, took, alloc, err := measure("check", "--src", dir)
	if exitCode(err) != 1 || !strings.Contains(stderr, "content/case-studies/empty-19999.md:1:1: the file is empty") || !strings.Contains(stderr, "20000 errors") {
		t.Fatalf("empty files: exit %d, %.300s", exitCode(err), stderr)
	}
	t.Logf("20,000 empty files: %v, %d MB allocated", took.Round(time.Millisecond), alloc>>20)
	if took > 60*time.Second || alloc > 1<<30 {
		t.Errorf("20,000 empty files took %v and %d MB", took, alloc>>20)
	}

	os.RemoveAll(filepath.Join(dir, "content"))
	write("content/case-studies/ok.md", `---
title: One
summary: One case study.
date: 2024-03-18
status: active
period: {start: 2019}
partners:
  - name: A
    sector: business
  - name: B
    sector: community
tags: [inclusion]
goals: [A goal]
equity_outcomes:
  - outcome: An outcome
    group: a group
lessons: [A lesson]
---
Body.
`)
	stderr, took, alloc, err = measure("build", "--src", dir, "--base-url", "https://example.org/")
	if err != nil {
		t.Fatalf("build: %v\n%.500s", err, stderr)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "public/tiny/49/f49999.txt")); err != nil || string(got) != "x" {
		t.Errorf("static files not all copied: %v", err)
	}
	t.Logf("50,000 static files: %v, %d MB allocated", took.Round(time.Millisecond), alloc>>20)
	if took > 120*time.Second || alloc > 1<<30 {
		t.Errorf("50,000 static files took %v and %d MB", took, alloc>>20)
	}
}
