package site

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
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

// relations finds related case studies. The score of a pair is linear:
// the sum, over the features the two share (partners, SDGs, sectors, tags),
// of the feature's weight, each scaled by 1 + ln(N/n) where n of the N
// studies have it, so that a sector most partnerships have counts for less
// than a goal few work on. Close studies score at least half the best
// score; ties go to the study nearest in date.
//
// Assemble builds the feature index in linear time; each study's list is
// worked out the first time it is asked for (Study.Related), so that a
// build renders them in parallel with the pages and a preview only for the
// pages it shows. A relations is safe for concurrent use.
type relations struct {
	studies []*Study
	names   []string  // feature names: "p<org>", "g<sdg>", "s<sector>", "t<tag>"
	index   [][]int32 // index[f] lists the studies that have feature f, in study order
	feats   [][]int32 // feats[i] lists study i's features, rarest first
	weight  []float64
	scratch sync.Pool // *scores
}

// scores is one query's dense score array, reset after each study through
// the list of the studies it touched.
type scores struct {
	score   []float64
	touched []int32
}

func newRelations(studies []*Study) *relations {
	r := &relations{studies: studies, feats: make([][]int32, len(studies))}
	ids := map[string]int32{}
	add := func(i int, name string) {
		id, ok := ids[name]
		if !ok {
			id = int32(len(r.names))
			ids[name] = id
			r.names = append(r.names, name)
			r.index = append(r.index, nil)
		}
		r.feats[i] = append(r.feats[i], id)
	}
	for i, st := range studies {
		st.rel, st.num = r, i
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
		slices.Sort(r.feats[i])
		r.feats[i] = slices.Compact(r.feats[i]) // one organisation twice in a study counts once
		for _, f := range r.feats[i] {
			r.index[f] = append(r.index[f], int32(i))
		}
	}
	n := float64(len(studies))
	r.weight = make([]float64, len(r.names))
	for f, name := range r.names {
		r.weight[f] = weights[name[0]] * (1 + math.Log(n/float64(len(r.index[f]))))
	}
	for _, fs := range r.feats {
		slices.SortFunc(fs, func(a, b int32) int {
			return cmp.Or(len(r.index[a])-len(r.index[b]), strings.Compare(r.names[a], r.names[b]))
		})
	}
	r.scratch.New = func() any { return &scores{score: make([]float64, len(studies))} }
	return r
}

// of returns the related case studies of study i.
func (r *relations) of(i int) []*Study {
	sc := r.scratch.Get().(*scores)
	defer r.scratch.Put(sc)
	score, touched := sc.score, sc.touched[:0]
	for _, f := range r.feats[i] {
		post := r.index[f]
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
			score[j] += r.weight[f]
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
	var out []*Study
	for k, j := range top {
		if k >= minRelated && score[j] < score[top[0]]/2 {
			break
		}
		out = append(out, r.studies[j])
	}
	for _, j := range touched {
		score[j] = 0
	}
	sc.touched = touched
	return out
}

// Place returns the study's place in studies, its Site's Studies, found
// without a search or a map; ok is false when it is not one of them (a
// Study of another Site, or made outside Assemble).
func (st *Study) Place(studies []*Study) (i int, ok bool) {
	if st.rel == nil || st.num >= len(studies) || studies[st.num] != st {
		return 0, false
	}
	return st.num, true
}

// Related returns three to five related case studies, best first: the
// close ones, filled up with the next best when fewer are close.
func (st *Study) Related() []*Study {
	st.relOnce.Do(func() {
		if st.rel != nil {
			st.related = st.rel.of(st.num)
		}
	})
	return st.related
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
