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
	// Number the features; index[f] lists the studies that have feature f,
	// in study order.
	ids := map[string]int32{}
	var names []string
	var index [][]int32
	feats := make([][]int32, len(studies))
	add := func(i int, name string) {
		id, ok := ids[name]
		if !ok {
			id = int32(len(names))
			ids[name] = id
			names = append(names, name)
			index = append(index, nil)
		}
		feats[i] = append(feats[i], id)
	}
	for i, st := range studies {
		for _, p := range st.Partners {
			add(i, "p"+p.Org.Slug)
		}
		for _, t := range st.SDGTerms {
			add(i, "g"+t.Key)
		}
		for _, t := range st.SectorTerm {
			add(i, "s"+t.Key)
		}
		for _, t := range st.TagTerms {
			add(i, "t"+t.Key)
		}
		slices.Sort(feats[i])
		feats[i] = slices.Compact(feats[i]) // one organisation twice in a study counts once
		for _, f := range feats[i] {
			index[f] = append(index[f], int32(i))
		}
	}
	n := float64(len(studies))
	weight := make([]float64, len(names))
	for f, name := range names {
		weight[f] = weights[name[0]] * (1 + math.Log(n/float64(len(index[f]))))
	}
	// Scores live in a dense array, reset after each study through the list
	// of the studies it touched.
	score := make([]float64, len(studies))
	var touched []int32
	for i, st := range studies {
		fs := slices.Clone(feats[i])
		slices.SortFunc(fs, func(a, b int32) int {
			return cmp.Or(len(index[a])-len(index[b]), strings.Compare(names[a], names[b]))
		})
		for _, f := range fs {
			post := index[f]
			// Past the cap, take the studies nearest in date order.
			lo := 0
			if len(post) > candidateCap {
				at, _ := slices.BinarySearch(post, int32(i))
				lo = max(0, min(at-candidateCap/2, len(post)-candidateCap))
			}
			for _, j := range post[lo:min(len(post), lo+candidateCap)] {
				if int(j) == i {
					continue
				}
				if score[j] == 0 {
					touched = append(touched, j)
				}
				score[j] += weight[f]
			}
		}
		// Keep the best maxRelated: higher score, then nearer in date, then
		// earlier in the list.
		better := func(a, b int32) bool {
			if score[a] != score[b] {
				return score[a] > score[b]
			}
			if da, db := abs(int(a)-i), abs(int(b)-i); da != db {
				return da < db
			}
			return a < b
		}
		top := make([]int32, 0, maxRelated+1)
		for _, j := range touched {
			k := len(top)
			for k > 0 && better(j, top[k-1]) {
				k--
			}
			if k < maxRelated {
				top = slices.Insert(top, k, j)
				if len(top) > maxRelated {
					top = top[:maxRelated]
				}
			}
		}
		for k, j := range top {
			if k >= minRelated && score[j] < score[top[0]]/2 {
				break
			}
			st.Related = append(st.Related, studies[j])
		}
		for _, j := range touched {
			score[j] = 0
		}
		touched = touched[:0]
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
