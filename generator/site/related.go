package site

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// minRelated and maxRelated bound how many related case studies a page
// shows: up to maxRelated close ones, filled up to minRelated with the next
// best when fewer are close and others share anything at all.
const minRelated, maxRelated = 3, 5

// candidateCap bounds how many case studies one shared feature contributes
// as candidates, so that a tag shared by half the portal does not make the
// search quadratic. The rarest features are visited first: they say most.
const candidateCap = 200

// weights by kind of feature: a shared partner says more than a shared SDG,
// sector or tag.
var weights = map[byte]float64{'p': 4, 'g': 2, 's': 1.5, 't': 1}

// relate sets Related on every study. The score of a pair is linear: the
// sum, over the features the two share (partners, SDGs, sectors, tags), of
// the feature's weight, each scaled by 1 + ln(N/n) where n of the N studies
// have it, so that a sector most partnerships have counts for less than a
// goal few work on. Close studies score at least half the best score; ties
// go to the study nearest in date.
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
		slices.Sort(feats[i])
		feats[i] = slices.Compact(feats[i]) // one organisation twice in a study counts once
		for _, f := range feats[i] {
			index[f] = append(index[f], i)
		}
	}
	n := float64(len(studies))
	score := map[int]float64{}
	for i, st := range studies {
		clear(score)
		fs := slices.Clone(feats[i])
		slices.SortFunc(fs, func(a, b string) int { return cmp.Or(len(index[a])-len(index[b]), strings.Compare(a, b)) })
		for _, f := range fs {
			post := index[f]
			w := weights[f[0]] * (1 + math.Log(n/float64(len(post))))
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
		cands := make([]int, 0, len(score))
		for j := range score {
			cands = append(cands, j)
		}
		slices.SortFunc(cands, func(a, b int) int {
			return cmp.Or(cmp.Compare(score[b], score[a]), cmp.Compare(abs(a-i), abs(b-i)), cmp.Compare(a, b))
		})
		for k, j := range cands[:min(len(cands), maxRelated)] {
			if k >= minRelated && score[j] < score[cands[0]]/2 {
				break
			}
			st.Related = append(st.Related, studies[j])
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Shared is what two case studies have in common, for showing why one is
// related to the other.
type Shared struct {
	Partners []*Partner
	Terms    []*Term // SDGs, then sectors, then tags
}

// Shared returns what st shares with o.
func (st *Study) Shared(o *Study) Shared {
	var sh Shared
	for _, p := range st.Partners {
		if slices.ContainsFunc(o.Partners, func(q PartnerRef) bool { return q.Org == p.Org }) && !slices.Contains(sh.Partners, p.Org) {
			sh.Partners = append(sh.Partners, p.Org)
		}
	}
	for _, ts := range [][2][]*Term{{st.SDGTerms, o.SDGTerms}, {st.SectorTerm, o.SectorTerm}, {st.TagTerms, o.TagTerms}} {
		for _, t := range ts[0] {
			if slices.Contains(ts[1], t) {
				sh.Terms = append(sh.Terms, t)
			}
		}
	}
	return sh
}
