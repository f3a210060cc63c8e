package search_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"

	"casebook/generator/search"
)

// TestColumnJS checks the script's facet-column decoder against Go's encoder
// and decoder in every mode: a byte each, two bytes each past 256
// combinations, differences, and several documents a byte, with ranges that
// end inside a byte.
func TestColumnJS(t *testing.T) {
	ctx := scriptPage(t)
	r := rand.New(rand.NewSource(11))
	for _, combos := range []int{1, 2, 3, 5, 15, 16, 17, 200, 256, 257, 1000, 40000} {
		modes := []int{0, 1}
		for m := 2; m <= search.Packing(combos); m++ {
			modes = append(modes, m)
		}
		for _, mode := range modes {
			for _, n := range []int{0, 1, 7, 12288} {
				values := make([]int, n)
				for i := range values {
					values[i] = r.Intn(combos)
				}
				b := search.EncodeColumn(values, combos, mode)
				want, err := search.DecodeColumn(b, n, combos, mode)
				if err != nil {
					t.Fatalf("%d combinations, mode %d, %d documents: Go's decoder: %v", combos, mode, n, err)
				}
				got := run[string](t, ctx, fmt.Sprintf(`JSON.stringify([...casebookSearch.column(Uint8Array.from(atob(%q), c => c.charCodeAt(0)), %d, %d, %d)])`,
					base64.StdEncoding.EncodeToString(b), n, combos, mode))
				var vals []int
				if err := json.Unmarshal([]byte(got), &vals); err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(vals) != fmt.Sprint(want) || fmt.Sprint(want) != fmt.Sprint(values) {
					t.Errorf("%d combinations, mode %d, %d documents: the script decodes differently from Go", combos, mode, n)
				}
			}
		}
	}
}
