//go:build !purego

package search

// fast is fastGo in assembly: 48 instructions for a word where the
// compiler's code takes about 70, mostly for want of registers. Fuzzed
// against fastGo by FuzzFast.
//
//go:noescape
func fast(q *batch, text string, pairs [][2]int32, masks *[keyBytes + 1]wordKey) int

// atHome is atHomeGo in assembly: 20 instructions a word found where the
// compiler's code takes 27. TestAtHome compares the two.
//
//go:noescape
func atHome(q *batch, entries []sharedEntry, vals *[lookAhead]int32) uint32
