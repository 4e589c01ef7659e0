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
// round) are a bitmap too, whose set bits are written out as positions,
// sixteen at a time without a branch on how many there are.

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
	// first (sepBlocks), then their bounds, with room made for all of
	// them before, so that the loop over the bounds calls nothing (with a
	// call in it, the loop kept its variables in memory). A word's start
	// and end alternate from the text's start, which counts as a
	// separator (carry: the byte before the block is one).
	n, carry := 0, uint64(1)
	b, whole := 0, len(text)&^63
	var seps [64]uint64
	for b < whole {
		chunk := text[b:min(whole, b+64*len(seps))]
		blocks := seps[:len(chunk)/64]
		sepBlocks(blocks, chunk)
		wb.room(n + len(chunk))
		bounds := wb.bounds
		for _, sep := range blocks {
			// bit i: byte b+i is a separator and byte b+i-1 not, or
			// the other way round
			n += putBits(bounds[n:], int32(b), sep^(sep<<1|carry))
			carry = sep >> 63
			b += 64
		}
	}
	// the rest, fewer than 64 bytes (maybe none): the zero bytes after the
	// text end its last word
	wb.room(n)
	sep := sepTail(text[b:])
	n += putBits(wb.bounds[n:], int32(b), sep^(sep<<1|carry))
	return n / 2
}

// pairs is wb.bounds as pairs: the kth word is text[pairs[k][0]:pairs[k][1]].
func (wb *wordBounds) pairs() [][2]int32 {
	if len(wb.bounds) < 2 {
		return nil
	}
	return unsafe.Slice((*[2]int32)(unsafe.Pointer(&wb.bounds[0])), len(wb.bounds)/2)
}

// maxBlockBounds is room enough in wordBounds for the bounds of a block of
// 64 bytes: at most one a byte, and putBits writes up to 16 more.
const maxBlockBounds = 64 + 16

// room makes room in wb for the bounds of a block after the first n,
// keeping those.
func (wb *wordBounds) room(n int) {
	if len(wb.bounds) < n+maxBlockBounds {
		size := max(2*len(wb.bounds), n+maxBlockBounds, 512)
		wb.bounds = append(wb.bounds, make([]int32, size-len(wb.bounds))...)
	}
}

// putBits writes base plus the place of every set bit of m to out, in
// order, and returns how many there are. It writes sixteen places whatever
// their number (past the last, garbage), so that the usual block, with at
// most sixteen, takes no branch on it; out must have room for them. (Each
// place is counted with bit 63 set, which changes none but that of a
// garbage place: then no test for zero is needed.)
func putBits(out []int32, base int32, m uint64) int {
	n := bits.OnesCount64(m)
	o := (*[16]int32)(out)
	put := func(k int) { // written out sixteen times: no loop steps
		o[k] = base + int32(bits.TrailingZeros64(m|1<<63))
		m &= m - 1
	}
	put(0)
	put(1)
	put(2)
	put(3)
	put(4)
	put(5)
	put(6)
	put(7)
	put(8)
	put(9)
	put(10)
	put(11)
	put(12)
	put(13)
	put(14)
	put(15)
	for k := 16; m != 0; k++ {
		out[k] = base + int32(bits.TrailingZeros64(m))
		m &= m - 1
	}
	return n
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

// sepBlocks sets seps[k] to the bitmap of the separators of the kth block
// of 64 bytes of text, which has len(seps) blocks.
func sepBlocks(seps []uint64, text string) {
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
