// Package corpus writes deterministic synthetic sites for benchmarks and
// tests that need volume.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing/fstest"

	"casebook/generator/content"
)

// Site returns a deterministic site of n synthetic, valid case studies
// with bodies of about 900 words, like ../shared/bench/gencorpus writes,
// for benchmarks and tests that need volume.
func Site(n int) fstest.MapFS {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("partnership community education teachers workforce green energy water health housing inclusion equity innovation ethics rights governance trust youth women farmers livelihoods jobs training digital schools parks infrastructure resilience cooperatives municipality foundation company stakeholders capacity accessibility transport waste recycling the of and to in a is that for with")
	sectors := content.Sectors()
	word := func() string { return words[r.IntN(len(words))] }
	sentence := func(k int) string {
		w := make([]string, k)
		for i := range w {
			w[i] = word()
		}
		return strings.Join(w, " ")
	}
	fsys := fstest.MapFS{"casebook.toml": {Data: []byte("title = \"Bench\"\nbase_url = \"https://example.org/\"\n")}}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %q\nsummary: %q\ndate: 20%02d-%02d-%02d\nstatus: completed\nperiod: {start: %d}\npartners:\n",
			"Case "+sentence(4), sentence(20), 10+r.IntN(15), 1+r.IntN(12), 1+r.IntN(28), 2005+r.IntN(15))
		for p := range 2 + r.IntN(3) {
			// An organisation's sector follows from its number, as the content rules require.
			org := r.IntN(n/20+5)*len(sectors) + (i+p)%len(sectors)
			fmt.Fprintf(&b, "  - name: Org %d\n    sector: %s\n    role: %s\n", org, sectors[org%len(sectors)], sentence(2))
		}
		fmt.Fprintf(&b, "tags: [%s]\nsdgs: [%d, %d]\ncountries: [KE, BR]\ngoals: [%q]\nequity_outcomes:\n  - outcome: %q\n    group: %q\n    value: %d\nlessons: [%q]\nsources:\n  - title: Report\n    url: https://example.org/%d\n---\n\n",
			content.CoreTags()[i%4], 1+i%17, 1+(i+5)%17, sentence(8), sentence(8), sentence(2), r.IntN(1000), sentence(10), i)
		for range 8 {
			fmt.Fprintf(&b, "## %s\n\n%s.\n\n%s *%s*.\n\n", sentence(3), sentence(60), sentence(40), word())
		}
		fsys[fmt.Sprintf("content/case-studies/case-%05d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}
