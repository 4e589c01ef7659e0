package search

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// The tokeniser cuts a text into words with a bitmap of its separators (the
// ASCII characters other than letters and digits, see isASCIISep), computed
// eight bytes at a time, instead of testing byte by byte where each word
// ends: a loop whose end is mispredicted at nearly every word, as words'
// lengths vary. From the bitmap of 64 bytes, the words' bounds (a byte
// that is a separator where the one before it is not, or the other way
// round) are a bitmap too, whose set bits are written out as positions
// (boundsOf): a loop of seven instructions a bound, whose end is
// mispredicted about once a block, not once a word.

// wordBounds is where the words of a text are: the kth word is
// text[bounds[2*k]:bounds[2*k+1]].
type wordBounds struct {
	bounds []int32
}

// cut finds the words of text and returns how many there are. A word is
// a run of bytes other than separators (bytes of 0x80 and more are no
// separators). The text must be shorter than 2 GB.
func (wb *wordBounds) cut(text string) int {
	// The whole blocks go in chunks of up to 64 blocks: their bitmaps
	// first (sepBlocks), then their bounds (boundsOf), with room made for
	// all of them before. A word's start and end alternate from the
	// text's start, which counts as a separator (carry: the byte before
	// the block is one).
	n, carry := 0, uint64(1)
	b, whole := 0, len(text)&^63
	var seps [64]uint64
	for b < whole {
		chunk := text[b:min(whole, b+64*len(seps))]
		blocks := seps[:len(chunk)/64]
		sepBlocks(blocks, chunk)
		wb.room(n + len(chunk))
		var k int
		k, carry = boundsOf(wb.bounds[n:n+len(chunk)], blocks, carry, b)
		n += k
		b += len(chunk)
	}
	// the rest, fewer than 64 bytes (maybe none): the zero bytes after the
	// text end its last word
	wb.room(n + 64)
	tail := [1]uint64{sepTail(text[b:])}
	k, _ := boundsOf(wb.bounds[n:n+64], tail[:], carry, b)
	return (n + k) / 2
}

// pairs is wb.bounds as pairs: the kth word is text[pairs[k][0]:pairs[k][1]].
func (wb *wordBounds) pairs() [][2]int32 {
	if len(wb.bounds) < 2 {
		return nil
	}
	return unsafe.Slice((*[2]int32)(unsafe.Pointer(&wb.bounds[0])), len(wb.bounds)/2)
}

// room makes room in wb for n bounds, keeping those it has.
func (wb *wordBounds) room(n int) {
	if len(wb.bounds) < n {
		size := max(2*len(wb.bounds), n, 512)
		wb.bounds = append(wb.bounds, make([]int32, size-len(wb.bounds))...)
	}
}

// boundsOfGo writes the places of the word bounds of the blocks whose
// separator bitmaps are seps, the first at base in the text, to out (one
// a byte at most: out has room for them) and returns how many there are
// and the carry for the next block. carry: the byte before the first
// block is a separator. It is boundsOf in Go: the one for other processors
// and -tags purego, and the reference for the one in assembly.
func boundsOfGo(out []int32, seps []uint64, carry uint64, base int) (int, uint64) {
	n := 0
	for _, sep := range seps {
		// bit i: byte base+i is a separator and byte base+i-1 not, or
		// the other way round
		m := sep ^ (sep<<1 | carry)
		for ; m != 0; m &= m - 1 {
			out[n] = int32(base + bits.TrailingZeros64(m))
			n++
		}
		carry = sep >> 63
		base += 64
	}
	return n, carry
}

// sepBlock is the bitmap of the separators of the first 64 bytes of s.
func sepBlock(s string) uint64 {
	_ = s[63]
	return gather(sepMask(load8(s[0:]))) |
		gather(sepMask(load8(s[8:])))<<8 |
		gather(sepMask(load8(s[16:])))<<16 |
		gather(sepMask(load8(s[24:])))<<24 |
		gather(sepMask(load8(s[32:])))<<32 |
		gather(sepMask(load8(s[40:])))<<40 |
		gather(sepMask(load8(s[48:])))<<48 |
		gather(sepMask(load8(s[56:])))<<56
}

// sepBlocksGo is sepBlocks in Go, eight bytes at a time: the one for
// other processors, and the reference for the one in assembly.
func sepBlocksGo(seps []uint64, text string) {
	for k := range seps {
		seps[k] = sepBlock(text[64*k:])
	}
}

// sepTail is sepBlock of the last bytes of a text, fewer than 64, and zero
// bytes after them, which are separators: the last word ends there.
func sepTail(s string) uint64 {
	var tail [64]byte
	copy(tail[:], s)
	var m uint64
	for w := range 8 {
		m |= gather(sepMask(binary.LittleEndian.Uint64(tail[8*w:]))) << (8 * w)
	}
	return m
}

// sepMask has the top bit (0x80) set in each byte of x that is a separator
// and no other bits. A byte is tested with additions that carry into its
// top bit: for y < 0x80, y+(0x80-lo) has it set if y >= lo, and
// y+(0x7f-hi) if y > hi. No addition carries into the next byte.
func sepMask(x uint64) uint64 {
	const ones, top = 0x0101010101010101, 0x8080808080808080
	y := x &^ top               // the low 7 bits of each byte
	l := y | 0x2020202020202020 // letters lower cased
	letter := (l + (0x80-'a')*ones) &^ (l + (0x7f-'z')*ones)
	digit := (y + (0x80-'0')*ones) &^ (y + (0x7f-'9')*ones)
	return ^(letter | digit | x) & top // x: a byte of 0x80 or more is no separator
}

// gather moves the top bit of each byte of m, which has no other bits set,
// to bit 0 to 7 of the result, byte k's to bit k: the multiplication adds
// byte k's bit, at bit 8k, at bit 56+k, and nothing else at bits 56 to 63.
func gather(m uint64) uint64 {
	return (m >> 7) * 0x0102040810204080 >> 56
}
