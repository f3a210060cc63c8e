package search

import (
	"context"
	"slices"
	"testing"
)

// TestRangeFallback checks that the script finds the same results whether
// the host honours Range requests for full-postings members or sends whole
// files, and that it does use Range when it can.
func TestRangeFallback(t *testing.T) {
	docs, facets := synth(2000, 200)
	opt := Defaults()
	opt.BundleBytes = 0 // files, not one bundle
	files, err := Index(context.Background(), docs, facets, opt)
	if err != nil {
		t.Fatal(err)
	}
	vocab := vocabulary(t, files)
	var queries []string
	for _, v := range vocab {
		if v.df > 40 && v.df < 1500 && len(queries) < 6 {
			queries = append(queries, v.w)
		}
	}
	// two words: the rarer one's full postings are needed
	queries = append(queries, queries[0]+" "+queries[1], queries[2]+" "+queries[3])
	results := map[bool][][]string{}
	for _, noRange := range []bool{false, true} {
		srv := newCountingServer(t, files)
		srv.noRange = noRange
		ctx := openServer(t, srv)
		for _, q := range queries {
			results[noRange] = append(results[noRange], top10(t, ctx, q))
		}
		if srv.ranges == 0 && !noRange {
			t.Error("no Range request for a full-postings member")
		}
	}
	for i, q := range queries {
		if len(results[false][i]) == 0 || !slices.Equal(results[false][i], results[true][i]) {
			t.Errorf("%q: %q with Range, %q without", q, results[false][i], results[true][i])
		}
	}
}
