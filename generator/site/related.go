package site

import (
	"cmp"
	"slices"
	"strings"
)

// maxRelated is how many related case studies a page shows.
const maxRelated = 4

// candidateCap bounds how many case studies one shared feature contributes
// as candidates, so that a tag shared by half the portal does not make the
// search quadratic. The rarest features are visited first: they say most.
const candidateCap = 200

// feature weights: a shared partner says more than a shared SDG or tag.
var weights = map[byte]float64{'p': 4, 'g': 2, 's': 1.5, 't': 1}

// relate sets Related on every study: the case studies sharing the most
// weighted partners, SDGs, sectors and tags, ties broken by recency.
func relate(studies []*Study) {
	index := map[string][]int{}
	feats := make([][]string, len(studies))
	for i, st := range studies {
		for _, p := range st.Partners {
			feats[i] = append(feats[i], "p"+p.Org.Slug)
		}
		for _, t := range st.SDGTerms {
			feats[i] = append(feats[i], "g"+t.Key)
		}
		for _, t := range st.SectorTerm {
			feats[i] = append(feats[i], "s"+t.Key)
		}
		for _, t := range st.TagTerms {
			feats[i] = append(feats[i], "t"+t.Key)
		}
		for _, f := range feats[i] {
			index[f] = append(index[f], i)
		}
	}
	score := map[int]float64{}
	for i, st := range studies {
		clear(score)
		fs := slices.Clone(feats[i])
		slices.SortFunc(fs, func(a, b string) int { return cmp.Or(len(index[a])-len(index[b]), strings.Compare(a, b)) })
		for _, f := range fs {
			w := weights[f[0]]
			post := index[f]
			// Past the cap, take the studies nearest in date order.
			lo := 0
			if len(post) > candidateCap {
				at, _ := slices.BinarySearch(post, i)
				lo = max(0, min(at-candidateCap/2, len(post)-candidateCap))
			}
			for _, j := range post[lo:min(len(post), lo+candidateCap)] {
				if j != i {
					score[j] += w
				}
			}
		}
		var cands []int
		for j := range score {
			cands = append(cands, j)
		}
		slices.SortFunc(cands, func(a, b int) int {
			return cmp.Or(cmp.Compare(score[b], score[a]), cmp.Compare(abs(a-i), abs(b-i)), cmp.Compare(a, b))
		})
		for _, j := range cands[:min(len(cands), maxRelated)] {
			if score[j] >= 2 {
				st.Related = append(st.Related, studies[j])
			}
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
