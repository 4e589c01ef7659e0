package search

import (
	"encoding/binary"
	"math/bits"
)

// The tokeniser cuts a text into words with a bitmap of its separators (the
// ASCII characters other than letters and digits, see isASCIISep), computed
// eight bytes at a time, instead of testing byte by byte where each word
// ends: a loop whose end is mispredicted at nearly every word, as words'
// lengths vary. From the bitmap of 64 bytes, the words' starts (a byte
// other than a separator after a separator) and ends (a separator after
// another byte) are bitmaps too, whose set bits are written out as
// positions, eight at a time without a branch on how many there are.

// wordBounds is where the words of a text are: the kth word is
// text[starts[k]:ends[k]].
type wordBounds struct {
	starts, ends []int32
}

// cut finds the words of text and returns how many there are. A word is
// a run of bytes other than separators (bytes of 0x80 and more are no
// separators). The text must be shorter than 2 GB.
func (wb *wordBounds) cut(text string) int {
	// The starts and ends of a block may differ by one, for a word that
	// goes on in the next block: ns and ne count them apart. carry: the
	// byte before the block is a separator (the text's start counts as one).
	ns, ne, carry := 0, 0, uint64(1)
	for b := 0; ; b += 64 {
		if len(wb.starts) < ns+maxBlockWords {
			wb.grow(ns)
		}
		var sep uint64
		if b+64 <= len(text) {
			sep = sepBlock(text[b : b+64])
		} else {
			sep = sepTail(text[b:])
		}
		prev := sep<<1 | carry // bit i: byte b+i-1 is a separator
		carry = sep >> 63
		ns += putBits(wb.starts[ns:], int32(b), ^sep&prev)
		ne += putBits(wb.ends[ne:], int32(b), sep&^prev)
		if b+64 > len(text) {
			return ne // == ns: the zero bytes after the text end its last word
		}
	}
}

// maxBlockWords is room enough in wordBounds for the words of a block of
// 64 bytes: at most 32 start or end in it, and putBits writes up to 8 more.
const maxBlockWords = 32 + 8

// grow makes room for maxBlockWords more starts and ends after the first
// n, which it keeps.
func (wb *wordBounds) grow(n int) {
	size := max(2*len(wb.starts), n+maxBlockWords, 256)
	wb.starts = append(wb.starts[:n], make([]int32, size-n)...)
	wb.ends = append(wb.ends[:n], make([]int32, size-n)...)
}

// putBits writes base plus the place of every set bit of m to out, in
// order, and returns how many there are. It writes eight places whatever
// their number (past the last, garbage), so that the usual block, with at
// most eight, takes no branch on it; out must have room for them.
func putBits(out []int32, base int32, m uint64) int {
	n := bits.OnesCount64(m)
	o := out[:8]
	for k := range o {
		o[k] = base + int32(bits.TrailingZeros64(m))
		m &= m - 1
	}
	for k := 8; m != 0; k++ {
		out[k] = base + int32(bits.TrailingZeros64(m))
		m &= m - 1
	}
	return n
}

// sepBlock is the bitmap of the separators of a block of 64 bytes.
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
