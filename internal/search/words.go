package search

import (
	"encoding/binary"
	"math/bits"
)

// The tokeniser cuts a text into words with a bitmap of its separators (the
// ASCII characters other than letters and digits, see isASCIISep), computed
// eight bytes at a time, instead of testing byte by byte where each word
// ends: a loop whose end is mispredicted at nearly every word, as words'
// lengths vary. A word's start and end are then the next clear and the next
// set bit, found with one count of trailing zeros each.

// separators returns the bitmap of text's separators, in buf if it is large
// enough: bit i%64 of element i/64 is set if text[i] is a separator. Every
// bit past the end of text is set, and it has an element more than text
// needs (all set), so that bitsFrom can read 64 bits from any place in text
// or at its end, and every word ends within it.
func separators(text string, buf []uint64) []uint64 {
	n := len(text)/64 + 2
	if cap(buf) < n {
		buf = make([]uint64, n+n/2)
	}
	bm := buf[:n]
	k := 0
	for ; 64*k+64 <= len(text); k++ {
		bm[k] = sepBlock(text[64*k : 64*k+64])
	}
	var tail [64]byte // zero bytes are separators
	copy(tail[:], text[64*k:])
	var b uint64
	for w := range 8 {
		b |= gather(sepMask(binary.LittleEndian.Uint64(tail[8*w:]))) << (8 * w)
	}
	bm[k], bm[k+1] = b, ^uint64(0)
	return bm
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

// bitsFrom returns 64 bits of bm from bit p on (bit k of the result is
// bit p+k of bm). Element p/64+1 must be in bm.
func bitsFrom(bm []uint64, p int) uint64 {
	k, s := p>>6, uint(p&63)
	return bm[k]>>s | bm[k+1]<<1<<(63-s) // <<1<<(63-s): no shift by 64 when s is 0
}

// nextWord returns the first word at or after p of a text n bytes long whose
// separators are seps: text[i:j], or i == j == n if there is none. p must
// be at most n.
func nextWord(seps []uint64, p, n int) (i, j int) {
	for { // the bits past n are set: a clear bit is a byte of a word
		if w := ^bitsFrom(seps, p); w != 0 {
			p += bits.TrailingZeros64(w)
			break
		}
		if p += 64; p >= n { // 64 separators in a row, or the end
			return n, n
		}
	}
	for i = p; ; p += 64 { // over 64 bytes only for a word of 64 or more
		if w := bitsFrom(seps, p); w != 0 {
			return i, p + bits.TrailingZeros64(w)
		}
	}
}
