//go:build !amd64 || purego

package search

// fast is fastGo (see fast_amd64.go).
func fast(q *batch, text string, pairs [][2]int32, masks *[keyBytes + 1]wordKey) int {
	return fastGo(q, text, pairs, masks)
}
