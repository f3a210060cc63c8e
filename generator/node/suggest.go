package node

import (
	"fmt"
	"strings"
)

// Suggest returns a "did you mean" hint naming the candidate closest to word,
// or "" when none is close enough: at most one edit for short words, two for
// words of six letters or more, three for twelve or more. what, when not
// empty, names the kind of thing ("key").
func Suggest(word string, candidates []string, what string) string {
	hint, best := suggest(word, candidates)
	switch {
	case hint == "":
		return ""
	case what != "":
		return fmt.Sprintf("did you mean the %s %q?", what, best)
	}
	return hint
}

// suggest returns the hint and the candidate it names, or "" and "".
func suggest(word string, candidates []string) (hint, best string) {
	best, bestDist := "", -1
	lw := strings.ToLower(word)
	for _, c := range candidates {
		dist := Distance(lw, strings.ToLower(c))
		if bestDist < 0 || dist < bestDist {
			best, bestDist = c, dist
		}
	}
	limit := 1
	if n := len([]rune(word)); n >= 12 {
		limit = 3
	} else if n >= 6 {
		limit = 2
	}
	if bestDist < 0 || bestDist > limit {
		return "", ""
	}
	return fmt.Sprintf("did you mean %q?", best), best
}

// Distance is the optimal-string-alignment edit distance between a and b:
// insertions, deletions, substitutions and swaps of two neighbours each cost one.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
