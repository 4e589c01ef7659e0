//go:build !purego

package search

// sepBlocks sets seps[k] to the bitmap of the separators of the kth block
// of 64 bytes of text, which has len(seps) blocks: sepBlock with SSE2,
// sixteen bytes at a time (a letter, a digit and a byte of 0x80 or more
// each found with a subtraction and an unsigned minimum), in about a
// third of the instructions. TestSepBlocks compares the two.
//
//go:noescape
func sepBlocks(seps []uint64, text string)

// boundsOf is boundsOfGo in assembly: seven instructions a bound, with
// the loops' variables in registers. TestBoundsOf compares the two.
//
//go:noescape
func boundsOf(out []int32, seps []uint64, carry uint64, base int) (int, uint64)
