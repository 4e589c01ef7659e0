//go:build !amd64 || purego

package search

// fast is fastGo (see fast_amd64.go).
func fast(q *batch, text string, pairs [][2]int32, masks *[keyBytes + 1]wordKey) int {
	return fastGo(q, text, pairs, masks)
}

// atHome is atHomeGo (see fast_amd64.go).
func atHome(q *batch, entries []sharedEntry, vals *[lookAhead]int32) uint32 {
	return atHomeGo(q, entries, vals)
}
