//go:build !amd64 || purego

package search

// sepBlocks sets seps[k] to the bitmap of the separators of the kth block
// of 64 bytes of text, which has len(seps) blocks (see sep_amd64.go).
func sepBlocks(seps []uint64, text string) { sepBlocksGo(seps, text) }

// boundsOf is boundsOfGo (see sep_amd64.go).
func boundsOf(out []int32, seps []uint64, carry uint64, base int) (int, uint64) {
	return boundsOfGo(out, seps, carry, base)
}
