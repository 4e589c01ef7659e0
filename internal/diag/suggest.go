package diag

import (
	"fmt"
	"strings"
)

// DidYouMean returns ` (did you mean "x"?)` for the option closest to s, or ""
// when none is close enough to be a likely typo. Closeness is the edit distance
// (with transpositions), allowed to grow with the length of the word.
func DidYouMean(s string, options []string) string {
	best, bestDist := "", -1
	for _, o := range options {
		d := distance(strings.ToLower(s), strings.ToLower(o))
		if bestDist < 0 || d < bestDist || (d == bestDist && o < best) {
			best, bestDist = o, d
		}
	}
	limit := max(1, min(len([]rune(s)), len([]rune(best)))/3)
	if bestDist < 0 || bestDist > limit || best == s {
		if best != "" && strings.HasPrefix(best, s) && len(s) >= 3 {
			return fmt.Sprintf(" (did you mean %q?)", best)
		}
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// OneOf formats the allowed values for a message: `"a", "b" or "c"`.
func OneOf(options []string) string {
	q := make([]string, len(options))
	for i, o := range options {
		q[i] = fmt.Sprintf("%q", o)
	}
	if len(q) <= 1 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// distance is the optimal string alignment distance between a and b, in runes.
func distance(a, b string) int {
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
