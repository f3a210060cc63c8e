package search

import (
	"context"
	"sync"
	"syscall"
	"testing"
	"time"
)

// benchDocs is a synthetic portal of 10,000 case studies (see synth), made
// once for the benchmarks.
var benchDocs = sync.OnceValues(func() ([]Doc, []Facet) { return synth(10000, 900) })

// BenchmarkIndex builds the index of 10,000 case studies: the search pass of
// casebook build at the scale of the build-speed budgets.
//
//	go test ./generator/search -run X -bench Index -benchmem -cpuprofile cpu.out
func BenchmarkIndex(b *testing.B) {
	docs, facets := benchDocs()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := Index(context.Background(), docs, facets, Defaults()); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time, which another process on the machine disturbs less than
	// the wall-clock time.
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTokenize tokenises the synthetic portal's 10,000 documents with
// one tokenizer: the part of the index build that runs beside the pages.
func BenchmarkTokenize(b *testing.B) {
	docs, _ := benchDocs()
	var bytes int64
	for i := range docs {
		for _, t := range docs[i].Text {
			bytes += int64(len(t))
		}
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	for b.Loop() {
		tz := &tokenizer{}
		for i := range docs {
			tz.doc(&docs[i])
		}
	}
}
