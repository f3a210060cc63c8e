package search

import (
	"context"
	"errors"
	"sync"
	"testing"
)

// TestBuilderOrderDoesNotMatter adds the bodies from several goroutines in
// an order unlike Index's, as a build's page workers do, and expects the
// same files.
func TestBuilderOrderDoesNotMatter(t *testing.T) {
	docs, facets := synth(300, 40)
	want, err := Index(context.Background(), docs, facets, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	b := newBuilder(docs, facets, Defaults())
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for i := len(docs) - 1 - w; i >= 0; i -= 3 {
				if err := b.add(i, docs[i].Text[FieldBody]); err != nil {
					t.Error(err)
				}
			}
		})
	}
	got, err := b.Files(context.Background())
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, got, want)
}

func TestBuilderMisuse(t *testing.T) {
	docs, facets := synth(10, 5)
	b := newBuilder(docs, facets, Defaults())
	if err := b.add(3, "body"); err != nil {
		t.Fatal(err)
	}
	if err := b.add(3, "body"); err == nil {
		t.Error("a document added twice was accepted")
	}
	// Files waits for the documents not yet added, until ctx ends.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Files(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Files with documents missing: %v, want context.Canceled", err)
	}
}

func TestBuilderAddAfterFiles(t *testing.T) {
	docs, facets := synth(3, 2)
	b := newBuilder(docs, facets, Defaults())
	for i := range docs {
		if err := b.add(i, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Files(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := b.add(0, ""); err == nil {
		t.Error("a document added again after Files was accepted")
	}
}
